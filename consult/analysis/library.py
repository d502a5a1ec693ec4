"""The themes shipped with Consult: the 23 objectives of the Global Compact for Safe, Orderly
and Regular Migration and the SDG targets on migration, in their official wording.

A convener adds all or some of them to a round's codebook; each keeps its source so that a
finding can be traced back to the text governments agreed. The wording is copied verbatim
from the resolutions: it must not be paraphrased (a theme's title may be edited in the
round's codebook, the library stays as adopted).
"""
from __future__ import annotations

from dataclasses import dataclass

GCM_SOURCE = "Global Compact for Safe, Orderly and Regular Migration, UN General Assembly resolution A/RES/73/195"
SDG_SOURCE = ("Transforming our world: the 2030 Agenda for Sustainable Development, "
              "UN General Assembly resolution A/RES/70/1")


@dataclass(frozen=True)
class LibraryTheme:
    key: str          # "gcm-6", "sdg-10.7": the theme's ``library_key``
    group: str        # the key of its parent group
    title: str
    wording: str      # the official wording, verbatim
    source: str

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True)
class LibraryGroup:
    key: str
    title: str
    source: str


GROUPS = (
    LibraryGroup("gcm", "Global Compact objectives", GCM_SOURCE),
    LibraryGroup("sdg", "SDG targets", SDG_SOURCE),
)

_GCM_OBJECTIVES = (
    "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
    "Provide accurate and timely information at all stages of migration",
    "Ensure that all migrants have proof of legal identity and adequate documentation",
    "Enhance availability and flexibility of pathways for regular migration",
    "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    "Address and reduce vulnerabilities in migration",
    "Save lives and establish coordinated international efforts on missing migrants",
    "Strengthen the transnational response to smuggling of migrants",
    "Prevent, combat and eradicate trafficking in persons in the context of international migration",
    "Manage borders in an integrated, secure and coordinated manner",
    "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment "
    "and referral",
    "Use migration detention only as a measure of last resort and work towards alternatives",
    "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    "Provide access to basic services for migrants",
    "Empower migrants and societies to realize full inclusion and social cohesion",
    "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions "
    "of migration",
    "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
    "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
    "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
    "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
    "Establish mechanisms for the portability of social security entitlements and earned benefits",
    "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
)

# (target, a short title of our own for lists and the matrix, the official wording)
_SDG_TARGETS = (
    ("10.7", "orderly, safe, regular and responsible migration",
     "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through "
     "the implementation of planned and well-managed migration policies"),
    ("10.c", "cost of remittances",
     "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate "
     "remittance corridors with costs higher than 5 per cent"),
    ("8.7", "forced labour, modern slavery, human trafficking, child labour",
     "Take immediate and effective measures to eradicate forced labour, end modern slavery and human "
     "trafficking and secure the prohibition and elimination of the worst forms of child labour, including "
     "recruitment and use of child soldiers, and by 2025 end child labour in all its forms"),
    ("8.8", "labour rights of all workers, including migrant workers",
     "Protect labour rights and promote safe and secure working environments for all workers, including "
     "migrant workers, in particular women migrants, and those in precarious employment"),
    ("5.2", "violence against women and girls, including trafficking",
     "Eliminate all forms of violence against all women and girls in the public and private spheres, "
     "including trafficking and sexual and other types of exploitation"),
    ("16.9", "legal identity for all",
     "By 2030, provide legal identity for all, including birth registration"),
    ("17.18", "data disaggregated by migratory status",
     "By 2020, enhance capacity-building support to developing countries, including for least developed "
     "countries and small island developing States, to increase significantly the availability of "
     "high-quality, timely and reliable data disaggregated by income, gender, age, race, ethnicity, "
     "migratory status, disability, geographic location and other characteristics relevant in national "
     "contexts"),
)

THEMES: tuple[LibraryTheme, ...] = tuple(
    LibraryTheme(f"gcm-{n}", "gcm", f"Objective {n}: {wording}", wording, f"{GCM_SOURCE}, objective {n}")
    for n, wording in enumerate(_GCM_OBJECTIVES, start=1)
) + tuple(
    LibraryTheme(f"sdg-{target}", "sdg", f"SDG target {target}: {short}", wording, f"{SDG_SOURCE}, target {target}")
    for target, short, wording in _SDG_TARGETS
)

BY_KEY = {theme.key: theme for theme in THEMES}


def group(key: str) -> LibraryGroup:
    return next(g for g in GROUPS if g.key == key)


def themes_of(group_key: str) -> list[LibraryTheme]:
    return [t for t in THEMES if t.group == group_key]
