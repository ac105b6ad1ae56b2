"""The scale benchmark: a synthetic dataset (bench/generate.py), then what validating, building, searching and
rebuilding it costs, against the targets of the issue « Scale: 10,000 actors, 20 territories ».

    python bench/run.py [--territories 20] [--actors 500] [--seed 1] [--keep DOSSIER] [--json]
    python bench/run.py --profile [--territories 20] [--actors 500]    # where the time goes (cProfile)

Measured, in this order (so that each memory figure is not mixed with another process's):
1. in this process: `validate` and `build_model`;
2. `balises validate`, then `balises build --keep-docs` twice, as subprocesses (wall time, the steps it prints,
   peak memory of the process tree): first with an empty Graphviz and PDF cache, then with the cache it left;
3. the kept MkDocs project built alone with MkDocs, then indexed alone with Pagefind: the generator's own share is
   the full build minus the plain MkDocs build;
4. sizes of the site, of its search index and of the assistant's largest `data/<territoire>.json`;
5. the bytes a browser downloads for a first search from a territory page (Playwright + Debian's Chromium);
6. the live preview of `balises serve` (in this process): its first build, the rebuild after editing one actor,
   and the time until its search index has caught up.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO), str(REPO / "tests")]  # `generate`, `generator`, `browsing`

from generate import generate  # noqa: E402
from site_checks import check  # noqa: E402

from generator import pipeline, publish, serve  # noqa: E402
from generator.model import build_model  # noqa: E402
from generator.validate import validate  # noqa: E402

KB = 1024
TARGETS = {  # figure key → (limit, unit), « atteint » when the figure is at most the limit
    "validate_sous_processus_s": (2.0, "s"),
    "part_generateur_pct": (25.0, "%"),
    "part_generateur_chaud_pct": (25.0, "%"),
    "reconstruction_pct": (10.0, "%"),
    "plus_gros_data_json_octets": (150 * KB, "octets"),
    "premiere_recherche_telecharge_octets": (300 * KB, "octets"),
    "premiere_recherche_telecharge_gzip_octets": (300 * KB, "octets"),
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_kb: int  # peak resident memory of the largest process of the tree
    output: str


# A child inherits the resident-memory high-water mark of the process that spawns it (Linux keeps it across
# fork and exec), so a command spawned from this process, which holds the whole model, would report at least
# our own peak. A small Python process in between spawns the command, times it and reads its rusage (wait4).
_TIMER = """
import json, os, subprocess, sys, time
command, report = json.loads(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
child.returncode = os.waitstatus_to_exitcode(status)
with open(report, "w") as handle:
    json.dump({"seconds": seconds, "returncode": child.returncode, "max_rss_kb": usage.ru_maxrss}, handle)
"""


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` in `cwd` (with `env` added to the environment): its wall time, exit code, peak memory and
    output."""
    with tempfile.TemporaryDirectory() as tmp, (Path(tmp) / "sortie").open("w+", encoding="utf-8") as out:
        report = Path(tmp) / "mesure.json"
        timer = [sys.executable, "-c", _TIMER, json.dumps([str(c) for c in command]), str(report)]
        environment = {**ENV, **(env or {})}
        subprocess.run(timer, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT, check=False)
        out.seek(0)
        measured = json.loads(report.read_text(encoding="utf-8"))
        return Run(measured["seconds"], measured["returncode"], measured["max_rss_kb"], out.read())


def balises(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "generator", *args]


def checked(result: Run, what: str) -> Run:
    if result.returncode != 0:
        raise SystemExit(f"bench : {what} a échoué (code {result.returncode}) :\n{result.output[-3000:]}")
    return result


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


# --- 1. in-process: validation, model, build stages ---------------------------------------------------------


def in_process(root: Path, figures: dict[str, Any]) -> None:
    today = date.today()
    started = time.perf_counter()
    validation = validate(root, today=today)
    figures["validate_en_processus_s"] = time.perf_counter() - started
    figures["erreurs"] = sum(1 for d in validation.diagnostics if d.is_error)
    figures["avertissements"] = len(validation.diagnostics) - figures["erreurs"]
    if not validation.ok:
        raise SystemExit(
            f"bench : le jeu synthétique a {figures['erreurs']} erreur(s) ; lancez balises validate."
        )
    started = time.perf_counter()
    build_model(validation.dataset)
    figures["modele_s"] = time.perf_counter() - started


_STEP = re.compile(r"^  (.+?) : .*\((\d+(?:\.\d+)?) s\)$")


def steps(output: str) -> dict[str, float]:
    """The durations `balises build` prints for each of its steps."""
    return {m.group(1): float(m.group(2)) for m in map(_STEP.match, output.splitlines()) if m}


def preview_figures(root: Path, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """The live preview of `balises serve`: its first build, then a rebuild after editing one actor, then the
    time until its search index is up to date again (the pages are served before)."""
    preview = serve.Preview(root, work / ".build" / "apercu", date.today(), lambda _text: None)
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    if preview.rebuild([]).state != "ok":
        raise SystemExit(f"bench : l'aperçu n'a pas pu être construit : {preview.status.problems[:3]}")
    figures["apercu_demarrage_s"] = time.perf_counter() - started
    wait_search(preview)
    edited = edit_one_actor(root)
    figures["acteur_modifie"] = edited.relative_to(root).as_posix()
    say(f"Aperçu : reconstruction après modification de {figures['acteur_modifie']}…")
    started = time.perf_counter()
    status = preview.rebuild([figures["acteur_modifie"]])
    figures["reconstruction_s"] = time.perf_counter() - started
    figures["reconstruction_etapes_s"] = dict(status.steps)
    wait_search(preview)
    figures["recherche_a_jour_s"] = time.perf_counter() - started
    preview.stop_search()
    return figures


def wait_search(preview: serve.Preview) -> None:
    while preview.status.search == "en cours":
        time.sleep(0.1)
        preview.check_search()


# --- 5. the browser: bytes downloaded for a first search ----------------------------------------------------


def first_search(site: Path, territory: str, query: str) -> dict[str, Any]:
    """Open the territory page, type `query` in the header's box, press Enter, wait for Pagefind's first result:
    the bytes of every response after Enter (the search page, its assets, Pagefind's code, index and fragments)."""
    from browsing import launch, serve  # the tests' helpers: Debian's Chromium, a local server

    with contextmanager(serve)(site) as base, contextmanager(launch)() as browser:
        page = browser.new_page()
        page.goto(f"{base}territoires/{territory}/", wait_until="networkidle")
        box = page.get_by_role("searchbox", name="Rechercher dans le site")
        box.click()
        box.press_sequentially(query, delay=20)
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        started = time.perf_counter()
        box.press("Enter")
        page.locator(".balises-resultat").first.wait_for(state="visible", timeout=60_000)
        seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        sizes: dict[str, tuple[int, bool]] = {}  # url → (body bytes, served from the browser's cache)
        # url → bytes on the wire from a server that compresses text (nginx, GitHub/GitLab Pages)
        packed: dict[str, int] = {}
        for response in responses:
            url = response.url.removeprefix(base)
            body = _body(response)
            sizes[url] = (len(body), _from_cache(response))
            packed[url] = _compressed_size(url, body)
        results = page.locator(".balises-resultat").count()

    def total(keep: Callable[[str, bool], bool]) -> int:
        return sum(size for url, (size, cached) in sizes.items() if keep(url, cached))

    return {
        "premiere_recherche_octets": total(lambda _url, _cached: True),
        "premiere_recherche_cache_octets": total(lambda _url, cached: cached),
        "premiere_recherche_telecharge_octets": total(lambda _url, cached: not cached),
        "premiere_recherche_telecharge_gzip_octets": sum(
            packed[url] for url, (_size, cached) in sizes.items() if not cached
        ),
        "premiere_recherche_pagefind_octets": total(lambda url, _cached: url.startswith("pagefind/")),
        "premiere_recherche_index_octets": total(lambda url, _cached: _pagefind_data(url)),
        "premiere_recherche_requetes": len(sizes),
        "premiere_recherche_s": seconds,
        "premiere_recherche_resultats_affiches": results,
        "premiere_recherche_detail": {
            url: {"octets": size, "cache": cached}
            for url, (size, cached) in sorted(sizes.items(), key=lambda item: -item[1][0])
        },
    }


def _pagefind_data(url: str) -> bool:
    """Pagefind's index (entry, metadata, index chunks, fragments, filters, WebAssembly), not its code."""
    path = url.split("?")[0]
    return path.startswith("pagefind/") and not path.endswith((".js", ".css"))


def _body(response: Any) -> bytes:
    try:
        return response.body()
    except Exception:  # a redirect has no body
        return b""


_TEXT = (".html", ".js", ".css", ".json", ".svg", "/")


def _compressed_size(url: str, body: bytes) -> int:
    """The bytes a compressing web server sends: text gzipped (as nginx's `gzip on` and GitHub/GitLab Pages do);
    Pagefind's index files are gzipped already and its WebAssembly is sent as is."""
    path = url.split("?")[0]
    return len(gzip.compress(body, 6)) if path.endswith(_TEXT) or path == "" else len(body)


def _from_cache(response: Any) -> bool:
    """Chromium answered from its cache (Playwright then reports a negative body size on the wire)."""
    try:
        return response.request.sizes()["responseBodySize"] < 0
    except Exception:
        return False


# --- the whole benchmark ------------------------------------------------------------------------------------


def edit_one_actor(root: Path) -> Path:
    path = sorted((root / "actors").glob("*/*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("description: |\n  ", "description: |\n  Horaires modifiés pour le banc d'essai. ", 1),
        encoding="utf-8",
    )
    return path


def measure(args: argparse.Namespace, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    root, site, docs, plain = work / "donnees", work / "site", work / "docs", work / "mkdocs-seul"
    figures: dict[str, Any] = {"territoires": args.territories, "acteurs_par_territoire": args.actors}
    say(f"Génération de {args.territories} × {args.actors} acteurs dans {root}…")
    started = time.perf_counter()
    counts = generate(root, args.territories, args.actors, args.seed)
    figures["generation_s"] = time.perf_counter() - started
    figures["acteurs"] = counts["actors"]
    say("Validation et modèle en processus…")
    in_process(root, figures)
    say("balises validate (sous-processus)…")
    figures["validate_sous_processus_s"] = checked(
        run(balises("validate", "--root", root), work), "validate"
    ).seconds
    say("balises build, cache Graphviz et PDF vide…")
    build = checked(
        run(balises("build", "--root", root, "--out", site, "--keep-docs", docs), work), "balises build"
    )
    figures["build_complet_s"] = build.seconds
    figures["etapes_s"] = steps(build.output)
    figures["pic_memoire_build_ko"] = build.max_rss_kb
    say("balises build à nouveau, cache chaud…")
    warm = checked(
        run(balises("build", "--root", root, "--out", site, "--keep-docs", docs), work), "balises build"
    )
    figures["build_chaud_s"] = warm.seconds
    figures["etapes_chaud_s"] = steps(warm.output)
    say("MkDocs seul, puis Pagefind seul, sur le projet gardé…")
    plain_mkdocs = publish.mkdocs_command("-q", "-f", str(docs / "mkdocs.yml"), "-d", str(plain))
    mkdocs = run(plain_mkdocs, work)
    figures["mkdocs_seul_s"] = checked(mkdocs, "mkdocs build").seconds
    figures["pic_memoire_mkdocs_ko"] = mkdocs.max_rss_kb
    say("MkDocs seul, en un seul processus (sans la construction parallèle des pages)…")
    serial = run(plain_mkdocs, work, {"BALISES_MKDOCS_PROCESSUS": "1"})
    figures["mkdocs_seul_serie_s"] = checked(serial, "mkdocs build (série)").seconds
    pagefind = run([sys.executable, "-m", "pagefind", "--site", plain, "--silent"], work)
    figures["pagefind_seul_s"] = checked(pagefind, "pagefind").seconds
    figures["pic_memoire_pagefind_ko"] = pagefind.max_rss_kb
    shutil.rmtree(plain, ignore_errors=True)
    for suffix, total in (("", figures["build_complet_s"]), ("_chaud", figures["build_chaud_s"])):
        own = total - figures["mkdocs_seul_s"]
        figures[f"part_generateur{suffix}_s"] = own
        figures[f"part_generateur{suffix}_pct"] = 100 * own / figures["mkdocs_seul_s"]
        without_search = own - figures["pagefind_seul_s"]
        figures[f"part_generateur{suffix}_hors_pagefind_pct"] = (
            100 * without_search / figures["mkdocs_seul_s"]
        )
    say("Contrôles du grand site : liens, hors ligne, échappement…")
    figures["controles"] = check(site)
    figures["site_octets"], figures["site_fichiers"] = folder_size(site)
    figures["index_recherche_octets"], figures["index_recherche_fichiers"] = folder_size(site / "pagefind")
    data = [p for p in (site / "data").glob("*.json") if p.name != "territoires.json"]
    biggest = max(data, key=lambda p: p.stat().st_size)
    figures["plus_gros_data_json"] = biggest.name
    figures["plus_gros_data_json_octets"] = biggest.stat().st_size
    first = sorted(p.stem for p in data)[0]
    if args.no_browser:
        figures["premiere_recherche_erreur"] = "non mesurée (--no-browser)"
    else:
        say(f"Première recherche « {args.query} » depuis territoires/{first}/ dans Chromium…")
        try:
            figures.update(first_search(site, first, args.query))
        except Exception as exc:  # no Chromium, no Playwright: the other figures still stand
            figures["premiere_recherche_erreur"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
    say("Aperçu (balises serve) : premier build…")
    figures.update(preview_figures(root, work, say))
    figures["reconstruction_pct"] = 100 * figures["reconstruction_s"] / figures["build_complet_s"]
    return figures


# --- the report --------------------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")


def size(value: int) -> str:
    if value < 1024 * 1024:
        return f"{value / KB:.1f} Ko".replace(".", ",")
    return f"{value / KB / KB:.1f} Mo".replace(".", ",")


def _site_ok(f: dict[str, Any]) -> bool:
    c = f["controles"]
    return not (c["liens_casses_nombre"] or c["ressources_externes"] or c["balisage_non_echappe"]) and bool(
        c["pages_avec_balisage_echappe"]
    )


def _site_checks(f: dict[str, Any]) -> str:
    c = f["controles"]
    return (
        f"{c['pages']} pages, {c['liens']} liens internes dont {c['liens_casses_nombre']} cassé(s) ; "
        f"{len(c['ressources_externes'])} ressource(s) d'un autre hôte ; balisage des données échappé dans "
        f"{c['pages_avec_balisage_echappe']} page(s), brut dans {len(c['balisage_non_echappe'])}"
    )


def percent(value: float) -> str:
    return f"{value:.1f} %".replace(".", ",")


def memory(kb: int) -> str:
    return f"{kb / KB:.0f} Mo"


def verdict(key: str, figures: dict[str, Any]) -> str:
    limit, unit = TARGETS[key]
    shown = {"%": f"{limit:.0f} %", "s": seconds(limit)}.get(unit) or size(int(limit))
    reached = figures[key] <= limit
    return f"cible ≤ {shown} : {'atteint' if reached else 'non atteint'}"


def report(figures: dict[str, Any]) -> str:
    f = figures
    search = "premiere_recherche_octets" in f
    rows: list[tuple[str, str, str]] = []
    # fmt: off
    rows += [
        ("Jeu de données", f"{f['territoires']} territoires × {f['acteurs_par_territoire']} acteurs", ""),
        ("Génération", seconds(f["generation_s"]), ""),
        ("Validation (en processus)", seconds(f["validate_en_processus_s"]), f"{f['erreurs']} erreur(s), {f['avertissements']} avertissement(s)"),
        ("Validation (balises validate)", seconds(f["validate_sous_processus_s"]), f"sous-processus, temps réel ; {verdict('validate_sous_processus_s', f)}"),
        ("Modèle (build_model)", seconds(f["modele_s"]), "en processus"),
    ]
    rows += [
        ("Build complet (balises build)", seconds(f["build_complet_s"]), "sous-processus, validation comprise, cache vide"),
        *[(f"  étape « {name} »", seconds(value), "") for name, value in f["etapes_s"].items()],
        ("Build complet, cache chaud", seconds(f["build_chaud_s"]), "les mêmes données reconstruites : logigrammes et PDF en cache"),
        *[(f"  étape « {name} »", seconds(value), "") for name, value in f["etapes_chaud_s"].items()],
        ("MkDocs seul (projet gardé)", seconds(f["mkdocs_seul_s"]), "pages construites en un processus par CPU (hooks/balises_parallele.py)"),
        ("MkDocs seul, un seul processus", seconds(f["mkdocs_seul_serie_s"]), "le même projet, BALISES_MKDOCS_PROCESSUS=1"),
        ("Pagefind seul", seconds(f["pagefind_seul_s"]), ""),
        ("Part du générateur (build − MkDocs)", f"{f['part_generateur_pct']:.0f} %", f"{seconds(f['part_generateur_s'])} ; cache vide ; {verdict('part_generateur_pct', f)}"),
        ("  cache chaud", f"{f['part_generateur_chaud_pct']:.0f} %", f"{seconds(f['part_generateur_chaud_s'])} ; {verdict('part_generateur_chaud_pct', f)}"),
        ("  dont Pagefind", f"{100 * f['pagefind_seul_s'] / f['mkdocs_seul_s']:.0f} %", "l'index de recherche, construit après MkDocs"),
        ("  hors Pagefind, cache vide", f"{f['part_generateur_hors_pagefind_pct']:.0f} %", "validation, logigrammes, exports, pages, écriture"),
        ("  hors Pagefind, cache chaud", f"{f['part_generateur_chaud_hors_pagefind_pct']:.0f} %", ""),
        ("Contrôles du site construit", "OK" if _site_ok(f) else "ÉCHEC", _site_checks(f)),
        ("Site", size(f["site_octets"]), f"{f['site_fichiers']} fichiers ({f['site_octets']} octets)"),
        ("Index de recherche (site/pagefind)", size(f["index_recherche_octets"]), f"{f['index_recherche_fichiers']} fichiers"),
        ("Plus gros data/<territoire>.json", size(f["plus_gros_data_json_octets"]), f"{f['plus_gros_data_json']} ; {verdict('plus_gros_data_json_octets', f)}"),
    ]
    rows += [
        ("Première recherche, octets reçus", size(f["premiere_recherche_octets"]), f"{f['premiere_recherche_requetes']} réponses après Entrée, cache du navigateur compris"),
        ("  dont cache du navigateur", size(f["premiere_recherche_cache_octets"]), "CSS et JS de Material, déjà chargés par la page du territoire"),
        ("  téléchargés", size(f["premiere_recherche_telecharge_octets"]), f"serveur sans compression ; {verdict('premiere_recherche_telecharge_octets', f)}"),
        ("  téléchargés, serveur qui compresse", size(f["premiere_recherche_telecharge_gzip_octets"]), f"gzip du texte (nginx, GitHub/GitLab Pages) ; {verdict('premiere_recherche_telecharge_gzip_octets', f)}"),
        ("  dont Pagefind, code et index", size(f["premiere_recherche_pagefind_octets"]), f"premier résultat affiché en {seconds(f['premiere_recherche_s'])}"),
        ("  dont index Pagefind seul", size(f["premiere_recherche_index_octets"]), "entrée, métadonnées, index, extraits, wasm"),
    ] if search else [
        ("Première recherche", "—", f"non mesurée : {f['premiere_recherche_erreur']}"),
    ]
    rows += [
        ("Pic mémoire, balises build", memory(f["pic_memoire_build_ko"]), "plus gros processus de l'arbre (wait4, RUSAGE_CHILDREN)"),
        ("Pic mémoire, MkDocs seul", memory(f["pic_memoire_mkdocs_ko"]), ""),
        ("Pic mémoire, Pagefind seul", memory(f["pic_memoire_pagefind_ko"]), ""),
        ("Aperçu (balises serve), démarrage", seconds(f["apercu_demarrage_s"]), "premier build de l'aperçu, cache chaud"),
        ("Reconstruction après modification", seconds(f["reconstruction_s"]), f"{percent(f['reconstruction_pct'])} du build complet ; {verdict('reconstruction_pct', f)} ; {f['acteur_modifie']}"),
        *[(f"  étape « {name} »", seconds(value), "") for name, value in f["reconstruction_etapes_s"].items()],
        ("  recherche à jour après", seconds(f["recherche_a_jour_s"]), "Pagefind, en arrière-plan : les pages sont servies avant"),
    ]
    # fmt: on
    width = max(len(label) for label, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    lines = ["Banc d'essai Balises (1 Ko = 1024 octets)", ""]
    lines += [f"{label:<{width}}  {value:>{value_width}}  {note}".rstrip() for label, value, note in rows]
    return "\n".join(lines) + "\n"


# --- where the time goes -----------------------------------------------------------------------------------


def top_generator_functions(
    profile: cProfile.Profile, count: int = 15
) -> list[tuple[str, int, float, float]]:
    """The `count` functions of generator/ with the most cumulative time: (where, calls, cumulative, own)."""
    stats = pstats.Stats(profile)
    found = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        path = Path(filename)
        if path.parent.name == "generator" and path.is_relative_to(REPO):
            found.append((f"generator/{path.name}:{line}({name})", calls, cumulative, own))
    return sorted(found, key=lambda item: -item[2])[:count]


def profile_table(title: str, rows: list[tuple[str, int, float, float]]) -> str:
    width = max(len(where) for where, *_ in rows)
    lines = [title, f"{'fonction':<{width}}  {'appels':>9}  {'cumulé':>9}  {'propre':>9}"]
    lines += [f"{where:<{width}}  {calls:>9}  {cum:>8.2f}s  {own:>8.2f}s" for where, calls, cum, own in rows]
    return "\n".join(lines) + "\n"


def profile(args: argparse.Namespace, work: Path) -> str:
    root = work / "donnees"
    generate(root, args.territories, args.actors, args.seed)
    today = date.today()
    validating = cProfile.Profile()
    validation = validating.runcall(validate, root, today=today)
    if not validation.ok:
        raise SystemExit("bench : le jeu synthétique a des erreurs ; lancez balises validate.")
    building = cProfile.Profile()

    def build() -> None:
        guidance = build_model(validation.dataset)
        epoch = pipeline.source_date_epoch(guidance, dict(os.environ))
        pipeline.build_site(guidance, root, work / "site", today, epoch, cache=work / "cache")

    building.runcall(build)
    return (
        profile_table(
            "Validation — 15 fonctions de generator/ au temps cumulé le plus élevé",
            top_generator_functions(validating),
        )
        + "\n"
        + profile_table(
            "Modèle + build — 15 fonctions de generator/ au temps cumulé le plus élevé",
            top_generator_functions(building),
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de Balises sur un jeu de données synthétique.")
    parser.add_argument("--territories", type=int, default=20, help="territoires (défaut : 20)")
    parser.add_argument("--actors", type=int, default=500, help="acteurs par territoire (défaut : 500)")
    parser.add_argument("--seed", type=int, default=1, help="graine du jeu synthétique (défaut : 1)")
    parser.add_argument(
        "--keep", type=Path, metavar="DOSSIER", help="travailler dans ce dossier et le garder"
    )
    parser.add_argument("--json", action="store_true", help="les mesures en JSON au lieu du rapport")
    parser.add_argument("--query", default="accompagnement", help="la recherche tapée dans le navigateur")
    parser.add_argument("--no-browser", action="store_true", help="ne pas mesurer la première recherche")
    parser.add_argument(
        "--profile", action="store_true", help="profiler (cProfile) la validation et le build"
    )
    args = parser.parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="balises-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say = (lambda _text: None) if args.json else (lambda text: print(text, file=sys.stderr, flush=True))
    try:
        if args.profile:
            sys.stdout.write(profile(args, work))
            return 0
        figures = measure(args, work, say)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
