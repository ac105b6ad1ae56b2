"""The publisher's settings in the dataset's `mkdocs.yml`, held to what is as inert as the data (DESIGN §10).

`mkdocs.yml` belongs to the dataset: anyone who can propose a change to the data can edit it. Material prints
most settings raw into every page, and some of them add scripts, links or requests to other hosts. So only the
settings below are accepted, each with a shape that can carry no markup, no script and no other host; the texts
are HTML-escaped before Material prints them (`inert_texts`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .yamlsource import YamlDocument

TEXTS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
URLS = ("site_url", "repo_url")
# Overridden by `publish.project_config` whatever the publisher writes: harmless.
OVERRIDDEN = ("strict", "use_directory_urls")
TOP_LEVEL = (*TEXTS, *URLS, *OVERRIDDEN, "theme", "extra", "extra_css", "markdown_extensions")
THEME = ("name", "language", "font", "palette", "features", "logo", "favicon")
PALETTE = (
    "scheme",
    "primary",
    "accent",
    "media",
    "toggle",
)  # one table, or a list of them (light/dark toggle)
TOGGLE = ("icon", "name")
EXTRA = ("generator", "noindex")  # the only `extra` keys Balises' templates read

# Why a setting Material knows is refused (the others are simply unknown to Balises).
WHY = {
    "hooks": "un hook MkDocs exécute du code Python à chaque construction",
    "INHERIT": "INHERIT fait lire un autre fichier de réglages, hors du jeu de données",
    "extra_javascript": "le site n'exécute que les scripts de Balises (politique de sécurité du contenu)",
    "plugins": "les extensions MkDocs exécutent du code ; Balises fournit lui-même la recherche",
    "theme.icon": "Material en fait un style en ligne, que la politique de sécurité du contenu interdit",
    "theme.custom_dir": "les gabarits sont ceux de Balises ; un autre dossier ferait exécuter ses scripts",
    "extra.analytics": "il ajoute un script en ligne et des requêtes de mesure d'audience vers un autre site",
    "extra.consent": "son titre et sa description seraient insérés tels quels, comme du HTML",
    "extra.social": "ses liens pourraient être des liens javascript: ou mener vers un autre site",
    "extra.alternate": "ses liens pourraient être des liens javascript:",
    "extra.homepage": "le lien du logo pourrait être un lien javascript:",
    "extra.scope": "sa valeur serait insérée telle quelle dans chaque page",
}

_URL = re.compile(r"https?://[^\s\"'<>`\\]+\Z")
_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*\Z")  # site-relative: no scheme, no quote, no space
_WORD = re.compile(r"[a-z][a-z0-9 \-]*\Z")
_FEATURE = re.compile(r"[a-z]+(\.[a-z]+)*\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2,4})?\Z")
_MEDIA = re.compile(r"[a-z0-9():\- ]+\Z")
_ICON = re.compile(r"[a-z0-9\-]+/[a-z0-9\-]+\Z")  # a file of Material's .icons/ folder, nothing above it


class SettingError(ValueError):
    """A setting Balises refuses: the message says which one and what to do (without the file's path); `where`
    is the path of the refused value in the file (of its key when `key` is true), to give its line:column."""

    def __init__(self, message: str, where: tuple[str | int, ...] = (), key: bool = False) -> None:
        super().__init__(message)
        self.where = where
        self.key = key


def check(config: dict[str, Any]) -> None:
    """Refuse every setting outside the allow-list, and every value that could carry markup or another host."""
    _only(config, TOP_LEVEL, ())
    for key in TEXTS:
        if key in config and not isinstance(config[key], str):
            raise SettingError(f"« {key} » doit être un texte.", (key,))
    for key in URLS:
        if key in config and not (isinstance(config[key], str) and _URL.match(config[key])):
            raise SettingError(
                f"« {key} » doit être une adresse https:// (ou http://) sans espace ni guillemet.", (key,)
            )
    _theme(_table(config, "theme"))
    extra = _table(config, "extra")
    _only(extra, EXTRA, ("extra",))
    for key, value in extra.items():
        if not isinstance(value, bool):
            raise SettingError(f"« extra.{key} » doit valoir true ou false.", ("extra", key))
    value = config.get("extra_css", [])
    if not isinstance(value, list):
        raise SettingError("« extra_css » doit être une liste de chemins de fichiers.", ("extra_css",))
    for index, item in enumerate(value):
        _site_path(item, ("extra_css", index))
    _extensions(config.get("markdown_extensions", []))


# Markdown extensions that only change how Markdown is written: none reads a file or runs code.
MARKDOWN_EXTENSIONS = frozenset(
    {"tables", "attr_list", "admonition", "def_list", "md_in_html", "toc", "abbr", "footnotes", "sane_lists"}
    | {"pymdownx.details", "pymdownx.superfences", "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark"}
)


def _extensions(value: Any) -> None:
    """`markdown_extensions`: names (or one-key tables, name → options) from the short list only."""
    if not isinstance(value, list):
        raise SettingError("« markdown_extensions » doit être une liste.", ("markdown_extensions",))
    for index, item in enumerate(value):
        name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else item
        if not isinstance(name, str):
            raise SettingError(
                "« markdown_extensions » : un nom d'extension est attendu.", ("markdown_extensions", index)
            )
        if name not in MARKDOWN_EXTENSIONS:
            raise SettingError(
                f"l'extension Markdown « {name} » n'est pas acceptée (certaines lisent des fichiers ou exécutent"
                f" du code). Extensions possibles : {', '.join(sorted(MARKDOWN_EXTENSIONS))}.",
                ("markdown_extensions", index),
            )


def _theme(theme: dict[str, Any]) -> None:
    """The `theme` table: Material's own settings that print no markup and load nothing from another host."""
    _only(theme, THEME, ("theme",))
    if "language" in theme:
        _matching(theme["language"], _LANGUAGE, ("theme", "language"), "un code de langue comme « fr »")
    for key in ("logo", "favicon"):
        if key in theme:
            _site_path(theme[key], ("theme", key))
    _palette(theme.get("palette", {}))
    features = theme.get("features", [])
    if not isinstance(features, list):
        raise SettingError("« theme.features » doit être une liste.", ("theme", "features"))
    for index, item in enumerate(features):
        _matching(item, _FEATURE, ("theme", "features", index), "des noms comme « navigation.top »")


def inert_texts(config: dict[str, Any]) -> dict[str, str]:
    """The texts Material prints raw into every page, HTML-escaped once: they show as typed."""
    return {key: escape_text(config[key]) for key in TEXTS if isinstance(config.get(key), str)}


def escape_text(text: str) -> str:
    """`&`, `<`, `>` and `"` as entities (`'` is kept: every attribute of the templates is double-quoted)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def message(error: SettingError, path: Path, document: YamlDocument) -> str:
    line, column = document.locate(error.where, key=error.key)
    return f"{path}:{line}:{column} : {error} Corrigez ou retirez ce réglage dans mkdocs.yml."


def _dotted(where: tuple[str | int, ...]) -> str:
    """The setting's name as the messages give it: `theme.palette.primary`, `extra_css` (list indexes dropped)."""
    return ".".join(part for part in where if isinstance(part, str))


def _only(table: dict[str, Any], allowed: tuple[str, ...], parent: tuple[str | int, ...]) -> None:
    for key in table:
        name = _dotted((*parent, key))
        if key in allowed:
            continue
        if name in WHY:
            raise SettingError(f"le réglage « {name} » est refusé ({WHY[name]}).", (*parent, key), key=True)
        raise SettingError(
            f"le réglage « {name} » n'est pas accepté par Balises. Réglages possibles"
            f"{' dans « ' + _dotted(parent) + ' »' if parent else ''} : {', '.join(allowed)}.",
            (*parent, key),
            key=True,
        )


def _table(config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key, {})
    if not isinstance(value, dict):
        raise SettingError(f"« {key} » doit être une table de réglages (clé: valeur).", (key,))
    return value


def inert_theme(theme: dict[str, Any]) -> dict[str, Any]:
    """The names of the palette's toggle buttons, which Material prints raw, HTML-escaped once."""
    palette = theme.get("palette")
    if not isinstance(palette, list):
        return {}
    return {"palette": [_inert_option(option) for option in palette]}


def _inert_option(option: dict[str, Any]) -> dict[str, Any]:
    toggle = option.get("toggle")
    if not isinstance(toggle, dict) or not isinstance(toggle.get("name"), str):
        return option
    return {**option, "toggle": {**toggle, "name": escape_text(toggle["name"])}}


def _palette(value: Any) -> None:
    options = value if isinstance(value, list) else [value]
    for index, option in enumerate(options):
        where: tuple[str | int, ...] = (
            ("theme", "palette", index) if isinstance(value, list) else ("theme", "palette")
        )
        if not isinstance(option, dict):
            raise SettingError("« theme.palette » doit être une table, ou une liste de tables.", where)
        _palette_option(option, where)


def _palette_option(option: dict[str, Any], where: tuple[str | int, ...]) -> None:
    _only(option, PALETTE, where)
    for key in ("scheme", "primary", "accent"):
        if key in option:
            _matching(option[key], _WORD, (*where, key), "un nom de couleur comme « custom » ou « indigo »")
    if "media" in option:
        _matching(
            option["media"], _MEDIA, (*where, "media"), "une requête comme « (prefers-color-scheme: dark) »"
        )
    toggle = option.get("toggle", {})
    if not isinstance(toggle, dict):
        raise SettingError("« theme.palette.toggle » doit être une table (icon, name).", (*where, "toggle"))
    _only(toggle, TOGGLE, (*where, "toggle"))
    if "icon" in toggle:
        _matching(
            toggle["icon"], _ICON, (*where, "toggle", "icon"), "une icône comme « material/brightness-7 »"
        )
    if not isinstance(toggle.get("name", ""), str):
        raise SettingError("« theme.palette.toggle.name » doit être un texte.", (*where, "toggle", "name"))


def _site_path(value: Any, where: tuple[str | int, ...]) -> None:
    """A file of the site: a relative path without scheme, `//` or `..` (nothing from another host)."""
    parts = value.split("/") if isinstance(value, str) else []
    if not (isinstance(value, str) and _PATH.match(value) and "//" not in value and ".." not in parts):
        raise SettingError(
            f"« {_dotted(where)} » : « {value} » n'est pas un chemin de fichier du site. Indiquez un chemin"
            " relatif comme « assets/logo.svg » (sans http:, sans //, sans ..).",
            where,
        )


def _matching(value: Any, pattern: re.Pattern[str], where: tuple[str | int, ...], expected: str) -> None:
    if not (isinstance(value, str) and pattern.match(value)):
        raise SettingError(
            f"« {_dotted(where)} » : « {value} » n'est pas accepté ; attendu : {expected}.", where
        )
