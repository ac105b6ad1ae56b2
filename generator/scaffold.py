"""`balises new-territory`: the files of a new territory, ready to edit, that validate at once.

Three files, each with its schema modeline (completion and inline errors in editors) and French comments:
the territory (`content/territories/<id>.yaml`, a draft until the coach removes `draft`), its actors folder with
one generic entry to copy (`actors/<id>/<id>-medecin-generaliste.yaml`: a role, not an invented organisation),
and an empty logigram adaptation (`logigrams/<id>.yaml`). Nothing is invented: every fact to add is marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .schemas import SchemaSet

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The schema's own pattern (a Belgian postcode: 4 digits, not starting with 0), so that what we write validates.
POSTCODE = re.compile(
    SchemaSet().documents["territory.schema.json"]["$defs"]["postcodes"]["items"]["pattern"]
)


@dataclass(frozen=True)
class NewCommune:
    name: str
    postcodes: tuple[str, ...]


def parse_commune(text: str) -> NewCommune:
    """« Jette » or « Jette=1090 » or « Bruxelles=1000,1020 »."""
    name, _, codes = text.partition("=")
    postcodes = tuple(c.strip() for c in codes.split(",") if c.strip())
    if not name.strip():
        raise ValueError(f"commune sans nom : « {text} »")
    bad = [c for c in postcodes if not POSTCODE.match(c)]
    if bad:
        raise ValueError(
            f"code postal invalide pour « {name.strip()} » : {', '.join(bad)} (4 chiffres, le premier entre 1 et 9)"
        )
    return NewCommune(name.strip(), postcodes)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def territory_file(territory_id: str, name: str, region: str, communes: list[NewCommune], today: date) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/territory.schema.json",
        f"# Territoire « {name} », créé par `balises new-territory` le {today.isoformat()}.",
        "# Complétez chaque champ à partir d'une source publique ; n'inventez rien : laissez un champ absent plutôt.",
        "# Référence des champs : page « Guide des coachs » du site, ou schemas/territory.schema.json.",
        "",
        "# L'identifiant : celui du nom du fichier (minuscules, chiffres, tirets).",
        f"id: {territory_id}",
        f"name: {_quote(name)}",
        '# name_nl: "…"            # nom néerlandais, à Bruxelles',
        f"region: {region}",
        "# En préparation : le site le signale et demande aux moteurs de recherche de ne pas indexer ses pages.",
        "# Retirez cette ligne quand les choix sont validés localement.",
        "draft: true",
        "",
        "# L'organe méso qui coordonne le territoire. `actor:` peut pointer vers sa fiche acteur.",
        "meso_body:",
        '  name: "Non encore désigné"',
        '# website: "https://…"      # site public du territoire',
        '# contact_email: "…"        # adresse qui reçoit les « Signaler une erreur » du site',
        "",
        "# Les communes, avec leurs codes postaux (un code postal peut appartenir à plusieurs territoires).",
        "# `whole: false` et `sections:` quand seule une partie de la commune appartient au territoire.",
        "communes:",
    ]
    for commune in communes:
        codes = ", ".join(_quote(c) for c in commune.postcodes)
        lines += [f"  - name: {_quote(commune.name)}", f"    postcodes: [{codes}]", "    whole: true"]
    lines += [
        "",
        "# Les choix du territoire : pour chaque fonction (referent, coordination, case-management) × strate",
        "# (bas-risque, peu-complexe, complexe, refus, danger), les acteurs à mobiliser, par ordre de préférence :",
        "# `- actor: <identifiant d'une fiche>` ou `- type: <type d'acteur>` (tout acteur de ce type).",
        "# `balises validate` liste en avertissement les cases encore vides. Exemple :",
        "#   - function: referent",
        "#     stratum: bas-risque",
        "#     actors:",
        f"#       - actor: {territory_id}-medecin-generaliste",
        "#       - type: sage-femme",
        "choices: []",
        "",
        "# D'où viennent ces informations (document et section, ou adresse web publique).",
        'source: ["À compléter : la source des communes et des choix de ce territoire"]',
        "# Date de la dernière vérification (AAAA-MM-JJ) : au-delà de 12 mois, le site signale une fiche à revérifier.",
        f'last_verified: "{today.isoformat()}"',
    ]
    return "\n".join(lines) + "\n"


def example_actor_file(territory_id: str, today: date) -> str:
    return f"""# yaml-language-server: $schema=../../schemas/actor.schema.json
# Une fiche acteur par fichier ; le nom du fichier est l'identifiant (`id`).
# Cette première fiche est une entrée générique : elle désigne un rôle (le médecin généraliste de la famille),
# pas une organisation. Copiez ce fichier pour chaque organisation réelle de « {territory_id} » et remplacez
# ses champs ; ajoutez téléphone, e-mail, adresse et site seulement s'ils sont publics. N'inventez rien.
id: {territory_id}-medecin-generaliste
name: "Le médecin généraliste de la famille"
# name_nl: "Uw huisarts"
types: [medecin-generaliste]     # les types du catalogue actors/types.yaml
generic: true                    # à retirer pour une organisation réelle
functions: [referent]            # referent, coordination, case-management
strata: [bas-risque, peu-complexe, complexe, refus, danger]
periods: [prenatal, postnatal, petite-enfance]
# languages: [fr, nl]
# phone: "+32 …"
# email: "…"
# website: "https://…"
# address:
#   street: "…"
#   postal_code: "…"
#   city: "…"
#   confidential: false          # true : seule la zone desservie est publiée
description: |
  Le médecin généraliste de la famille assume le plus souvent la fonction de référent : un professionnel de
  première ligne qui entretient un lien de confiance avec la famille tout au long du parcours.
last_verified: "{today.isoformat()}"
source: ["003_6f919ca3a6d7d62e.txt — Fonction de référent (WHAT, WHICH)"]
"""


def logigram_file(territory_id: str) -> str:
    return f"""# yaml-language-server: $schema=../schemas/logigram-override.schema.json
# Les adaptations du logigramme (logigrams/parcours.yaml) propres à « {territory_id} ». Vide : le parcours générique.
# `nodes:` remplace un nœud (même identifiant) ou en ajoute ; `edges:` ajoute des flèches ; `remove_edges:` en retire.
# Exemple :
#   nodes:
#     - id: evaluation-initiale
#       kind: action
#       label: "Porte « évaluation initiale » : la maison médicale du quartier"
territory: {territory_id}
source: ["À compléter : l'atelier ou le document qui fonde ces adaptations"]
"""


def new_territory(
    territory_id: str, name: str, region: str, communes: list[NewCommune], today: date
) -> dict[str, str]:
    """The new files by path relative to the dataset root."""
    return {
        f"content/territories/{territory_id}.yaml": territory_file(
            territory_id, name, region, communes, today
        ),
        f"actors/{territory_id}/{territory_id}-medecin-generaliste.yaml": example_actor_file(
            territory_id, today
        ),
        f"logigrams/{territory_id}.yaml": logigram_file(territory_id),
    }
