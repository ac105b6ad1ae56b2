"""The live preview: a rebuild touches only what the change touches, errors are served to the page with their
file and line, and the previous valid site stays in place meanwhile."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from generator import csp, serve
from generator.cli import main
from generator.load import load_dataset
from generator.writer import sync

TODAY = date.today()  # as `new-territory` dates what it writes: a verification date after it is an error
ACTOR = "actors/bruxelles/aquarelle.yaml"


def test_sync_rewrites_only_changed_files_and_removes_vanished_ones(tmp_path: Path) -> None:
    folder = tmp_path / "projet"
    first = sync(folder, {"docs/a.md": "A", "docs/b.md": "B", "mkdocs.yml": b"x"}, keep="site")
    assert sorted(first.written) == ["docs/a.md", "docs/b.md", "mkdocs.yml"]
    (folder / "site").mkdir()
    (folder / "site/index.html").write_text("built", encoding="utf-8")
    os.utime(folder / "docs/a.md", ns=(1, 1))
    second = sync(folder, {"docs/a.md": "A", "docs/c.md": "C", "mkdocs.yml": b"y"}, keep="site")
    assert sorted(second.written) == ["docs/c.md", "mkdocs.yml"]
    assert second.removed == ("docs/b.md",)
    assert (folder / "docs/a.md").stat().st_mtime_ns == 1  # untouched: a dirty build skips it
    assert (folder / "site/index.html").read_text(encoding="utf-8") == "built"


def test_snapshot_sees_edits_new_and_deleted_files(mini: Path) -> None:
    before = serve.snapshot(mini)
    assert ACTOR in before and "mkdocs.yml" in before
    (mini / ACTOR).write_text((mini / ACTOR).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (mini / "actors/bruxelles/nouveau.yaml").write_text("id: nouveau\n", encoding="utf-8")
    (mini / "actors/bruxelles/brusano.yaml").unlink()
    found = serve.changes(before, serve.snapshot(mini))
    assert found == [ACTOR, "actors/bruxelles/brusano.yaml", "actors/bruxelles/nouveau.yaml"]


@pytest.fixture
def preview(mini: Path, tmp_path: Path) -> serve.Preview:
    said: list[str] = []
    built = serve.Preview(mini, tmp_path / "apercu" / "travail", TODAY, said.append)
    built.said = said  # type: ignore[attr-defined]
    assert built.rebuild([]).state == "ok"
    return built


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rebuilds_only_the_pages_it_touches(preview: serve.Preview) -> None:
    actor_page = preview.site / "acteurs/aquarelle/index.html"
    other_page = preview.site / "acteurs/brusano/index.html"
    untouched = other_page.stat().st_mtime_ns
    _edit(preview.root / ACTOR, 'name: "Aquarelle"', 'name: "Aquarelle (horaires modifiés)"')
    status = preview.rebuild([ACTOR])
    assert status.state == "ok" and status.generation == 2
    assert "Aquarelle (horaires modifiés)" in actor_page.read_text(encoding="utf-8")
    assert other_page.stat().st_mtime_ns == untouched  # a page the change does not touch is not rebuilt
    assert "reconstruction partielle" in preview.said[-1]  # type: ignore[attr-defined]
    menu = _menu(
        actor_page.read_text(encoding="utf-8")
    )  # pages the dirty build did not read keep their titles
    assert "None" not in menu and {"Territoires", "Référence des champs", "Catalogue des erreurs"} <= set(
        menu
    )


def _menu(page: str) -> list[str]:
    return [
        " ".join(m.split()) for m in re.findall(r'<span class="md-ellipsis">(.*?)</span>', page, re.DOTALL)
    ]


def test_broken_data_keeps_the_last_valid_site_and_reports_file_and_line(preview: serve.Preview) -> None:
    page = (preview.site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8")
    _edit(preview.root / ACTOR, 'name: "Aquarelle"', 'name: "Aquarelle": centre')
    status = preview.rebuild([ACTOR])
    assert status.state == "erreurs" and status.generation == 1
    (found,) = status.problems
    assert found["file"] == ACTOR and found["line"] == 3 and found["code"] == "yaml-syntaxe"
    assert found["hint"]  # what to write instead
    assert (preview.site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8") == page
    _edit(preview.root / ACTOR, 'name: "Aquarelle": centre', 'name: "Aquarelle"')
    fixed = preview.rebuild([ACTOR])
    assert fixed.state == "ok" and fixed.problems == () and fixed.generation == 2


def test_a_new_territory_rebuilds_the_navigation_of_every_page(preview: serve.Preview) -> None:
    assert main(["new-territory", "bxl-sud", "--name", "Bruxelles-Sud", "--region", "bruxelles",
                 "--root", str(preview.root)]) == 0  # fmt: skip
    status = preview.rebuild(["content/territories/bxl-sud.yaml"])
    assert status.state == "ok"
    assert "reconstruction complète" in preview.said[-1]  # type: ignore[attr-defined]
    home = (preview.site / "index.html").read_text(encoding="utf-8")
    assert "Bruxelles-Sud" in home  # in the navigation of a page the edit did not touch
    assert (preview.site / "territoires/bxl-sud/index.html").is_file()


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode("utf-8")


def test_the_server_adds_the_preview_script_and_serves_the_status(preview: serve.Preview) -> None:
    server = serve.start_server(preview, 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        code, kind, page = _get(f"{base}/acteurs/aquarelle/")
        assert code == 200 and kind.startswith("text/html")
        assert page.count(serve.SCRIPT_URL) == 1 and 'data-generation="1"' in page
        code, _, script = _get(f"{base}{serve.SCRIPT_URL}")
        assert code == 200 and "location.reload" in script and "innerHTML" not in script.split("never")[0]
        code, kind, state = _get(f"{base}{serve.STATE_URL}")
        assert kind == "application/json" and json.loads(state)["state"] == "ok"
        code, _, svg = _get(f"{base}/territoires/bxl-nord/logigramme.svg")
        assert code == 200 and serve.SCRIPT_URL not in svg  # assets are served as built
        code, _, missing = _get(f"{base}/nulle-part/")
        assert code == 404 and serve.SCRIPT_URL in missing
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_a_bad_port_and_a_port_in_use(mini: Path, tmp_path: Path, capsys) -> None:
    assert main(["serve", "--root", str(mini), "--port", "70000"]) == 2
    assert "port invalide" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["serve", "--root", str(mini), "--port", str(port), "--dossier", str(tmp_path / "w")]
        assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and f"--port {port + 1}" in err


def test_a_reload_parses_only_the_files_that_changed(mini: Path) -> None:
    reads: dict = {}
    first = {f.rel: f.document for f in load_dataset(mini, reads).files}
    _edit(mini / ACTOR, 'name: "Aquarelle"', 'name: "Aquarelle bis"')
    (mini / "actors/bruxelles/brusano.yaml").unlink()
    again = load_dataset(mini, reads)
    fresh = load_dataset(mini)
    assert [(f.rel, f.data) for f in again.files] == [(f.rel, f.data) for f in fresh.files]
    documents = {f.rel: f.document for f in again.files}
    assert documents[ACTOR] is not first[ACTOR] and documents[ACTOR].data["name"] == "Aquarelle bis"
    assert documents["actors/types.yaml"] is first["actors/types.yaml"]  # unchanged: not parsed again
    assert "actors/bruxelles/brusano.yaml" not in reads


def _policy(url: str) -> str:
    try:
        with urllib.request.urlopen(url) as response:
            return response.headers["Content-Security-Policy"]
    except urllib.error.HTTPError as exc:
        return exc.headers["Content-Security-Policy"]


def test_the_preview_sends_the_sites_policy_and_styles_its_error_frame_with_a_stylesheet(
    preview: serve.Preview,
) -> None:
    """A coach sees in the preview what a strict host would block; the preview's own frame obeys it too."""
    server = serve.start_server(preview, 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path in (
            "/acteurs/aquarelle/",
            "/nulle-part/",
            serve.SCRIPT_URL,
            serve.STYLE_URL,
            serve.STATE_URL,
        ):
            assert _policy(base + path) == csp.header_policy(), path
        _, _, page = _get(f"{base}/acteurs/aquarelle/")
        assert page.count(f'<link rel="stylesheet" href="{serve.STYLE_URL}">') == 1
        _, kind, style = _get(f"{base}{serve.STYLE_URL}")
        assert kind == "text/css" and ".balises-apercu {" in style
        _, _, script = _get(f"{base}{serve.SCRIPT_URL}")
        assert 'setAttribute("style"' not in script and ".style" not in script  # blocked by style-src
        assert " style=" not in serve.WAITING_PAGE
    finally:
        server.shutdown()
        server.server_close()


def _raw(port: int, host: str, path: str = serve.STATE_URL, method: str = "GET") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_the_preview_answers_only_to_its_own_address(preview: serve.Preview) -> None:
    """DNS rebinding: a page of attacker.test whose name now points to 127.0.0.1 must not read the status."""
    server = serve.start_server(preview, 0)
    port = server.server_address[1]
    try:
        for host in ("attacker.test", f"attacker.test:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", ""):
            code, body = _raw(port, host)
            assert code == 403 and "Accès refusé" in body and '"state"' not in body, host
        assert _raw(port, "evil.test", "/", "HEAD")[0] == 403
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            code, body = _raw(port, host)
            assert code == 200 and json.loads(body)["state"] == "ok", host
    finally:
        server.shutdown()
        server.server_close()
