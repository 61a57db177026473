"""The sample company's origin self-assessment: its home-storage battery pack (HS 8507.60)
exported to Japan, built from Korean originating cells (backed by the supplier's declaration),
Chinese parts and an imported casing of unknown origin (a services.companies.sample extra).

The product-specific rule is given to the saved assessment only, with a source that says it is
an example to check against the official list: storing it as a user rule in the PSR table
would outlive the sample (that table has no company) and override the rule for every company.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlite_utils import Database

from services.companies.models import Company
from services.companies.sample import SAMPLE_BATTERY_PACK_ID
from services.core.clock import local_today
from services.core.i18n import _
from services.rcep.bom import Bom, BomMaterial
from services.rcep.origin_store import OriginRepository
from services.refdata.hs import HsNomenclature

IMPORTING_PARTY = "JP"
EXAMPLE_RULE = "CTH or RVC40"
CELL_DECLARATION = "KR-SD-2026-0142"  # supplier's declarations: made up, like every figure


def sample_bom(company_id: str, product_hs: str) -> Bom:
    today = local_today()
    return Bom(
        company_id=company_id,
        product_id=SAMPLE_BATTERY_PACK_ID,
        product_hs=product_hs,
        currency="USD",
        fob_value=Decimal("2400"),
        description=_("Home-storage lithium iron phosphate battery pack, 5 kWh"),
        weight_kg=Decimal("52"),
        quantity=Decimal("40"),
        quantity_unit=_("pieces"),
        materials=(
            BomMaterial(
                _("Lithium iron phosphate cells"),
                Decimal("1100"),
                hs="850760",
                origin="KR",
                originating=True,
                evidence_ref=CELL_DECLARATION,
                evidence_date=today - timedelta(days=45),
                weight_kg=Decimal("32"),
            ),
            BomMaterial(
                _("Battery management system board"),
                Decimal("180"),
                hs="853710",
                origin="CN",
                originating=True,
                evidence_ref="SD-BMS-2026-031",
            ),
            BomMaterial(
                _("Cables and connectors"),
                Decimal("60"),
                hs="854442",
                origin="CN",
                originating=True,
                evidence_ref="SD-CAB-2026-017",
            ),
            BomMaterial(_("Aluminium casing"), Decimal("220"), hs="761699", weight_kg=Decimal("9")),
        ),
        notes=_("Sample figures made up to show the origin assessment."),
    )


class SampleOriginAssessment:
    """services.companies.sample.SampleExtra: a BOM of the battery pack and one saved
    assessment of it for Japan."""

    def add(self, db: Database, hs: HsNomenclature, company: Company) -> None:
        product = next((p for p in company.products if p.id == SAMPLE_BATTERY_PACK_ID), None)
        repo = OriginRepository(db, hs)
        if product is None or repo.assessments_for_company(company.id):
            return
        repo.save_assessment(
            sample_bom(company.id, product.hs_code),
            IMPORTING_PARTY,
            EXAMPLE_RULE,
            _(
                "Example rule for the sample company: check it against GACC 2022 No.129 "
                "annex 1 before relying on it."
            ),
            local_today(),
        )
