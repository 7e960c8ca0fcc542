"""A program's unit for a count of exactly one ('1 speeltuin', '1 playground'), beside the unit for every other
count ('2 speeltuinen'): `unit_label_one_nl` and `unit_label_one_en`, required like the plural labels.

Existing programs get a value, so none is empty: a program of data/programs.yaml whose plural label is still the
catalogue's gets the catalogue's singular (SINGULARS, as the catalogue had them when this migration was written: a
migration does not change with a later edit of the YAML); any other program (made or renamed by staff) keeps its
plural label for one too, which an admin can correct in the entry page's program form.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LANGUAGES = ("nl", "en")
SINGULARS = {  # language -> program id -> (plural label, singular label) of data/programs.yaml
    "nl": {
        "gli": ("deelnemers", "deelnemer"),
        "gli_groepsbijeenkomsten": ("groepsbijeenkomsten", "groepsbijeenkomst"),
        "gli_individuele_gesprekken": ("individuele gesprekken", "individueel gesprek"),
        "gli_leefstijlcoaches": ("leefstijlcoaches", "leefstijlcoach"),
        "gli_groepsgrootte": ("deelnemers per groep", "deelnemer per groep"),
        "gli_opzet_individuele_gesprekken": ("gesprekken per leefstijlgroep", "gesprek per leefstijlgroep"),
        "gli_opzet_groepsbijeenkomsten": ("bijeenkomsten per leefstijlgroep", "bijeenkomst per leefstijlgroep"),
        "groepsconsulten_groepsgrootte": ("deelnemers per consult", "deelnemer per consult"),
        "diablend_wijken": ("wijken", "wijk"),
        "welzijn_op_recept": ("doorverwijzingen", "doorverwijzing"),
        "welzijn_op_recept_praktijken": ("huisartsenpraktijken", "huisartsenpraktijk"),
        "brugfunctionarissen": ("brugfunctionarissen", "brugfunctionaris"),
        "peuterconsulenten": ("peuterconsulenten", "peuterconsulent"),
        "voorschool_extra_kinderen": ("kinderen extra", "kind extra"),
        "hulp_in_de_kleuterklas": ("scholen", "school"),
        "moerwijk_moeders": ("vrouwen", "vrouw"),
        "buurtkamer_de_luyk_bereik": ("inwoners per maaltijd", "inwoner per maaltijd"),
        "buurtkamer_de_luyk_vrijwilligers": ("vrijwilligers", "vrijwilliger"),
        "zwemmen_voor_vrouwen": ("vrouwen", "vrouw"),
        "speeltuintour_speeltuinen": ("speeltuinen", "speeltuin"),
        "gewoon_sociaal_vrijwilligers": ("vrijwilligers", "vrijwilliger"),
        "gewoon_sociaal_nieuwe_vrijwilligers": ("nieuwe vrijwilligers", "nieuwe vrijwilliger"),
        "gewoon_sociaal_locaties": ("locaties", "locatie"),
        "sociaal_contract_projecten": ("projecten", "project"),
        "kwartiermakers": ("kwartiermakers", "kwartiermaker"),
        "focuswijken": ("focuswijken", "focuswijk"),
        "netwerk_tafels": ("tafels", "tafel"),
        "netwerk_tafels_deelnemers": ("deelnemers per tafel", "deelnemer per tafel"),
        "breed_overleg": ("bijeenkomsten per jaar", "bijeenkomst per jaar"),
        "breed_overleg_deelnemers": ("deelnemers per bijeenkomst", "deelnemer per bijeenkomst"),
        "preventietafel_bijeenkomsten": ("bijeenkomsten per jaar", "bijeenkomst per jaar"),
    },
    "en": {
        "gli": ("participants", "participant"),
        "gli_groepsbijeenkomsten": ("group sessions", "group session"),
        "gli_individuele_gesprekken": ("individual conversations", "individual conversation"),
        "gli_leefstijlcoaches": ("lifestyle coaches", "lifestyle coach"),
        "gli_groepsgrootte": ("participants per group", "participant per group"),
        "gli_opzet_individuele_gesprekken": ("conversations per lifestyle group", "conversation per lifestyle group"),
        "gli_opzet_groepsbijeenkomsten": ("sessions per lifestyle group", "session per lifestyle group"),
        "groepsconsulten_groepsgrootte": ("participants per consultation", "participant per consultation"),
        "diablend_wijken": ("neighbourhoods", "neighbourhood"),
        "welzijn_op_recept": ("referrals", "referral"),
        "welzijn_op_recept_praktijken": ("GP practices", "GP practice"),
        "brugfunctionarissen": ("bridge workers", "bridge worker"),
        "peuterconsulenten": ("toddler consultants", "toddler consultant"),
        "voorschool_extra_kinderen": ("additional children", "additional child"),
        "hulp_in_de_kleuterklas": ("schools", "school"),
        "moerwijk_moeders": ("women", "woman"),
        "buurtkamer_de_luyk_bereik": ("residents per meal", "resident per meal"),
        "buurtkamer_de_luyk_vrijwilligers": ("volunteers", "volunteer"),
        "zwemmen_voor_vrouwen": ("women", "woman"),
        "speeltuintour_speeltuinen": ("playgrounds", "playground"),
        "gewoon_sociaal_vrijwilligers": ("volunteers", "volunteer"),
        "gewoon_sociaal_nieuwe_vrijwilligers": ("new volunteers", "new volunteer"),
        "gewoon_sociaal_locaties": ("locations", "location"),
        "sociaal_contract_projecten": ("projects", "project"),
        "kwartiermakers": ("pioneers", "pioneer"),
        "focuswijken": ("focus neighbourhoods", "focus neighbourhood"),
        "netwerk_tafels": ("tables", "table"),
        "netwerk_tafels_deelnemers": ("participants per table", "participant per table"),
        "breed_overleg": ("meetings per year", "meeting per year"),
        "breed_overleg_deelnemers": ("participants per meeting", "participant per meeting"),
        "preventietafel_bijeenkomsten": ("meetings per year", "meeting per year"),
    },
}


def upgrade() -> None:
    """ADD COLUMN with a default on both databases (SQLite adds a NOT NULL column only with one; a table rebuild
    would be refused by the foreign keys from `counts`, see 0004), then the values, then PostgreSQL drops the
    default: every program written from now on states its singular (programs.validation.ProgramIn)."""
    programs = sa.table("programs", sa.column("id", sa.String), *(
        sa.column(f"unit_label{part}_{lang}", sa.String) for part in ("", "_one") for lang in LANGUAGES))
    for lang in LANGUAGES:
        one, plural = programs.c[f"unit_label_one_{lang}"], programs.c[f"unit_label_{lang}"]
        op.execute(f"ALTER TABLE programs ADD COLUMN {one.name} VARCHAR(100) NOT NULL DEFAULT ''")
        op.execute(programs.update().values({one: plural}))
        for program_id, (plural_label, singular) in SINGULARS[lang].items():
            op.execute(programs.update().where(programs.c.id == program_id, plural == plural_label)
                       .values({one: singular}))
        if op.get_bind().dialect.name != "sqlite":
            op.execute(f"ALTER TABLE programs ALTER COLUMN {one.name} DROP DEFAULT")


def downgrade() -> None:
    for lang in reversed(LANGUAGES):
        op.execute(f"ALTER TABLE programs DROP COLUMN unit_label_one_{lang}")
