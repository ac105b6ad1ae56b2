"""The `balises` command line: a thin shell over the library. Messages are French; exit codes are stable:
0 success, 1 invalid data, 2 usage error."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import diagnostics as diag
from .validate import validate


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
    check.add_argument("--root", type=Path, default=Path("."), help="dossier du jeu de données (défaut : .)")
    check.add_argument("--json", action="store_true", help="diagnostics au format JSON (pour les outils)")
    check.add_argument("--strict", action="store_true", help="traiter les avertissements comme des erreurs")
    check.set_defaults(run=_validate)
    return parser


def _validate(args: argparse.Namespace) -> int:
    result = validate(args.root)
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
