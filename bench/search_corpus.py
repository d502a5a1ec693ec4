"""The synthetic submissions and the query mix of bench/search_bench.py, shared by the
Whoosh run and the SQLite and PostgreSQL baselines (see search_bench.py's docstring)."""
from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("CONSULT_CORPUS", ROOT.parent.parent / "shared/corpus/public-comments.jsonl"))
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/public-comments.jsonl")

FRENCH = """Les travailleurs migrants paient encore des frais de recrutement exorbitants.
La migration de main-d'œuvre doit respecter les droits fondamentaux des travailleurs.
Nous demandons la portabilité des droits à la sécurité sociale entre les pays d'origine et de destination.
Les transferts de fonds des migrants soutiennent des millions de familles en Afrique de l'Ouest.
Le coût des envois de fonds reste trop élevé pour les petites sommes.
Les organisations de la diaspora veulent être associées aux politiques de développement.
La reconnaissance des qualifications permettrait aux infirmières migrantes de travailler dans leur métier.
Les femmes migrantes employées de maison sont exposées aux abus et à l'isolement.
Les agences de recrutement doivent être enregistrées et contrôlées par l'État.
Le retour et la réintégration des migrants exigent un accompagnement économique durable.
Les collectivités locales accueillent les migrants sans moyens supplémentaires.
Nous recommandons un observatoire régional des migrations et des données ventilées par sexe.
La cohérence des politiques migratoires et de développement reste un défi majeur.
Les syndicats doivent pouvoir organiser les travailleurs migrants sans crainte de représailles.
L'accès à la justice pour les migrants victimes d'exploitation est encore très limité.""".splitlines()

SPANISH = """Los trabajadores migrantes siguen pagando comisiones de contratación abusivas.
La migración laboral debe respetar los derechos humanos de todas las personas.
Las remesas sostienen a millones de hogares en América Latina y el Caribe.
El costo de enviar remesas sigue siendo demasiado alto para los montos pequeños.
Las organizaciones de la diáspora piden participar en las políticas de desarrollo.
El reconocimiento de títulos permitiría a las enfermeras migrantes ejercer su profesión.
Las trabajadoras domésticas migrantes están expuestas a abusos y aislamiento.
Las agencias de contratación deben estar registradas y supervisadas por el Estado.
El retorno y la reintegración requieren apoyo económico y psicosocial sostenido.
Los gobiernos locales reciben a los migrantes sin recursos adicionales.
Recomendamos un observatorio regional de migraciones con datos desagregados por sexo.
La coherencia entre las políticas migratorias y de desarrollo sigue siendo un desafío.
Los sindicatos deben poder organizar a los trabajadores migrantes sin temor a represalias.
El acceso a la justicia para las víctimas de explotación laboral sigue siendo limitado.
La portabilidad de la seguridad social protege a quienes trabajan en varios países.""".splitlines()

MIGRATION_EN = """Labour migration must be governed by fair recruitment and enforceable contracts.
Migration and development policies should be coherent across ministries.
Recruitment fees push migrant workers into debt bondage before they leave home.
Remittance costs above three percent take money from families who need it most.
Diaspora organisations can invest in development if their skills are recognised.
Women migrant domestic workers need labour law protection in every country of destination.
Circular migration schemes should guarantee the portability of social security.
Local authorities receive migrants and need resources for integration services.""".splitlines()

LANG_WEIGHTS = (("en", 0.80), ("es", 0.12), ("fr", 0.08))
GROUPS = ["civil_society", "migrant_diaspora", "private_sector", "trade_union", "academia",
          "local_authority", "international_organisation", "government", "other"]
COUNTRIES = ["PH", "MX", "SN", "FR", "IN", "NG", "US", "MA", "GT", "BD", "KE", "ES", "AE", "NP", "CO"] + [
    f"C{i}" for i in range(25)]


def zipf_choice(rng: random.Random, values: list, s: float = 1.1):
    weights = [1 / (i + 1) ** s for i in range(len(values))]
    return rng.choices(values, weights)[0]


def load_corpus() -> tuple[list[str], list[int]]:
    sentences, lengths = [], []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        parts = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
        sentences.extend(parts)
        lengths.append(max(1, len(parts)))
    return sentences, lengths


def generate(n: int, seed: int = 7):
    """Yield (id, language, title, body, facets) tuples; deterministic for a seed."""
    rng = random.Random(seed)
    sentences, lengths = load_corpus()
    for i in range(1, n + 1):
        lang = rng.choices([l for l, _w in LANG_WEIGHTS], [w for _l, w in LANG_WEIGHTS])[0]
        count = min(rng.choice(lengths), 120)
        if lang == "en":
            parts = [rng.choice(sentences) for _ in range(count)]
            if rng.random() < 0.6:
                parts.insert(rng.randrange(len(parts) + 1), rng.choice(MIGRATION_EN))
        else:
            pool = FRENCH if lang == "fr" else SPANISH
            parts = [rng.choice(pool) for _ in range(max(2, count // 2))]
        title = parts[0][:120]
        round_id = zipf_choice(rng, list(range(1, 21)))
        sessions = sorted(rng.sample(range(round_id * 10, round_id * 10 + 6), rng.choice([1, 1, 1, 2, 3])))
        year = zipf_choice(rng, list(range(2026, 2018, -1)), 0.8)
        facets = {"round": round_id, "group": zipf_choice(rng, GROUPS), "country": zipf_choice(rng, COUNTRIES),
                  "sessions": sessions, "year": year,
                  "ts": int(time.mktime((year, rng.randint(1, 12), rng.randint(1, 28), 12, 0, 0, 0, 0, 0)))}
        yield i, lang, title, " ".join(parts), facets


QUERIES: list[tuple[str, str, dict]] = [
    ("rare words", "uniontown", {}), ("rare words", "jacksonville", {}), ("rare words", "inalienable", {}),
    ("common words", "migration", {}), ("common words", "pollution", {}), ("common words", "children air", {}),
    ("phrases", '"public health"', {}), ("phrases", '"recruitment fees"', {}), ("phrases", '"clean air act"', {}),
    ("exclusions", "pollution -coal", {}), ("exclusions", "science -transparency", {}),
    ("OR", "remittance OR remesas OR transferts", {}),
    ("broad (>50%)", "health", {}), ("broad (>50%)", "science", {}),
    ("facet-filtered", "health", {"language": "en", "group": "civil_society"}),
    ("facet-filtered", "migración", {"language": "es"}),
    ("facet-filtered", "migration", {"round": "3", "year": "2025"}),
    ("facet-filtered", "travailleurs migrants", {"country": "SN"}),
]
