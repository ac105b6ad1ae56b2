"""A synthetic dataset for the benchmark: the shipped guidance plus N invented territories of M invented actors.

    python bench/generate.py --out DIR --territories 20 --actors 500 [--seed 1]

DIR receives a complete dataset that `balises validate --root DIR` accepts: the repository's `content/` (without
its territories), `actors/types.yaml`, `logigrams/parcours.yaml` and `mkdocs.yml`, then one
`content/territories/<id>.yaml` per synthetic territory and its actors under `actors/<territory id>/<id>.yaml`.
Everything invented is marked as such: communes and territories carry a note, actors the source
« synthétique (bench) », and contacts use reserved numbers (`+32 … 000 …`) and the `example.org` domain.
The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
MARKER = ".balises-bench"  # written at the root of a generated dataset: only such a folder may be overwritten
SOURCE = "synthétique (bench)"
FUNCTIONS = ("referent", "coordination", "case-management")
STRATA = ("bas-risque", "peu-complexe", "complexe", "refus", "danger")
PERIODS = ("prenatal", "postnatal", "petite-enfance")
BR, PC, CX, RF, DG = STRATA


@dataclass(frozen=True)
class Profile:
    """A kind of actor as the guidance names them: its types, what it does, for whom, and how it says so."""

    key: str
    label: str  # the start of the actor's name
    types: tuple[str, ...]
    functions: tuple[str, ...]
    strata: tuple[str, ...]
    dispositifs: tuple[str, ...]
    periods: tuple[str, ...] = PERIODS
    prestations: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    what: str = ""  # the description's first sentence, « {commune} » filled in


CPP, BIB, COORD = "conseil-prenatal-personnalise", "depistage-bib", "coordination-soins-aide"
# fmt: off
PROFILES: tuple[Profile, ...] = (
    Profile(
        "mg", "Cabinet de médecine générale", ("medecin-generaliste",), ("referent",), (BR, PC, CX, DG),
        ("diagnostic-grossesse", "examens-sanguins", "vaccination", "fonction-referent"), prestations=(BIB, CPP),
        what="Cabinet de médecine générale qui suit les familles de {commune} et des environs, de la grossesse aux premières années de l'enfant.",
    ),
    Profile(
        "mm", "Maison médicale", ("asi", "equipe-soins-primaires"), ("referent", "coordination"), STRATA,
        ("fonction-referent", "fonction-coordination", "activites-groupe", "vaccination"), prestations=(BIB, CPP),
        what="Maison médicale au forfait où médecins, infirmiers, kinésithérapeutes et assistants sociaux accueillent les habitants de {commune}.",
    ),
    Profile(
        "sf", "Sages-femmes", ("sage-femme",), ("referent", "coordination"), (BR, PC, CX),
        ("consultations-prenatales", "accompagnement-individuel", "planification-post-partum", "fonction-coordination"),
        prestations=(BIB, CPP, COORD),
        what="Collectif de sages-femmes indépendantes qui assure consultations prénatales, préparation à la naissance et suivi à domicile autour de {commune}.",
    ),
    Profile(
        "gyn", "Cabinet de gynécologie-obstétrique", ("gynecologue",), ("referent",), (BR, PC),
        ("diagnostic-grossesse", "suivi-echographique", "examens-sanguins"), (PERIODS[0], PERIODS[1]),
        prestations=(BIB, CPP),
        what="Cabinet de gynécologie-obstétrique qui assure le suivi médical de la grossesse et les échographies pour les patientes de {commune}.",
    ),
    Profile(
        "one", "Consultation ONE", ("one", "consultation-one"), ("referent",), (BR, PC),
        ("consultations-prenatales", "vaccination", "activites-groupe"),
        what="Consultation préventive gratuite pour les futurs parents et les jeunes enfants, tenue dans les locaux de quartier de {commune}.",
    ),
    Profile(
        "pep", "Partenaires Enfants-Parents", ("pep-one",), ("coordination",), (PC, CX, RF, DG),
        ("fonction-coordination", "accompagnement-individuel"), prestations=(CPP, COORD),
        what="Équipe de partenaires enfants-parents qui propose un suivi renforcé à domicile et coordonne les intervenants autour des familles de {commune}.",
    ),
    Profile(
        "sap", "Service d'accompagnement périnatal", ("service-accompagnement-perinatal",), ("coordination",),
        (CX, RF, DG), ("fonction-coordination", "accompagnement-individuel"), (PERIODS[0], PERIODS[1]),
        strategies=("outreaching",),
        what="Service d'accompagnement périnatal qui soutient les femmes enceintes en grande précarité, avec ou sans couverture sociale, dans la région de {commune}.",
    ),
    Profile(
        "ssm", "Service de santé mentale", ("service-sante-mentale",), ("coordination", "case-management"),
        (PC, CX, DG), ("soutien-psychosocial", "concertation-multidisciplinaire"),
        what="Service de santé mentale dont l'équipe périnatale reçoit parents et bébés pour des consultations psychologiques à {commune}.",
    ),
    Profile(
        "emsm", "Équipe mobile périnatale", ("equipe-mobile-sante-mentale",), ("case-management", "coordination"),
        (CX, RF, DG), ("case-management", "soutien-psychosocial"),
        what="Équipe mobile de santé mentale qui se rend au domicile des familles de {commune} quand la souffrance psychique empêche de consulter.",
    ),
    Profile(
        "cpas", "Service social du CPAS", ("cpas", "assistant-social"), ("coordination",), (PC, CX, RF),
        ("aiguillage", "evaluation-initiale"), strategies=("soutien-administratif",),
        what="Service social du CPAS qui ouvre les droits (revenu d'intégration, aide médicale urgente, carte médicale) des habitants de {commune}.",
    ),
    Profile(
        "mat", "Maternité", ("hopital-maternite", "service-social-hospitalier"), ("coordination",), (BR, PC, CX, DG),
        ("accouchement-maternite", "depistage-naissance", "suivi-echographique", "depistage-initial"),
        (PERIODS[0], PERIODS[1]), prestations=(BIB, CPP),
        what="Maternité hospitalière avec consultations prénatales, salle de naissance et service social, qui accueille les patientes de {commune} et du bassin.",
    ),
    Profile(
        "saj", "Service de l'aide à la jeunesse", ("saj-spj",), ("case-management",), (RF, DG),
        ("case-management", "concertation-multidisciplinaire"), (PERIODS[1], PERIODS[2]),
        what="Service public de l'aide à la jeunesse qui intervient quand un enfant de {commune} est en danger et organise l'aide avec la famille.",
    ),
    Profile(
        "saf", "Service d'accompagnement des familles", ("service-accompagnement-familles",),
        ("case-management", "coordination"), (PC, CX, DG), ("case-management", "accompagnement-parentalite"),
        what="Service d'accompagnement des familles qui soutient à domicile les parents de {commune} en difficulté avec leur tout-petit.",
    ),
    Profile(
        "rue", "Équipe de rue", ("relais-social", "infirmier-de-rue"), ("referent", "case-management"), (CX, RF),
        ("aiguillage",), strategies=("outreaching",),
        what="Équipe de travail de rue qui va à la rencontre des femmes enceintes sans abri à {commune} et garde le lien avec elles.",
    ),
    Profile(
        "mmat", "Maison maternelle", ("maison-maternelle",), ("case-management",), (RF, DG),
        ("accompagnement-individuel", "accompagnement-parentalite"),
        what="Maison d'accueil qui héberge des mères et leurs enfants en situation de crise, à une adresse tenue confidentielle près de {commune}.",
    ),
    Profile(
        "ccsd", "Centre de coordination de soins à domicile", ("centre-coordination-soins-domicile",),
        ("coordination",), (PC, CX), ("fonction-coordination", "partage-information"),
        what="Centre de coordination qui organise les soins et l'aide à domicile après la naissance pour les familles de {commune}.",
    ),
    Profile(
        "pf", "Centre de planning familial", ("planning-familial",), (), (BR, PC),
        ("consultation-preconceptionnelle", "planification-post-partum", "diagnostic-grossesse"),
        (PERIODS[0], PERIODS[1]),
        what="Centre de planning familial qui offre consultations médicales, psychologiques, sociales et juridiques aux habitants de {commune}.",
    ),
    Profile(
        "lrep", "Lieu de rencontre enfants-parents", ("lieu-rencontre-enfants-parents",), (), (BR, PC, CX),
        ("activites-groupe", "accompagnement-parentalite", "activites-communautaires"), (PERIODS[1], PERIODS[2]),
        what="Lieu d'accueil libre et anonyme où les parents de {commune} viennent avec leur enfant de moins de quatre ans rencontrer d'autres familles.",
    ),
    Profile(
        "psy", "Psychologues de première ligne", ("psychologue-premiere-ligne",), ("referent",), (PC, CX),
        ("soutien-psychosocial",),
        what="Cabinet de psychologues conventionnés de première ligne qui reçoit les futurs et jeunes parents de {commune} à tarif réduit.",
    ),
    Profile(
        "mut", "Service social de la mutualité", ("mutualite",), (), (BR, PC), ("aiguillage",),
        strategies=("soutien-administratif",),
        what="Service social de mutualité qui informe les affiliés de {commune} sur le congé de maternité, les remboursements et les primes de naissance.",
    ),
    Profile(
        "ped", "Cabinet de pédiatrie", ("pediatre",), ("referent",), (BR, PC), ("vaccination", "depistage-naissance"),
        (PERIODS[1], PERIODS[2]),
        what="Cabinet de pédiatrie qui suit la croissance, le développement et les vaccins des enfants de {commune} dès la sortie de maternité.",
    ),
    Profile(
        "mq", "Maison de quartier", ("maison-de-quartier", "community-health-worker"), (), (PC, CX, RF),
        ("activites-communautaires", "aiguillage"), strategies=("outreaching",),
        what="Maison de quartier où des agents de santé communautaire accueillent les familles de {commune} et les orientent vers les services.",
    ),
)

# Invented place names: a first part and an ending, joined without a space or with a hyphen.
STEMS = (
    "Val", "Mont", "Beau", "Roche", "Fontaine", "Bois", "Haut", "Clair", "Pré", "Moulin", "Chêne", "Saule",
    "Noir", "Blanc", "Grand", "Petit", "Vieux", "Neuf", "Ronce", "Houx", "Frêne", "Orme", "Tilleul", "Bruy",
)
ENDINGS = (
    "ville", "mont", "court", "val", "fontaine", "ry", "sart", "ham", "bais", "lez", "rieux", "champ",
    "-sur-Meuse", "-sur-Sambre", "-lez-Vaux", "-en-Famenne", "-la-Forêt", "-le-Roux", "-aux-Bois", "-Saint-Pierre",
)
FLEMISH = ("beek", "dijk", "hove", "gem", "kerke", "zele", "rode", "hem")
QUALIFIERS = (
    "des Tilleuls", "du Parc", "Les Glycines", "L'Arbre à bulles", "La Courte Échelle", "du Centre", "de la Gare",
    "Le Petit Pont", "Les Hirondelles", "du Vieux Marché", "La Ruche", "Le Nid", "Les Coquelicots", "de l'Étang",
    "Horizon", "Le Trait d'union", "La Passerelle", "Les Lucioles", "du Moulin", "Sud", "Nord", "Est", "Ouest",
)
STREETS = ("Rue des Écoles", "Avenue du Parc", "Rue de la Station", "Place communale", "Rue du Moulin", "Chaussée de Namur")
CONDITIONS = (
    "Sur rendez-vous.", "Sans rendez-vous le mardi matin.", "Sur orientation par un professionnel.",
    "Accueil libre aux heures d’ouverture.",
)
LANGUAGES = ("nl", "en", "ar", "es", "tr", "ro", "pt", "pl", "ru", "de")
EXTRA_SENTENCES = (
    "L'accueil se fait sur rendez-vous, en semaine, et une permanence téléphonique répond aux professionnels qui orientent une famille.",
    "L'équipe travaille en réseau avec les maternités, les consultations de l'ONE et les services sociaux du bassin.",
    "Les consultations peuvent se tenir au domicile de la famille quand un déplacement est difficile.",
    "Un interprète social peut être demandé pour les familles qui ne parlent ni français ni néerlandais.",
    "Le service participe aux concertations multidisciplinaires organisées par l'organe méso du territoire.",
    "Les futurs parents y trouvent aussi des ateliers collectifs sur l'alimentation, le sommeil et le portage.",
    "La liste d'attente est revue chaque semaine pour donner la priorité aux situations les plus vulnérables.",
    "Les demandes peuvent venir de la famille elle-même ou d'un professionnel, avec l'accord de la famille.",
)
CLOSING = "Fiche synthétique générée pour le banc d'essai de Balises : le nom, les coordonnées et les activités sont fictifs."
# fmt: on


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def place_names(rng: random.Random, count: int, taken: set[str], flemish: bool = False) -> list[str]:
    """`count` new names, never one of `taken`; a second part (« Beauval-Roche… ») once simple names run out."""
    names: list[str] = []
    misses = 0
    while len(names) < count:
        ending = rng.choice(FLEMISH if flemish and rng.random() < 0.4 else ENDINGS)
        name = rng.choice(STEMS) + ending
        if misses > 50:
            name += "-" + rng.choice(STEMS) + rng.choice(FLEMISH + ENDINGS[:12])
        if name in taken:
            misses += 1
            continue
        taken.add(name)
        names.append(name)
    return names


@dataclass
class Commune:
    name: str
    postcodes: list[str]
    sections: list[tuple[str, str]]  # (name, postcode) when the commune is shared


@dataclass
class Actor:
    id: str
    profile: Profile


def make_communes(rng: random.Random, taken: set[str], postcodes: list[int], flemish: bool) -> list[Commune]:
    communes = []
    for name in place_names(rng, rng.randint(10, 25), taken, flemish):
        if rng.random() < 0.15:  # shared between territories: two sections, one postcode each
            codes = [str(postcodes.pop()), str(postcodes.pop())]
            sections = [
                (f"{name}-Centre", codes[0]),
                (f"{name}-{rng.choice(('Haut', 'Bas', 'Village'))}", codes[1]),
            ]
            communes.append(Commune(name, codes, sections))
        else:
            communes.append(Commune(name, [str(postcodes.pop())], []))
    return communes


def description(rng: random.Random, profile: Profile, commune: str) -> str:
    """40 to 80 words: what the actor does, one to three practical sentences, and the synthetic warning."""
    sentences = [profile.what.format(commune=commune)]
    words = len(sentences[0].split()) + len(CLOSING.split())
    for extra in rng.sample(EXTRA_SENTENCES, rng.randint(1, 3)):
        if len(sentences) == 1 or words + len(extra.split()) <= 80:
            sentences.append(extra)
            words += len(extra.split())
    return " ".join([*sentences, CLOSING])


# The first actor of each territory carries markup in its name: the bench's site checks then prove that a large
# build escapes data in every page, as the fixture-based tests do on a small one.
PROBE = ' <script>alert("balises")</script> "><img src=x onerror=alert(1)>'


def actor_file(
    rng: random.Random, actor_id: str, profile: Profile, territory: str, communes: list[Commune], today: date
) -> str:
    """One actor's YAML, fields in the order of the shipped files."""
    home = rng.choice(communes)
    qualifier = rng.choice(QUALIFIERS)
    number = int(actor_id.rsplit("-", 1)[1])
    lines = [
        "# yaml-language-server: $schema=../../schemas/actor.schema.json",
        f"id: {actor_id}",
        f"name: {q(f'{profile.label} {qualifier} ({home.name}) n° {number}' + (PROBE if number == 1 else ''))}",
        f"types: {flow(profile.types)}",
    ]
    served = rng.sample(communes, min(len(communes), rng.randint(1, 3)))
    lines += ["service_area:", f"  communes: {flow([c.name for c in served])}"]
    if profile.key == "mmat":
        lines += ["address:", f"  city: {q(home.name)}", "  confidential: true"]
    elif rng.random() < 0.5:
        street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
        lines += [
            "address:",
            f"  street: {q(street)}",
            f"  postal_code: {q(home.postcodes[0])}",
            f"  city: {q(home.name)}",
            f"  source: {q(f'https://{actor_id}.example.org/contact')}",
            '  checked: "2026-11-20"',
        ]
    if rng.random() < 0.6:  # reserved, clearly fake contacts, each with the (fake) page it was read on
        page = f"https://{actor_id}.example.org/contact"
        lines += [
            "phones:",
            f"  - number: {q(f'+32 {rng.choice((2, 4, 10, 65, 81))} 000 {number // 100 % 100:02d} {number % 100:02d}')}",
            f"    source: {q(page)}",
            '    checked: "2026-11-20"',
            f'email: {{address: {q(f"{actor_id}@example.org")}, source: {q(page)}, checked: "2026-11-20"}}',
            f"website: {q(f'https://{actor_id}.example.org/')}",
        ]
    languages = ["fr", *sorted(rng.sample(LANGUAGES, rng.choice((0, 0, 1, 1, 2))))]
    lines.append(f"languages: {flow(languages)}")
    if profile.functions:
        lines.append(f"functions: {flow(profile.functions)}")
    lines.append(f"strata: {flow(profile.strata)}")
    periods = list(profile.periods)
    if len(periods) == 3 and rng.random() < 0.3:  # some services stop before the child's third year
        periods = periods[:2]
    lines.append(f"periods: {flow(periods)}")
    lines.append(f"dispositifs: {flow(profile.dispositifs)}")
    if profile.strategies:
        lines.append(f"strategies: {flow(profile.strategies)}")
    if profile.prestations:
        lines.append(f"prestations: {flow(profile.prestations)}")
    lines += access_lines(rng, profile)
    lines += ["description: |", "  " + description(rng, profile, home.name)]
    verified = today - timedelta(days=rng.randint(0, 300))
    lines += [f'last_verified: "{verified.isoformat()}"', f"source: {q(SOURCE)}"]
    if rng.random() < 0.2:
        lines.append(f"note: {q(f'Fiche fictive du territoire {territory}, générée par bench/generate.py.')}")
    return "\n".join(lines) + "\n"


def access_lines(rng: random.Random, profile: Profile) -> list[str]:
    free = profile.key not in ("mg", "gyn", "ped", "psy", "sf")
    lines = ["access:", f"  free: {'true' if free else 'false'}"]
    if profile.key in ("sap", "rue", "cpas", "mq", "one", "pep"):
        lines += ["  without_insurance: true", "  amu: true"]
    lines.append(f"  conditions: {q(rng.choice(CONDITIONS))}")
    saturated = rng.random() < 0.1
    lines += ["capacity:", f"  text: {q(f'Environ {rng.randrange(40, 900, 10)} familles suivies par an.')}"]
    if saturated:
        lines += ["  saturated: true", f"  note: {q('Liste d’attente de plusieurs semaines (synthétique).')}"]
    return lines


def choices(rng: random.Random, actors: list[Actor]) -> list[str]:
    """Every function × stratum, each with 2–6 actors of the territory, in order of preference."""
    lines = ["choices:"]
    for function in FUNCTIONS:
        for stratum in STRATA:
            fitting = [
                a.id for a in actors if function in a.profile.functions and stratum in a.profile.strata
            ]
            note = None
            if len(fitting) < 2:  # no actor declares this stratum: the nearest actors of the function
                fitting = [a.id for a in actors if function in a.profile.functions] or [a.id for a in actors]
                note = "Aucun acteur du territoire ne déclare cette strate : acteurs de la fonction les plus proches (synthétique)."
            chosen = rng.sample(fitting, min(len(fitting), rng.randint(2, 6)))
            lines += [f"  - function: {function}", f"    stratum: {stratum}", "    actors:"]
            lines += [f"      - actor: {actor}" for actor in chosen]
            if note:
                lines.append(f"    note: {q(note)}")
    return lines


def territory_file(
    rng: random.Random,
    number: int,
    name: str,
    region: str,
    communes: list[Commune],
    actors: list[Actor],
    today: date,
) -> str:
    tid = territory_id(number, name)
    lines = [
        "# yaml-language-server: $schema=../../schemas/territory.schema.json",
        f"id: {tid}",
        f"name: {q(f'Bassin synthétique de {name}')}",
    ]
    if region == "bruxelles":
        lines.append(f"name_nl: {q(f'Synthetische zorgzone {name}')}")
    lines += [
        f"region: {region}",
        "meso_body:",
        f"  name: {q(f'Plateforme de coordination {name} (synthétique)')}",
        f"  website: {q(f'https://meso-{tid}.example.org/')}",
        f"  note: {q('Organe méso fictif, généré pour le banc d’essai.')}",
        f"website: {q(f'https://{tid}.example.org/')}",
        f"contact_email: {q(f'{tid}@example.org')}",
        "communes:",
    ]
    for commune in communes:
        lines += [f"  - name: {q(commune.name)}", f"    postcodes: {flow(commune.postcodes)}"]
        lines.append(f"    whole: {'false' if commune.sections else 'true'}")
        if commune.sections:
            lines.append("    sections:")
            for section, code in commune.sections:
                lines += [f"      - name: {q(section)}", f"        postcodes: [{q(code)}]"]
        lines.append(f"    note: {q('Commune fictive (synthétique, bench).')}")
    lines += choices(rng, actors)
    lines += [
        f"note: {q('Territoire synthétique généré par bench/generate.py : communes, codes postaux, organe méso et acteurs sont inventés.')}",
        f"source: {q(SOURCE)}",
        f'last_verified: "{today.isoformat()}"',
    ]
    return "\n".join(lines) + "\n"


def territory_id(number: int, name: str) -> str:
    return f"syn-{number:02d}-{slug(name)}"


def copy_guidance(out: Path) -> None:
    """The shipped guidance without its territories, the actor types, the logigram and the site settings."""
    shutil.copytree(REPO / "content", out / "content", ignore=shutil.ignore_patterns("territories"))
    (out / "content" / "territories").mkdir()
    (out / "actors").mkdir()
    shutil.copy(REPO / "actors" / "types.yaml", out / "actors" / "types.yaml")
    (out / "logigrams").mkdir()
    shutil.copy(REPO / "logigrams" / "parcours.yaml", out / "logigrams" / "parcours.yaml")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")


def prepare(out: Path) -> None:
    """An empty folder, or a dataset generated before (recognised by its marker), cleared."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(
                f"generate.py : {out} n'est pas vide et n'a pas été produit par ce script ; refus de l'écraser."
            )
        for name in ("content", "actors", "logigrams", "mkdocs.yml", MARKER):
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)


def generate(out: Path, territories: int, actors: int, seed: int = 1) -> dict[str, int]:
    """Write the dataset into `out`; returns the counts written."""
    if territories < 1 or actors < 1:
        raise ValueError("il faut au moins un territoire et un acteur par territoire")
    prepare(out)
    copy_guidance(out)
    programme = yaml.safe_load((REPO / "content" / "programme.yaml").read_text(encoding="utf-8"))
    # « today » is the data's own date, not the clock's, so that a seed always gives the same files
    today = date.fromisoformat(str(programme["data_date"]))
    rng = random.Random(seed)
    taken: set[str] = set()
    postcodes = rng.sample(range(1000, 10000), territories * 60)  # 25 communes × 2 codes at most, unique
    names = place_names(rng, territories, taken)
    counts = {"territories": 0, "actors": 0, "communes": 0}
    for number, name in enumerate(names, start=1):
        region = "bruxelles" if number % 2 else "wallonie"
        communes = make_communes(rng, taken, postcodes, region == "bruxelles")
        tid = territory_id(number, name)
        folder = out / "actors" / tid
        folder.mkdir()
        written = []
        for i in range(actors):
            profile = PROFILES[i] if i < len(PROFILES) else rng.choice(PROFILES)  # every profile once first
            actor_id = f"{tid}-{profile.key}-{i + 1:04d}"
            text = actor_file(rng, actor_id, profile, tid, communes, today)
            (folder / f"{actor_id}.yaml").write_text(text, encoding="utf-8")
            written.append(Actor(actor_id, profile))
        text = territory_file(rng, number, name, region, communes, written, today)
        (out / "content" / "territories" / f"{tid}.yaml").write_text(text, encoding="utf-8")
        counts["territories"] += 1
        counts["actors"] += len(written)
        counts["communes"] += len(communes)
    (out / MARKER).write_text(f"territories={territories} actors={actors} seed={seed}\n", encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Jeu de données synthétique pour le banc d'essai de Balises."
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="dossier à remplir (vide, ou produit par ce script)"
    )
    parser.add_argument("--territories", type=int, default=20, help="nombre de territoires (défaut : 20)")
    parser.add_argument("--actors", type=int, default=500, help="acteurs par territoire (défaut : 500)")
    parser.add_argument("--seed", type=int, default=1, help="graine du tirage (défaut : 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.out, args.territories, args.actors, args.seed)
    print(
        f"{counts['territories']} territoire(s), {counts['communes']} commune(s), {counts['actors']} acteur(s) "
        f"écrits dans {args.out} en {time.perf_counter() - started:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
