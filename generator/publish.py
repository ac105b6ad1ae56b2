"""The publish stage: a docs tree (Markdown pages and assets) → a built, searchable static site in `site/`.

The site engine is a replaceable last step (DESIGN §5): we write a plain MkDocs project — `mkdocs.yml`, `docs/`,
`overrides/` — into a staging folder, run `mkdocs build --strict` there, index the HTML with Pagefind, and only
then swap the result into place. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import csp, outputs, site_settings
from .writer import fill, staging_folder, swap_in
from .yamlsource import read_yaml

CSS = "assets/balises.css"
SITE_COMMAND = "balises build"  # what the marker of a built site says (outputs.MARKER)
DOCS_COMMAND = "balises build --keep-docs"
HOOK = "hooks/balises_parallele.py"  # MkDocs builds a large site's pages in one process per CPU (engine/)


class PublishError(Exception):
    """The site engine failed; `details` holds its own output."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class DocsTree:
    files: dict[str, str | bytes]  # path under docs/ → content
    nav: list[Any]  # MkDocs `nav`, explicit (actor pages stay out of it: DESIGN §9)
    not_in_nav: str  # gitignore-style patterns of pages reached only through links


def read_config(root: Path) -> dict[str, Any]:
    """The publisher's `mkdocs.yml` at the dataset root (site name, colours…)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise PublishError(
            f"{path} : fichier introuvable. Copiez le mkdocs.yml du dépôt Balises à la racine du jeu de données."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PublishError(f"{path} : lecture impossible ({exc.strerror}).") from None
    result = read_yaml(raw, path.name)  # as the data: no alias, no tag, duplicate keys refused
    errors = [d for d in result.diagnostics if d.is_error]
    if errors and errors[0].code == "fichier-vide":
        raise PublishError(
            f"{path} : fichier vide. Copiez le mkdocs.yml du dépôt Balises à la racine du jeu de données."
        )
    if errors or result.document is None:
        first = errors[0]
        raise PublishError(
            f"{first.location().replace(path.name, str(path), 1)} : {first.message} → {first.hint}"
        )
    config = result.document.data
    if not isinstance(config, dict):
        raise PublishError(f"{path} : une table de réglages (clé: valeur) est attendue.")
    try:
        site_settings.check(config)
    except site_settings.SettingError as error:
        raise PublishError(site_settings.message(error, path, result.document)) from None
    return config


def project_config(config: dict[str, Any], docs: DocsTree) -> dict[str, Any]:
    """The publisher's settings completed with what the generator owns (paths, nav, templates, search)."""
    theme = {**config.get("theme", {}), "name": "material", "custom_dir": "overrides"}
    theme.update(site_settings.inert_theme(theme))  # Material prints the toggles' names raw
    theme.setdefault("language", "fr")
    theme["font"] = False  # never Google Fonts, whatever the publisher wrote
    extra = {**config.get("extra", {}), "generator": False}
    extra_css = [*config.get("extra_css", []), CSS]
    return {
        **config,
        **site_settings.inert_texts(config),  # Material prints them raw
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": theme,
        "extra": extra,
        "extra_css": extra_css,
        "plugins": [],  # Material's lunr search does not fold accents: Pagefind indexes the built HTML instead
        "hooks": [HOOK],
        "nav": docs.nav,
        "not_in_nav": docs.not_in_nav,
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
    }


def theme_files() -> dict[str, bytes]:
    """Balises' template overrides and static assets, from the package."""
    files: dict[str, bytes] = {}
    package = resources.files("generator")
    for folder, prefix in (("theme", "overrides"), ("static", "docs/assets"), ("engine", "hooks")):
        for item in _walk(package / folder):
            files[f"{prefix}/{item[0]}"] = item[1]
    return files


def _walk(node: Any, prefix: str = "") -> list[tuple[str, bytes]]:
    found = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            found += _walk(child, f"{prefix}{child.name}/")
        elif not child.name.startswith("."):
            found.append((f"{prefix}{child.name}", child.read_bytes()))
    return found


def project_files(config: dict[str, Any], docs: DocsTree) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"docs/{path}": content for path, content in docs.files.items()}
    files.update(theme_files())
    files[csp.META_PARTIAL] = csp.meta_tag()
    files["mkdocs.yml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    return files


def _engine_env(epoch: int) -> dict[str, str]:
    """The environment of MkDocs and Pagefind: reproducible dates, no notice about MkDocs 2."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}


def mkdocs_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", *options]


def pagefind_command(site: str, *options: str) -> list[str]:
    return [
        *(sys.executable, "-m", "pagefind", "--site", site, "--silent"),
        *("--exclude-selectors", ".headerlink"),  # the « ¶ » permalinks of headings
        *options,
    ]


def publish(
    project: dict[str, str | bytes],
    out: Path,
    epoch: int,
    keep_docs: Path | None = None,
) -> None:
    """Build the MkDocs project into `out` (atomically), with the Pagefind index. `out` and `keep_docs` must have
    been claimed (outputs.claim_folder); they are checked again just before they are replaced."""
    staging = staging_folder(out, SITE_COMMAND)
    try:
        fill(staging / "projet", project)
        env = _engine_env(epoch)
        _run(
            mkdocs_command(
                "--strict", "-f", "projet/mkdocs.yml"
            ),  # not -q: it would hide the warnings --strict counts
            staging,
            env,
            "La construction du site par MkDocs a échoué",
        )
        _run(
            pagefind_command("projet/site"),
            staging,
            env,
            "L'indexation de la recherche par Pagefind a échoué",
        )
        (staging / "projet" / "site").rename(staging / "site")
        outputs.mark(staging / "site", SITE_COMMAND)
        if keep_docs is not None:  # moved, not copied: on a large site the copy cost seconds
            outputs.replaceable(keep_docs, "--keep-docs", "projet")
            outputs.mark(staging / "projet", DOCS_COMMAND)
            shutil.rmtree(keep_docs, ignore_errors=True)
            keep_docs.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / "projet", keep_docs)
        outputs.replaceable(out, "--out", "site")
        swap_in(staging / "site", out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_DIRTY_NOISE = ("A 'dirty' build is being performed", "The directory contains stale files")


def rebuild(project: Path, epoch: int, dirty: bool) -> list[str]:
    """Build the MkDocs project kept in `project` into `project/site`, for the live preview; returns MkDocs'
    warnings. A dirty build renders only the pages whose Markdown is newer than their HTML; a full one is
    built beside and swapped in (keeping the search index of the previous site until a new one replaces it)."""
    env = _engine_env(epoch)
    site = project / "site"
    if dirty and site.is_dir():
        output = _run(mkdocs_command("--dirty", "-f", "mkdocs.yml"), project, env, "MkDocs a échoué")
    else:
        staging = staging_folder(site, SITE_COMMAND)
        try:
            output = _run(
                mkdocs_command("-f", "mkdocs.yml", "-d", str(staging)), project, env, "MkDocs a échoué"
            )
            if (site / "pagefind").is_dir():
                shutil.copytree(site / "pagefind", staging / "pagefind")
            swap_in(staging, site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return [
        line.strip()
        for line in output.splitlines()
        if line.startswith(("WARNING", "ERROR")) and not any(noise in line for noise in _DIRTY_NOISE)
    ]


def _run(command: list[str], cwd: Path, env: dict[str, str], failure: str) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PublishError(f"{failure} (code {done.returncode}).", engine_details(done.stdout + done.stderr))
    return done.stdout + done.stderr


_MISSING_LINK = re.compile(
    r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target '[^']+' is not found"
)


def engine_details(output: str) -> str:
    """The engine's output for the user: its progress lines dropped, each broken link explained in French."""
    lines = []
    for line in output.strip().splitlines():
        if line.startswith("INFO"):
            continue
        lines.append(line)
        found = _MISSING_LINK.search(line)
        if found:
            lines.append(
                f"  → la page « {found['page']} » contient le lien « {found['link']} », qui ne mène à aucune page"
                " du site. Ce lien vient d'un texte libre des données (description, note…) : corrigez-le ou"
                " retirez-le dans le fichier YAML de cette fiche."
            )
    return "\n".join(lines)
