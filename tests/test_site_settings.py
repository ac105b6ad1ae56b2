"""The dataset's `mkdocs.yml` is as inert as the data: only an allow-list of publisher settings is accepted, the
texts reach every page as text, shown as typed, and the Content-Security-Policy is the first element of <head>."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import MINI, copy_dataset
from sitebuild import HOSTILE_SETTINGS, HOSTILE_TOGGLE_NAME

from generator import csp
from generator.cli import main

SETTINGS = (MINI / "mkdocs.yml").read_text(encoding="utf-8")


def _build(root: Path, out: Path) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "-q", "--today", "2026-11-24"])


@pytest.mark.parametrize(
    "extra, said",
    [
        ("extra_javascript: [x.js]\n", "« extra_javascript » est refusé"),
        ("edit_uri: 'javascript:alert(1)'\n", "le réglage « edit_uri » n'est pas accepté par Balises"),
        ("theme_extra: 1\n", "« theme_extra » n'est pas accepté par Balises. Réglages possibles : site_name"),
        ("site_url: 'javascript:alert(1)'\n", "« site_url » doit être une adresse https://"),
        ("repo_url: 'https://a.example/\" onmouseover=\"x'\n", "« repo_url » doit être une adresse https://"),
        ("site_name: [1]\n", "« site_name » doit être un texte"),
        (
            "extra_css: [https://evil.example/x.css]\n",
            "« extra_css » : « https://evil.example/x.css » n'est pas",
        ),
        ("extra_css: [//evil.example/x.css]\n", "« extra_css » : « //evil.example/x.css »"),
        ("extra_css: [../../x.css]\n", "« extra_css » : « ../../x.css »"),
        ("extra_css: [a/../../x.css]\n", "« extra_css » : « a/../../x.css »"),
    ],
    ids=[
        *("extra_javascript", "edit_uri", "unknown", "site_url", "repo_url quote", "name not text"),
        *("css other host", "css protocol-relative", "css parent", "css parent inside"),
    ],
)
def test_a_refused_top_level_setting_stops_the_build_with_its_name(
    tmp_path: Path, capsys, extra: str, said: str
):
    root = copy_dataset(MINI, tmp_path / "data")
    key = extra.split(":", 1)[0]
    text = re.sub(rf"^{key}:.*\n", "", SETTINGS, flags=re.M)  # replace the shipped value, not a duplicate key
    (root / "mkdocs.yml").write_text(text + extra, encoding="utf-8")
    assert _build(root, tmp_path / "site") == 1
    err = capsys.readouterr().err
    line = len(text.splitlines()) + 1
    assert said in err and re.search(rf"mkdocs\.yml:{line}:\d+ : ", err) and "retirez ce réglage" in err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "changes, said",
    [
        (
            {"theme": {"icon": {"logo": "material/home"}}},
            "« theme.icon » est refusé (Material en fait un style",
        ),
        ({"theme": {"custom_dir": "x"}}, "« theme.custom_dir » est refusé"),
        (
            {"theme": {"logo": "https://evil.example/l.png"}},
            "« theme.logo » : « https://evil.example/l.png »",
        ),
        ({"theme": {"favicon": "//evil.example/f.png"}}, "« theme.favicon » : « //evil.example/f.png »"),
        ({"theme": {"logo": 'a.png" onerror="alert(1)'}}, "« theme.logo »"),
        ({"theme": {"language": "../../x"}}, "« theme.language » : « ../../x » n'est pas accepté"),
        (
            {"theme": {"palette": [{"scheme": "slate"}, 3]}},
            "« theme.palette » doit être une table, ou une liste",
        ),
        ({"theme": {"palette": {"primary": 'x"><script>'}}}, "« theme.palette.primary »"),
        (
            {"theme": {"palette": [{"toggle": {"icon": "../../../x"}}]}},
            "« theme.palette.toggle.icon » : « ../../",
        ),
        ({"theme": {"palette": [{"media": '"><script>'}]}}, "« theme.palette.media »"),
        (
            {"theme": {"palette": {"toggle": {"title": "x"}}}},
            "« theme.palette.toggle.title » n'est pas accepté",
        ),
        ({"theme": {"features": ['x"><script>']}}, "« theme.features »"),
        (
            {"extra": {"analytics": {"provider": "google", "property": "G-X"}}},
            "« extra.analytics » est refusé",
        ),
        ({"extra": {"consent": {"title": "<script>alert(1)</script>"}}}, "« extra.consent » est refusé"),
        ({"extra": {"social": [{"link": "javascript:alert(1)"}]}}, "« extra.social » est refusé"),
        ({"extra": {"alternate": [{"link": "javascript:alert(1)"}]}}, "« extra.alternate » est refusé"),
        ({"extra": {"homepage": "javascript:alert(1)"}}, "« extra.homepage » est refusé"),
        ({"extra": {"scope": '"><script>'}}, "« extra.scope » est refusé"),
        ({"extra": {"noindex": "<script>"}}, "« extra.noindex » doit valoir true ou false"),
    ],
    ids=[
        *("icon", "custom_dir", "logo other host", "favicon protocol-relative", "logo quote", "language"),
        *("palette list of numbers", "palette markup", "toggle icon", "palette media", "toggle unknown key"),
        *("feature markup", "analytics", "consent"),
        *("social", "alternate", "homepage", "scope", "noindex not a boolean"),
    ],
)
def test_a_refused_theme_or_extra_setting_stops_the_build_with_its_name(
    tmp_path: Path, capsys, changes, said
):
    root = copy_dataset(MINI, tmp_path / "data")
    config = yaml.safe_load(SETTINGS)
    for table, values in changes.items():
        config[table] = {**config[table], **values}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert _build(root, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert said in err and re.search(r"mkdocs\.yml:\d+:\d+ : ", err) and "erreur interne" not in err
    assert not (tmp_path / "site").exists()


def test_a_refused_setting_is_located_at_its_key(tmp_path: Path, capsys):
    root = copy_dataset(MINI, tmp_path / "data")
    text = SETTINGS.replace("extra:\n", "extra:\n  analytics:\n    provider: google\n", 1)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  analytics:") + 1
    assert _build(root, tmp_path / "site") == 1
    assert f"mkdocs.yml:{line}:3 : le réglage « extra.analytics » est refusé" in capsys.readouterr().err


class _Head(HTMLParser):
    """The elements of a page, the scripts' text, and the text of the title, header, nav and footer places."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.head: list[str] = []
        self.scripts: list[str] = []
        self._in_head = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append(tag + ("[charset]" if ("charset", "utf-8") in attrs else ""))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False
        if tag == "head":
            self._in_head = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif data.strip():
            self.texts.append(" ".join(data.split()))


def _parsed(path: Path) -> _Head:
    page = _Head()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_hostile_settings_bring_no_element_and_no_script_into_any_page(hostile_settings_site: Path) -> None:
    pages = sorted(hostile_settings_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = _parsed(path)
        assert [tag for tag, _ in page.elements if tag in ("i", "b", "img")] == [], path
        assert not any(name.startswith("on") for _, attrs in page.elements for name in attrs), path
        assert [script for script in page.scripts if "alert(" in script] == [], path


@pytest.mark.parametrize("key", sorted(HOSTILE_SETTINGS))
def test_each_text_setting_shows_as_typed_once_escaped(hostile_settings_site: Path, key: str) -> None:
    """`&`, `<` and `"` show as typed, in the text and in the attributes (not `&amp;amp;`, not markup)."""
    page = _parsed(hostile_settings_site / "strates" / "index.html")
    typed = " ".join(HOSTILE_SETTINGS[key].split())
    shown = page.texts + [value for _, attrs in page.elements for value in attrs.values()]
    assert any(typed in text for text in shown), key
    assert [
        text for text in shown if "&amp;" in text or "&lt;" in text or "&quot;" in text
    ] == []  # not twice


def test_the_title_header_and_menu_show_the_site_name_as_typed(hostile_settings_site: Path) -> None:
    page = _parsed(hostile_settings_site / "strates" / "index.html")
    name = HOSTILE_SETTINGS["site_name"]
    assert page.texts.count(name) >= 2  # the header and the menu
    assert any(text.endswith(f"- {name}") for text in page.texts)  # the <title>
    assert [attrs["title"] for tag, attrs in page.elements if "md-logo" in attrs.get("class", "")] == [
        name
    ] * 2


def test_the_policy_is_the_first_element_of_head_on_every_page(hostile_settings_site: Path) -> None:
    """So that whatever follows it in <head>, even markup a future setting would bring, is under the policy."""
    for path in sorted(hostile_settings_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        page = _parsed(path)
        assert page.head[:2] == ["meta", "meta[charset]"], path
        first = next(attrs for tag, attrs in page.elements if tag == "meta")
        assert first == {"http-equiv": "Content-Security-Policy", "content": csp.meta_policy()}, path
        assert html.find('<meta charset="utf-8">') < 1024, path  # browsers look for the charset there


def test_the_palette_toggles_name_shows_as_typed(hostile_settings_site: Path) -> None:
    page = _parsed(hostile_settings_site / "strates" / "index.html")
    name = HOSTILE_TOGGLE_NAME
    titles = [
        attrs.get("title") for tag, attrs in page.elements if attrs.get("for", "").startswith("__palette")
    ]
    assert titles == [name, name]
