"""The live preview (`balises serve`): the site of the dataset, rebuilt on every change and served on 127.0.0.1.

A rebuild touches only what the change touches: the MkDocs project is kept in the work folder and synchronised
file by file (unchanged pages keep their modification time, so that `mkdocs build --dirty` skips them), Graphviz
and the printable PDFs come from the content-addressed cache, and the search index is rebuilt in the background
once the pages are up to date. A full MkDocs build happens only when the navigation or the theme changed.

The pages are served as built, with one script added on the way out: it polls `/__balises/etat.json`, reloads
the page after each rebuild and, while the data has errors, shows them over the page (file, line, what to write)
until they are fixed. The previous valid site stays visible underneath.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from . import csp, outputs, pipeline, publish
from . import diagnostics as diag
from .diagnostics import Diagnostic
from .layout import dataset_files
from .load import Reads
from .schemas import SchemaSet
from .writer import swap_in, sync

Snapshot = dict[str, tuple[int, int]]  # path relative to the dataset → (modification time in ns, size)
Say = Callable[[str], None]
STATE_URL = "/__balises/etat.json"
SCRIPT_URL = "/__balises/apercu.js"
STYLE_URL = "/__balises/apercu.css"
ASSETS = {SCRIPT_URL: ("apercu.js", "text/javascript"), STYLE_URL: ("apercu.css", "text/css")}
PREVIEW_COMMAND = "balises serve"


def claim_work(folder: Path, root: Path) -> Path:
    """The preview's work folder (resolved), made and marked once Balises may use it (else OutputRefused)."""
    work = outputs.claim_folder(folder, "--dossier", "apercu", root)
    work.mkdir(parents=True, exist_ok=True)
    outputs.mark(work, PREVIEW_COMMAND)
    return work


@dataclass(frozen=True)
class Status:
    """What the preview is showing; read by the pages through `STATE_URL`."""

    generation: int = 0  # bumped after each successful rebuild: the pages reload
    state: str = "construction"  # "construction", "ok" or "erreurs"
    problems: tuple[dict[str, Any], ...] = ()  # the errors shown over the page
    warnings: int = 0  # validation warnings (shown by `balises validate`)
    engine_warnings: tuple[str, ...] = ()  # MkDocs' own (broken links…)
    seconds: float = 0.0  # duration of the last rebuild
    steps: tuple[tuple[str, float], ...] = ()  # and of each of its steps
    changed: tuple[str, ...] = ()  # the data files of the last change
    search: str = "en attente"  # "à jour", "en cours", "en attente", "échec"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


class _Clock:
    """Durations of the successive steps of a rebuild."""

    def __init__(self) -> None:
        self.laps: tuple[tuple[str, float], ...] = ()
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps = (*self.laps, (name, round(now - self._last, 2)))
        self._last = now

    def summary(self) -> str:
        return " · ".join(f"{name} {_seconds(seconds)}" for name, seconds in self.laps)


def snapshot(root: Path) -> Snapshot:
    """The files a load reads (and the site's settings) with their modification time and size: cheap to poll."""
    found: Snapshot = {}
    for rel in [*dataset_files(root), "mkdocs.yml"]:
        try:
            stat = (root / rel).stat()
        except OSError:  # deleted meanwhile, or no settings file
            continue
        found[rel] = (stat.st_mtime_ns, stat.st_size)
    return found


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@dataclass
class Preview:
    """The live preview of the dataset at `root`, built in `work` (its MkDocs project and its site)."""

    root: Path
    work: Path
    today: date
    say: Say = print
    status: Status = field(default_factory=Status)
    _search: subprocess.Popen | None = None
    _schemas: SchemaSet = field(default_factory=SchemaSet)  # compiled once
    _reads: Reads = field(default_factory=dict)  # the files as last read: unchanged ones are not parsed again

    @property
    def project(self) -> Path:
        return self.work / "projet"

    @property
    def site(self) -> Path:
        return self.project / "site"

    def rebuild(self, changed: list[str]) -> Status:
        """Validate and rebuild what `changed` touches; the new status (the site is left as it was on errors)."""
        started = time.perf_counter()
        clock = _Clock()
        self.stop_search()
        self.status = replace(self.status, state="construction", changed=tuple(changed))
        loaded = pipeline.load_model(self.root, self.today, self._schemas, self._reads)
        clock.lap("validation")
        diagnostics = loaded.validation.diagnostics
        errors = [d for d in diagnostics if d.is_error]
        warnings = len(diagnostics) - len(errors)
        if loaded.guidance is None:
            return self._failed(errors, warnings, started)
        guidance = loaded.guidance
        try:
            config = publish.read_config(self.root)
            project = pipeline.render_project(
                guidance, config, self.today, cache=self.work.parent / "cache" / "graphviz"
            )
            clock.lap("rendu")
            synced = sync(self.project, project.files, keep="site")
            clock.lap("écriture")
            full = (
                not self.site.is_dir()
                or any(not path.startswith("docs/") or path.endswith(".md") for path in synced.removed)
                or any(not path.startswith("docs/") for path in synced.written)
            )
            engine: list[str] = []
            if full or synced.written:
                epoch = pipeline.source_date_epoch(guidance, dict(os.environ))
                engine = publish.rebuild(self.project, epoch, dirty=not full)
                clock.lap("MkDocs")
        except publish.PublishError as exc:
            message = f"{exc} {exc.details}".strip()
            failure = Diagnostic("mkdocs.yml", 0, 0, "site-non-construit", message)
            return self._failed([failure], warnings, started)
        pages = sum(1 for path in synced.written if path.endswith(".md"))
        self.status = Status(
            generation=self.status.generation + 1,
            state="ok",
            warnings=warnings,
            engine_warnings=tuple(engine),
            seconds=round(time.perf_counter() - started, 2),
            steps=clock.laps,
            changed=tuple(changed),
            search="en cours",
        )
        self.start_search()
        kind = "complète" if full else "partielle"
        self.say(
            f"Aperçu à jour en {_seconds(self.status.seconds)} ({clock.summary()}) — reconstruction {kind} : "
            f"{pages} page(s) régénérée(s) sur {project.pages}, {len(synced.written)} fichier(s) écrit(s). "
            "Index de recherche en cours de mise à jour."
        )
        for line in engine:
            self.say(f"  MkDocs : {line}")
        return self.status

    def _failed(self, errors: list[Diagnostic], warnings: int, started: float) -> Status:
        self.status = Status(
            generation=self.status.generation,
            state="erreurs",
            problems=tuple(diag.as_dict(d) for d in sorted(errors, key=diag.sort_key)),
            warnings=warnings,
            seconds=round(time.perf_counter() - started, 2),
            changed=self.status.changed,
            search=self.status.search,
        )
        self.say(diag.format_text(errors))
        self.say(
            f"{len(errors)} erreur(s) : l'aperçu garde la dernière version valide et affiche ces erreurs "
            "dans la page. Corrigez et enregistrez."
        )
        return self.status

    # --- the search index, rebuilt in the background -------------------------------------------------------

    def start_search(self) -> None:
        target = self.work / "recherche"
        shutil.rmtree(target, ignore_errors=True)
        command = publish.pagefind_command(str(self.site), "--output-path", str(target))
        self._search = subprocess.Popen(
            command, cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop_search(self) -> None:
        if self._search is not None and self._search.poll() is None:
            self._search.kill()
            self._search.wait()
        self._search = None

    def check_search(self) -> None:
        """Swap the new search index in once Pagefind is done."""
        if self._search is None or self._search.poll() is None:
            return
        done, self._search = self._search.returncode == 0, None
        if done and self.site.is_dir():
            swap_in(self.work / "recherche", self.site / "pagefind")
        self.status = replace(self.status, search="à jour" if done else "échec")


def overlay_asset(name: str) -> bytes:
    return resources.files("generator").joinpath(f"serve_assets/{name}").read_bytes()


WAITING_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Aperçu Balises</title></head>
<body><main class="balises-apercu-attente">
<h1>Aperçu Balises</h1>
<p>Le site n'a pas encore pu être construit : les erreurs des données s'affichent ci-dessus dès qu'elles sont
connues. Corrigez-les et enregistrez : la page se recharge d'elle-même.</p>
</main></body></html>
"""


FOREIGN_HOST = (
    "Accès refusé : l'aperçu Balises ne répond qu'aux adresses 127.0.0.1, localhost et [::1] "
    "suivies de son port. Ouvrez l'adresse affichée par « balises serve ».\n"
).encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, with the preview script added to every HTML page, and the preview's status."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def _local_host(self) -> bool:
        """Whether the request names this server as the browser reached it: another Host is a page of some other
        site that had its name point to 127.0.0.1 (DNS rebinding), and must not read the preview."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in {
            f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")
        }

    def do_HEAD(self) -> None:
        if not self._local_host():
            return self._send(FOREIGN_HOST, "text/plain; charset=utf-8", 403)
        return super().do_HEAD()

    def do_GET(self) -> None:
        if not self._local_host():
            return self._send(FOREIGN_HOST, "text/plain; charset=utf-8", 403)
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        if route == STATE_URL:
            return self._send(self.preview.status.to_json().encode("utf-8"), "application/json")
        if route in ASSETS:
            name, kind = ASSETS[route]
            return self._send(overlay_asset(name), kind)
        path = Path(self.translate_path(route))
        if path.is_dir():
            if not route.endswith("/"):
                self.send_response(301)
                self.send_header("Location", route + "/")
                self.end_headers()
                return None
            path = path / "index.html"
        if path.suffix == ".html" or not path.is_file():
            return self._page(path)
        return super().do_GET()

    def _page(self, path: Path) -> None:
        missing = self.preview.site / "404.html"
        if path.is_file():
            page, status = path.read_text(encoding="utf-8"), 200
        else:
            page, status = (missing.read_text(encoding="utf-8") if missing.is_file() else WAITING_PAGE), 404
        return self._send(self._with_script(page), "text/html; charset=utf-8", status)

    def _with_script(self, page: str) -> bytes:
        tag = (
            f'<link rel="stylesheet" href="{STYLE_URL}"><script src="{SCRIPT_URL}" data-generation="{self.preview.status.generation}" '
            f'data-etat="{html.escape(STATE_URL)}"></script>'
        )
        at = page.rfind("</body>")
        return (page[:at] + tag + page[at:] if at >= 0 else page + tag).encode("utf-8")

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        # the published site's policy, so that a coach sees in the preview what a strict host would block
        self.send_header("Content-Security-Policy", csp.header_policy())
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def start_server(preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, preview=preview))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(preview: Preview, interval: float = 0.3, stop: Callable[[], bool] = lambda: False) -> None:
    """Rebuild whenever the data changes (once it has stopped changing for `interval`), until `stop()`."""
    seen = snapshot(preview.root)
    while not stop():
        time.sleep(interval)
        preview.check_search()
        current = snapshot(preview.root)
        if current == seen:
            continue
        time.sleep(interval)  # an editor may write a file in several steps: wait until it settles
        settled = snapshot(preview.root)
        while settled != current:
            current = settled
            time.sleep(interval)
            settled = snapshot(preview.root)
        changed = changes(seen, settled)
        seen = settled
        preview.say(f"Modifié : {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}")
        try:
            preview.rebuild(changed)
        except Exception as exc:  # a bug of ours: say it, keep serving the last good site
            failure = Diagnostic("", 0, 0, "erreur-interne", f"erreur interne ({type(exc).__name__}: {exc})")
            preview.status = replace(preview.status, state="erreurs", problems=(diag.as_dict(failure),))
            print(f"balises : erreur interne pendant la reconstruction : {exc}", file=sys.stderr)
