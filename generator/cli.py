"""The `balises` command line: a thin shell over the library. Messages are French; exit codes are stable:
0 success, 1 invalid data, 2 usage error."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import diagnostics as diag
from . import outputs
from .diagnostics import nearest
from .layout import REGIONS
from .terminal import inert
from .validate import validate

if TYPE_CHECKING:
    from .model import Guidance

# The commands import what they need when they run: `balises validate` on 10,000 actors must not pay for the
# PDF, site and server libraries (about a quarter of a second).


class _Parser(argparse.ArgumentParser):
    """argparse with its messages in French and exit code 2 on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = (
            message.replace("the following arguments are required", "arguments obligatoires manquants")
            .replace("unrecognized arguments", "arguments non reconnus")
            .replace("invalid choice", "choix invalide")
            .replace("choose from", "choix possibles :")
            .replace("expected one argument", "une valeur est attendue")
        )
        self.print_usage(sys.stderr)
        self.exit(2, f"balises : erreur : {message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (format AAAA-MM-JJ)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="balises",
        description="Balises : le programme « 1000 premiers jours » en données validées, logigrammes et répertoires.",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="afficher la pile d'appels en cas d'erreur interne"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)
    commands.required = True
    check = commands.add_parser("validate", help="charger et valider toutes les données")
    _dataset_options(check)
    check.add_argument("--json", action="store_true", help="diagnostics au format JSON (pour les outils)")
    check.add_argument("--strict", action="store_true", help="traiter les avertissements comme des erreurs")
    check.set_defaults(run=_validate)

    build = commands.add_parser(
        "build", help="valider et construire le site : pages, logigrammes, répertoires, exports, recherche"
    )
    _dataset_options(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="dossier de sortie (défaut : site)")
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="adresse publique du site (pour le pied de page et le QR code des PDF)",
    )
    build.add_argument(
        "--keep-docs",
        type=Path,
        metavar="DOSSIER",
        help="garder le projet MkDocs généré (mkdocs.yml, docs/, overrides/) dans ce dossier",
    )
    build.add_argument(
        "--previous",
        metavar="VERSION",
        help="la publication précédente (dossier ou révision git) : ajoute la page « Nouveautés »",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="ne rien afficher sauf les erreurs")
    build.set_defaults(run=_build)

    export = commands.add_parser("export", help="exporter les acteurs (CSV, JSON ou Open Referral HSDS)")
    _dataset_options(export)
    export.add_argument("--format", required=True, choices=("csv", "json", "hsds"), help="format de l'export")
    export.add_argument("--territory", metavar="ID", help="seulement les acteurs de ce territoire")
    export.add_argument(
        "--out",
        type=Path,
        help="fichier (csv, json) ou dossier (hsds) à écrire ; défaut : la sortie standard",
    )
    export.set_defaults(run=_export)

    report = commands.add_parser(
        "report", help="lacunes de couverture, fiches anciennes et saturation, par territoire"
    )
    _dataset_options(report)
    report.add_argument("--territory", metavar="ID", help="seulement ce territoire")
    report.add_argument("--json", action="store_true", help="rapport au format JSON")
    report.set_defaults(run=_report)

    compare = commands.add_parser(
        "diff", help="ce qui a changé entre deux versions des données (dossiers ou révisions git)"
    )
    compare.add_argument(
        "old", metavar="ANCIEN", help="dossier du jeu de données, ou révision git (ex. v2026.10)"
    )
    compare.add_argument(
        "new", metavar="NOUVEAU", help="dossier du jeu de données, ou révision git (ex. HEAD)"
    )
    compare.add_argument("--json", action="store_true", help="résultat au format JSON")
    compare.set_defaults(run=_diff)

    scaffold = commands.add_parser(
        "new-territory", help="créer un territoire : sa fiche, son dossier d'acteurs et son logigramme"
    )
    scaffold.add_argument("id", metavar="ID", help="identifiant du territoire (minuscules, chiffres, tirets)")
    scaffold.add_argument("--name", required=True, help="nom du territoire, en français")
    scaffold.add_argument("--region", required=True, choices=REGIONS, help="la région")
    scaffold.add_argument(
        "--communes",
        nargs="*",
        default=[],
        metavar="COMMUNE[=CP,CP]",
        help="les communes, avec leurs codes postaux (ex. Jette=1090 « Berchem-Sainte-Agathe=1082 »)",
    )
    scaffold.add_argument(
        "--root", type=Path, default=Path("."), help="dossier du jeu de données (défaut : .)"
    )
    scaffold.set_defaults(run=_new_territory)

    preview = commands.add_parser(
        "serve", help="aperçu en direct sur 127.0.0.1, reconstruit à chaque modification des données"
    )
    _dataset_options(preview)
    preview.add_argument(
        "--port", type=int, default=8000, help="port local (défaut : 8000 ; 0 : un port libre)"
    )
    preview.add_argument(
        "--dossier",
        type=Path,
        default=Path(".build") / "apercu",
        metavar="DOSSIER",
        help="dossier de travail de l'aperçu (défaut : .build/apercu)",
    )
    preview.add_argument("-q", "--quiet", action="store_true", help="n'afficher que les erreurs")
    preview.set_defaults(run=_serve)

    route_ = commands.add_parser(
        "route", help="parcourir le logigramme pour une situation : strate, scénario, acteurs"
    )
    _dataset_options(route_)
    route_.add_argument("--territory", metavar="ID", help="le territoire (ou --postcode)")
    route_.add_argument(
        "--postcode", metavar="CODE", help="le code postal de la famille : trouve son territoire"
    )
    route_.add_argument(
        "--commune", metavar="NOM", help="la commune de la famille : nomme les services de sa commune (CPAS…)"
    )
    route_.add_argument("--period", metavar="P", help="la période : prenatal, postnatal ou petite-enfance")
    route_.add_argument(
        "--indicators",
        default="",
        metavar="a,b",
        help="les indicateurs KCE présents, séparés par des virgules",
    )
    route_.add_argument("--refus", action="store_true", help="refus répété des soins et de l'accompagnement")
    route_.add_argument("--danger", action="store_true", help="danger identifié pour la vie de l'enfant")
    route_.add_argument(
        "--depistage",
        choices=("fait", "a-faire", "refuse", "hors-fenetre"),
        help="le dépistage BIB : fait (par défaut), a-faire, refuse, hors-fenetre (pas dépistée, fenêtre passée)",
    )
    route_.add_argument("--depistage-refuse", action="store_true", help="alias de --depistage refuse")
    route_.add_argument(
        "--naissance-moins-8-jours",
        choices=("oui", "non"),
        help="en période postnatale : la naissance date-t-elle de moins de 8 jours (fenêtre du dépistage) ?",
    )
    route_.add_argument(
        "--coordinateur-designe",
        action="store_true",
        help="un coordinateur des soins et de l'aide est désigné",
    )
    route_.add_argument(
        "--sans-medecin-traitant", action="store_true", help="la famille n'a pas de médecin traitant"
    )
    route_.add_argument("--stratum", metavar="S", help="la strate fixée par le jugement du professionnel")
    route_.add_argument("--json", action="store_true", help="résultat au format JSON")
    route_.set_defaults(run=_route)
    from .importer import command as importer  # small: reads the input's libraries (openpyxl) only when run

    importer.add_parser(commands)
    return parser


def _dataset_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--root", type=Path, default=Path("."), help="dossier du jeu de données (défaut : .)"
    )
    command.add_argument(
        "--today",
        type=_date,
        default=None,
        help="date de référence pour les fiches anciennes (AAAA-MM-JJ ; défaut : aujourd'hui)",
    )


def _say(quiet: bool) -> Callable[[str], None]:
    """Progress messages, on standard output unless -q."""
    return (lambda _text: None) if quiet else (lambda text: print(inert(text), flush=True))


def _load(root: Path, today: date | None = None) -> Guidance | None:
    """The model, or None after printing why the data cannot be used."""
    from .pipeline import load_model

    loaded = load_model(root, today=today)
    if loaded.guidance is None:
        errors = [d for d in loaded.validation.diagnostics if d.is_error]
        print(diag.format_text(errors), file=sys.stderr)
        print(diag.summary(errors, loaded.validation.dataset.checked), file=sys.stderr)
        print("balises : données invalides, corrigez-les d'abord (balises validate).", file=sys.stderr)
    return loaded.guidance


def _known_territory(guidance: Guidance, wanted: str | None) -> bool:
    """True when `wanted` (a --territory filter) is absent or names a territory; else says so and gives False."""
    known = [t.id for t in guidance.territories]
    if wanted is None or wanted in known:
        return True
    near = nearest(wanted, known)
    hint = f" Vouliez-vous dire « {near} » ?" if near else f" Territoires connus : {', '.join(known)}."
    print(f"balises : territoire inconnu « {wanted} ».{hint}", file=sys.stderr)
    return False


def _export(args: argparse.Namespace) -> int:
    from . import export, hsds
    from .writer import write_file, write_tree

    if args.format == "hsds" and args.out is None:
        print("balises : erreur : l'export hsds écrit un dossier : indiquez --out DOSSIER", file=sys.stderr)
        return 2
    if args.format == "hsds":
        out = outputs.claim_folder(args.out, "--out", "hsds", args.root)
    elif args.out is not None:
        out = outputs.claim_file(args.out, "--out", args.root)
    guidance = _load(args.root, args.today)
    if guidance is None or not _known_territory(guidance, args.territory):
        return 1
    territory = args.territory
    actors = export.select_actors(guidance, territory)
    if args.format == "hsds":
        title = "Répertoire « 1000 premiers jours »" + (
            f" — {guidance.territory(territory).name}" if territory else ""
        )
        write_tree(out, hsds.package(actors, guidance, title), "balises export --format hsds")
        named = sum(1 for a in actors if not a.generic)
        print(
            f"Paquet HSDS écrit dans {args.out} : {named} organisation(s) "
            f"({len(actors) - named} entrée(s) générique(s) non exportée(s)).",
            file=sys.stderr,
        )
        return 0
    text = export.to_json(actors) if args.format == "json" else export.to_csv(actors, guidance)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_file(out, text)
    return 0


def _build(args: argparse.Namespace) -> int:
    from . import diff, pipeline, versions
    from .publish import PublishError

    started = time.perf_counter()
    out = outputs.claim_folder(args.out, "--out", "site", args.root)  # before any work: a refusal is at once
    keep_docs = args.keep_docs and outputs.claim_folder(args.keep_docs, "--keep-docs", "projet", args.root)
    if keep_docs:
        outputs.disjoint(out, keep_docs, "--out et --keep-docs")
    guidance = _load(args.root, args.today)
    if guidance is None:
        return 1
    say = _say(args.quiet)
    say(
        f"Données valides : {len(guidance.territories)} territoire(s), {len(guidance.actors)} acteur(s) "
        f"({time.perf_counter() - started:.1f} s)."
    )
    base_url = args.base_url.rstrip("/") + "/" if args.base_url else None
    epoch = pipeline.source_date_epoch(guidance, dict(os.environ))
    today = args.today or (
        datetime.fromtimestamp(epoch, UTC).date() if "SOURCE_DATE_EPOCH" in os.environ else date.today()
    )
    news = None
    if args.previous:
        with contextlib.ExitStack() as stack:
            previous = _version(args.previous, args.root, stack)
            if previous is None:
                return 1
            news = diff.render_news(
                diff.diff(previous, guidance),
                guidance,
                f"la version « {versions.shown_name(args.previous)} »",
            )
    try:
        built = pipeline.build_site(
            guidance,
            args.root,
            out,
            today,
            epoch,
            base_url,
            keep_docs,
            Path(".build") / "cache" / "graphviz",
            step=lambda name, seconds, detail: say(f"  {name} : {detail} ({seconds:.1f} s)"),
            news=news,
        )
    except PublishError as exc:
        print(inert(f"balises : {exc}"), file=sys.stderr)
        if exc.details:
            print(inert(exc.details), file=sys.stderr)
        print(f"balises : le site précédent ({args.out}) est resté inchangé.", file=sys.stderr)
        return 1
    smallest = min(
        (p.min_font_pt for key, pages in built.outputs.printed.items() if key.endswith("A3") for p in pages),
        default=0,
    )
    say(
        f"Site construit dans {args.out} en {time.perf_counter() - started:.1f} s : {built.docs} fichier(s) "
        f"source ; plus petit texte des logigrammes A3 : {smallest} pt."
    )
    return 0


def _version(spec: str, root: Path, stack: contextlib.ExitStack) -> Guidance | None:
    """The model of a dataset given as a folder or as a git revision of the repository at `root`."""
    from . import versions

    try:
        folder = versions.dataset_folder(spec, root, stack)
    except versions.VersionError as exc:
        print(inert(f"balises : {exc}"), file=sys.stderr)
        return None
    return _load(folder)


def _diff(args: argparse.Namespace) -> int:
    from . import diff

    with contextlib.ExitStack() as stack:
        old = _version(args.old, Path("."), stack)
        new = _version(args.new, Path("."), stack) if old else None
        if old is None or new is None:
            return 1
        found = diff.diff(old, new)
    if args.json:
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(inert(diff.format_text(found)))
    return 0


def _new_territory(args: argparse.Namespace) -> int:
    from . import scaffold
    from .writer import write_file

    if not scaffold.ID.match(args.id):
        print(
            f"balises : identifiant invalide « {args.id} » : minuscules, chiffres et tirets "
            "(ex. wal-namur ou bxl-nord).",
            file=sys.stderr,
        )
        return 2
    try:
        communes = [scaffold.parse_commune(c) for c in args.communes] or [
            scaffold.NewCommune("À compléter", ())
        ]
    except ValueError as exc:
        print(f"balises : {exc}", file=sys.stderr)
        return 2
    files = scaffold.new_territory(args.id, args.name, args.region, communes, date.today())
    existing = [rel for rel in files if (args.root / rel).exists()]
    if existing or (args.root / "actors" / args.id).exists():
        print(
            f"balises : le territoire « {args.id} » existe déjà ({', '.join(existing) or 'actors/' + args.id}).",
            file=sys.stderr,
        )
        return 1
    for rel, text in files.items():
        write_file(args.root / rel, text)
    print(f"Territoire « {args.name} » créé :")
    for rel in files:
        print(f"  {rel}")
    result = validate(args.root)
    errors = [d for d in result.diagnostics if d.is_error]
    warnings = [d for d in result.diagnostics if not d.is_error and d.file in files]
    print(f"Validation : {len(errors)} erreur(s), {len(warnings)} avertissement(s) sur ces fichiers.")
    if warnings:
        print(diag.format_text(warnings))
    print(
        "Ensuite : complétez ces fichiers, puis `balises validate` et `balises serve` pour voir le résultat."
    )
    return 1 if errors else 0


def _serve(args: argparse.Namespace) -> int:
    from . import serve

    if not 0 <= args.port < 65536:
        print(
            f"balises : port invalide « {args.port} » (entre 1 et 65535, ou 0 pour un port libre).",
            file=sys.stderr,
        )
        return 2
    say = _say(args.quiet)
    work = serve.claim_work(args.dossier, args.root)
    preview = serve.Preview(args.root.resolve(), work, args.today or date.today(), say)
    try:
        server = serve.start_server(preview, args.port)
    except OSError as exc:
        print(
            f"balises : impossible d'écouter sur 127.0.0.1:{args.port} ({exc.strerror}). "
            f"Essayez un autre port : balises serve --port {args.port + 1}",
            file=sys.stderr,
        )
        return 1
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"Aperçu de {args.root} sur {url} — construction…", flush=True)
    try:
        ready = preview.rebuild([]).state == "ok"
        print(
            f"Aperçu {'prêt' if ready else 'lancé, avec les erreurs affichées dans la page'} : {url} "
            "(Ctrl+C pour arrêter). Chaque modification des données le reconstruit.",
            flush=True,
        )
        serve.watch(preview)
    except KeyboardInterrupt:
        print("Aperçu arrêté.")
    finally:
        preview.stop_search()
        server.shutdown()
        server.server_close()
    return 0


def _route(args: argparse.Namespace) -> int:
    from . import local_services, postcodes, route, route_text

    if args.territory is None and args.postcode is None:
        print(
            "balises : erreur : indiquez le territoire (--territory ID) ou le code postal (--postcode CODE).",
            file=sys.stderr,
        )
        return 2
    guidance = _load(args.root, args.today)
    if guidance is None:
        return 1
    try:
        place = None if args.postcode is None else postcodes.resolve(guidance, args.postcode, args.territory)
    except postcodes.PostcodeError as exc:
        print(inert(f"balises : {exc}"), file=sys.stderr)
        return 2 if exc.usage else 1
    situation = route.Situation(
        territory=place.territory.id if place else args.territory,
        period=args.period,
        indicators=tuple(i.strip() for i in args.indicators.split(",") if i.strip()),
        refus=args.refus,
        danger=args.danger,
        depistage=args.depistage or ("refuse" if args.depistage_refuse else "fait"),
        stratum=args.stratum,
        birth_within_7_days={"oui": True, "non": False}.get(args.naissance_moins_8_jours or ""),
        coordinator=args.coordinateur_designe,
        no_gp=args.sans_medecin_traitant,
    )
    if args.depistage_refuse and args.depistage not in (None, "refuse"):
        print(
            f"balises : --depistage-refuse contredit --depistage {args.depistage} : gardez-en un seul.",
            file=sys.stderr,
        )
        return 2
    try:
        result = route.walk(guidance, situation)
        result = local_services.for_route(
            guidance, situation.territory, result, place and place.code, args.commune
        )
    except route.RouteError as exc:
        print(inert(f"balises : {exc}"), file=sys.stderr)
        return 2 if isinstance(exc, route.ContradictionError) else 1
    if args.json:
        found = {"code_postal": place.to_dict()} if place else {}
        print(json.dumps({**result.to_dict(), **found}, ensure_ascii=False, indent=2))
    else:
        preamble = place.format_text() if place else ""  # after the urgent block: danger comes first
        text = route_text.format_text(guidance, result, preamble) + local_services.contacts_text(result)
        sys.stdout.write(inert(text))
    return 0


def _report(args: argparse.Namespace) -> int:
    from . import coverage

    guidance = _load(args.root, args.today)
    if guidance is None or not _known_territory(guidance, args.territory):
        return 1
    territory = args.territory
    today = args.today or date.today()
    territories = [guidance.territory(territory)] if territory else list(guidance.territories)
    reports = [coverage.report(guidance, t, today) for t in territories]
    if args.json:
        print(json.dumps({"territoires": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(inert(coverage.format_report(guidance, reports)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    result = validate(args.root, today=args.today)
    found = result.diagnostics
    if args.json:
        print(diag.to_json(found))
    else:
        if found:
            print(diag.format_text(found))
        print(diag.summary(found, result.dataset.checked))
    failed = not result.ok or (args.strict and found)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except outputs.Refused as exc:  # an output path or a revision Balises will not use: nothing was changed
        print(inert(f"balises : {exc}"), file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours, never the user's data: say so plainly
        if args.traceback:
            traceback.print_exc()
        print(
            f"balises : erreur interne ({type(exc).__name__}: {exc}). "
            "Relancez avec --traceback et signalez le problème.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
