"""`balises import`: read, plan, validate the dataset as it would be, then show the diff or write."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from .. import diagnostics as diag
from ..layout import REGIONS
from ..schemas import SchemaSet
from ..terminal import inert
from ..validate import validate
from ..writer import write_file
from .annuaire import read_annuaire
from .hsds_in import read_hsds
from .plan import Change, Settings, plan
from .records import Record, https_url
from .tables import read_mapping, read_table


def add_parser(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "import",
        help="créer des fiches acteurs depuis un tableur, un paquet HSDS ou l'annuaire social bruxellois",
    )
    command.add_argument(
        "fichier", type=Path, metavar="FICHIER", help="le fichier (ou le dossier du paquet HSDS) à importer"
    )
    command.add_argument(
        "--format", required=True, choices=("csv", "xlsx", "hsds", "annuaire"), help="format du fichier"
    )
    command.add_argument(
        "--territory",
        required=True,
        metavar="ID",
        help="territoire ou région : les fiches vont dans actors/ID/",
    )
    command.add_argument(
        "--mapping",
        type=Path,
        metavar="FICHIER",
        help="correspondance colonne → champ (YAML), pour csv et xlsx",
    )
    command.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="ID",
        help="type d'acteur des fiches qui n'en donnent pas (répétable)",
    )
    command.add_argument("--source", metavar="URL", type=_https,
                         help="page (https://…) où les coordonnées ont été lues, pour les fiches qui ne la donnent pas")  # fmt: skip
    command.add_argument("--dry-run", action="store_true", help="montrer les changements sans rien écrire")
    command.add_argument(
        "--force", action="store_true", help="remplacer aussi les fiches modifiées à la main"
    )
    command.add_argument(
        "--root", type=Path, default=Path("."), help="dossier du jeu de données (défaut : .)"
    )
    command.set_defaults(run=run)


def _https(value: str) -> str:
    if not https_url(value):
        raise argparse.ArgumentTypeError(f"« {value} » n'est pas une adresse https://…")
    return value


def _territories(root: Path) -> list[str]:
    return sorted({*REGIONS, *(p.stem for p in (root / "content" / "territories").glob("*.yaml"))})


def _usage(message: str) -> int:
    print(inert(f"balises : erreur : {message}"), file=sys.stderr)
    return 2


def _read(args: argparse.Namespace) -> tuple[list[Record], list[diag.Diagnostic]]:
    if args.format == "hsds":
        return read_hsds(args.fichier)
    if args.format == "annuaire":
        return read_annuaire(args.fichier)
    mapping, found = read_mapping(args.mapping) if args.mapping else ({}, [])
    if found:
        return [], found
    return read_table(args.fichier, args.format, mapping)


def _report(found: list[diag.Diagnostic]) -> None:
    if found:
        print(diag.format_text(found), file=sys.stderr)


def _staged_validation(root: Path, changes: list[Change]) -> list[diag.Diagnostic]:
    """The errors `balises validate` would report once the changes are written (in a copy of the dataset)."""
    with tempfile.TemporaryDirectory(prefix="balises-import-") as tmp:
        copy = Path(tmp)
        for name in ("content", "actors", "logigrams"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, symlinks=True)
        for change in changes:
            (copy / change.rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / change.rel).write_text(change.new, encoding="utf-8")
        return [d for d in validate(copy).diagnostics if d.is_error]


def _to_input(found: list[diag.Diagnostic], changes: list[Change]) -> list[diag.Diagnostic]:
    """A problem in a file the import would write, told at the record's row of the imported file (the file does
    not exist yet): « repertoire.csv:3:1: … (champ /phone) »."""
    by_file = {c.rel: c.record for c in changes}
    told = []
    for d in found:
        record = by_file.get(d.file)
        if record is None:
            told.append(d)
            continue
        field = f" (champ {d.pointer})" if d.pointer else ""
        message = f"{record.ref}{field} : {d.message}"
        told.append(
            dataclasses.replace(
                d, file=record.file, line=record.line, column=1 if record.line else 0, message=message
            )
        )
    return told


def _diff(change: Change) -> str:
    old = (change.old or "").splitlines(keepends=True)
    lines = difflib.unified_diff(
        old,
        change.new.splitlines(keepends=True),
        "/dev/null" if change.old is None else f"a/{change.rel}",
        f"b/{change.rel}",
    )
    return "".join(lines)


def _safe_target(root: Path, rel: str) -> bool:
    """The file is inside actors/<territoire>/ once links are resolved, and not itself a link."""
    path = root / rel
    folder = (root / "actors").resolve()
    return not path.is_symlink() and path.parent.resolve(strict=False).parent == folder


def _refusal(args: argparse.Namespace) -> str | None:
    """Why the command line cannot be run as given (a usage error), or None."""
    root: Path = args.root
    if not (root / "actors").is_dir() or not (root / "content").is_dir():
        return f"{root} n'est pas un jeu de données Balises (ni content/ ni actors/) : indiquez --root"
    if args.territory not in _territories(root):
        return f"territoire inconnu « {args.territory} » ; possibles : {', '.join(_territories(root))}"
    if not args.fichier.exists():
        return f"fichier introuvable : {args.fichier}"
    if args.format != "hsds" and not args.fichier.is_file():
        return f"{args.fichier} n'est pas un fichier : indiquez le fichier à importer"
    return None


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    refusal = _refusal(args)
    if refusal:
        return _usage(refusal)
    records, found = _read(args)
    order = tuple(SchemaSet().documents["actor.schema.json"]["properties"])
    settings = Settings(
        args.territory, tuple(args.type), args.force, date.today().isoformat(), order, args.source
    )
    changes, planned = plan(root, records, settings)
    found += planned
    _report(found)
    if any(d.is_error for d in found):
        print(
            "balises : import refusé, rien n'a été écrit : corrigez le fichier importé (ou utilisez les options indiquées).",
            file=sys.stderr,
        )
        return 1
    changed = [c for c in changes if c.new != c.old]
    unsafe = [c.rel for c in changed if not _safe_target(root, c.rel)]
    if unsafe:
        return _usage(f"chemin refusé (lien symbolique ou hors de actors/) : {', '.join(unsafe)}")
    errors = _staged_validation(root, changed) if changed else []
    if errors:
        _report(_to_input(errors, changed))
        print(
            "balises : le jeu de données ne serait pas valide après l'import : rien n'a été écrit.",
            file=sys.stderr,
        )
        return 1
    for change in changed:
        if args.dry_run:
            sys.stdout.write(inert(_diff(change)))
        else:
            write_file(root / change.rel, change.new)
    created = sum(1 for c in changed if c.old is None)
    print(inert(f"Import de {args.fichier.name} dans actors/{args.territory}/ : {len(records)} fiche(s) lue(s) ; "
                f"{created} créée(s), {len(changed) - created} modifiée(s), {len(changes) - len(changed)} inchangée(s)."
                + (" Essai à blanc : rien n'a été écrit." if args.dry_run else "")))  # fmt: skip
    return 0
