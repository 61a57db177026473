"""The sample company offered on first start, so a newcomer sees every feature at work.

It is stored with ``is_sample = 1`` — every view of a company must show the 示例/Sample mark
from that flag (the name itself carries no mark) — and is removed in one step
with :func:`remove_samples`. Its texts are written in the language in use when it is loaded.
Its USCC is made up but well-formed (valid GB 32100-2015 check character), its phone numbers
follow the Chinese numbering plan, its e-mail addresses use the reserved example.com domain.
"""

from __future__ import annotations

from services.companies.models import Company, CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.core.i18n import _
from services.refdata.hs import HsNomenclature

SAMPLE_ID = "sample-gedian-new-energy"


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
                "sample-product-battery",
            ),
            Product(_("Photovoltaic module"), "854143", "", "sample-product-pv"),
            Product(_("Energy-storage inverter"), "850440", "", "sample-product-inverter"),
        ),
        notes=_(
            "This is a sample company to show what ExportPilot does. Remove it with "
            "File › Remove sample data."
        ),
    )


def load_sample(repo: CompanyRepository, hs: HsNomenclature) -> Company:
    """Adds the sample company (again, if it was removed); returns it."""
    with repo.db.atomic():
        if repo.exists(SAMPLE_ID):
            return repo.get(SAMPLE_ID)
        # A fixed id, so that loading it twice or importing it elsewhere never duplicates it.
        return repo.save(sample_draft(), hs, is_sample=True, create=True)


def remove_samples(repo: CompanyRepository) -> int:
    return repo.delete_samples()
