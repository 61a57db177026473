"""The sample company offered on first start, so a newcomer sees every feature at work.

It is stored with ``is_sample = 1`` — every view of a company must show the 示例/Sample mark
from that flag (the name itself carries no mark) — and is removed in one step
with :func:`remove_samples`. Its texts are written in the language in use when it is loaded.
The capabilities built on companies add their own sample records (a readiness session, an origin
assessment, a warehouse scenario) as :class:`SampleExtra` objects chosen by main.py, the way
dossier sections are; removing the company removes them by the company_id cascades.
Its USCC is made up but well-formed (valid GB 32100-2015 check character), its phone numbers
follow the Chinese numbering plan, its e-mail addresses use the reserved example.com domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlite_utils import Database

from services.companies.models import Company, CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.core.i18n import _
from services.refdata.hs import HsNomenclature

SAMPLE_ID = "sample-gedian-new-energy"
SAMPLE_BATTERY_PACK_ID = "sample-product-battery"  # the product the extras build on


class SampleExtra(Protocol):
    """A capability's records for the sample company (e.g. an answered readiness session).

    The companies package cannot know the capabilities built on it; the composition root
    passes their extras to :func:`load_sample`.
    """

    def add(self, db: Database, hs: HsNomenclature, company: Company) -> None:
        """Adds the records inside the loading transaction, unless the company already has
        records of this kind (so loading again never duplicates them); raises AppError to
        abort the whole load."""
        ...


def sample_draft() -> CompanyDraft:
    return CompanyDraft(
        id=SAMPLE_ID,
        name_zh="葛店光储新能源科技有限公司",
        name_en="Gedian PV & Storage Technology Co., Ltd.",
        uscc="91420703MA49Y0AB3Y",
        industry="new_energy",
        company_type="manufacturer",
        stage="occasional",
        markets=("JP", "KR", "ASEAN", "AUNZ", "EU"),
        channels=("fairs_agents", "b2b_platform", "marketplace"),
        contacts=(
            Contact("boss", _("Zhang Wei"), "13871234567", "", "sample-contact-boss"),
            Contact(
                "trade_lead",
                _("Li Na"),
                "027-60001234",
                "trade@example.com",
                "sample-contact-trade",
            ),
            Contact("finance", _("Wang Fang"), "", "finance@example.com", "sample-contact-finance"),
        ),
        products=(
            Product(
                _("Lithium-ion battery pack for home storage"),
                "850760",
                "",
                SAMPLE_BATTERY_PACK_ID,
            ),
            Product(_("Photovoltaic module"), "854143", "", "sample-product-pv"),
            Product(_("Energy-storage inverter"), "850440", "", "sample-product-inverter"),
        ),
        notes=_(
            "This is a sample company to show what ExportPilot does. Remove it with "
            "File › Remove sample data."
        ),
    )


def load_sample(
    repo: CompanyRepository, hs: HsNomenclature, extras: Sequence[SampleExtra] = ()
) -> Company:
    """Adds the sample company (again, if it was removed) and the extras' records, all in one
    transaction (an extra that fails leaves nothing behind); returns the company."""
    with repo.db.atomic():
        if repo.exists(SAMPLE_ID):
            company = repo.get(SAMPLE_ID)
        else:
            # A fixed id, so that loading it twice or importing it elsewhere never duplicates it.
            company = repo.save(sample_draft(), hs, is_sample=True, create=True)
        # Never sample records on a company that is no longer marked as the sample (merged
        # from a dossier of a real one): remove_samples would leave them behind.
        for extra in extras if company.is_sample else ():
            extra.add(repo.db, hs, company)
    return company


def remove_samples(repo: CompanyRepository) -> int:
    return repo.delete_samples()
