"""Which files make a dataset, and which schema each one follows.

A dataset is any folder holding `content/`, `actors/` and `logigrams/`. Every YAML file in it has a kind,
found from its path; the kind names its JSON Schema (`schemas/<kind>.schema.json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from .diagnostics import nearest

DATA_DIRS = ("content", "actors", "logigrams")


@dataclass(frozen=True)
class FileKind:
    name: str  # also the schema's file name: schemas/<name>.schema.json
    pattern: str  # relative path, `*` matching one file-name segment
    required: bool
    label: str  # French, for messages

    def matches(self, rel: str) -> bool:
        return rel.count("/") == self.pattern.count("/") and fnmatchcase(rel, self.pattern)


KINDS: tuple[FileKind, ...] = (
    FileKind("programme", "content/programme.yaml", True, "le programme"),
    FileKind("strata", "content/strata.yaml", True, "les strates"),
    FileKind("periods", "content/periods.yaml", True, "les périodes"),
    FileKind("strategy", "content/strategies/*.yaml", True, "une stratégie transversale"),
    FileKind("entry-doors", "content/entry-doors.yaml", True, "le tableau des portes d'entrée"),
    FileKind("functions", "content/functions.yaml", True, "les fonctions"),
    FileKind("indicators", "content/indicators.yaml", True, "les indicateurs"),
    FileKind("scenarios", "content/scenarios.yaml", True, "les scénarios INAMI"),
    FileKind("prestations", "content/prestations.yaml", True, "les prestations INAMI"),
    FileKind("vignettes", "content/vignettes.yaml", True, "les vignettes cliniques"),
    FileKind("method", "content/method.yaml", True, "la méthode des 6W"),
    FileKind("enjeux-cles", "content/enjeux-cles.yaml", False, "les enjeux clés"),
    FileKind("mapping", "content/mapping.yaml", True, "le tableau de mapping des acteurs"),
    FileKind("actor-types", "actors/types.yaml", True, "le catalogue des types d'acteurs"),
    FileKind("territory", "content/territories/*.yaml", False, "un territoire"),
    FileKind("actor", "actors/*/*.yaml", False, "un acteur"),
    FileKind("logigram", "logigrams/parcours.yaml", True, "le logigramme du parcours"),
    FileKind("logigram-override", "logigrams/*.yaml", False, "l'adaptation territoriale du logigramme"),
)

REGIONS = ("bruxelles", "wallonie", "ostbelgien", "flandre")
REGION_NAMES = {  # French, for pages
    "bruxelles": "Bruxelles",
    "wallonie": "Wallonie",
    "ostbelgien": "Communauté germanophone",
    "flandre": "Flandre",
}


def kind_of(rel: str) -> FileKind | None:
    return next((kind for kind in KINDS if kind.matches(rel)), None)


def dataset_files(root: Path) -> list[str]:
    """Every file under the data folders, as sorted POSIX paths relative to `root`."""
    found = []
    for folder in DATA_DIRS:
        base = root / folder
        if base.is_dir():
            found.extend(
                p.relative_to(root).as_posix()
                for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".")
            )
    return sorted(found)


def missing_required(present: list[str]) -> list[FileKind]:
    return [kind for kind in KINDS if kind.required and not any(kind.matches(rel) for rel in present)]


def expected_near(rel: str) -> str:
    """A hint for a file that matches no kind: the nearest expected path, or what goes where."""
    if rel.endswith(".yml"):
        return f"renommez le fichier en « {rel[:-4]}.yaml »"
    if not rel.endswith(".yaml"):
        return "seuls des fichiers YAML (.yaml) sont attendus dans content/, actors/ et logigrams/"
    candidates = [kind.pattern for kind in KINDS if "*" not in kind.pattern]
    near = nearest(rel, candidates, 0.7)
    if near:
        return f"vouliez-vous dire « {near} » ?"
    return "fichiers attendus : " + ", ".join(kind.pattern for kind in KINDS)
