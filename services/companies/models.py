"""Company dossier (企业档案): the record every other capability hangs on.

Choice values are stable English keys stored in the database and files; their labels are
translated where shown (:func:`choice_label`). The keys match the readiness profile of
domain/readiness.md §3.2 so that a dossier prefills it.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.core.i18n import N_, _

INDUSTRIES: dict[str, str] = {
    "optoelectronics": N_("Optoelectronic information"),
    "biomedicine": N_("Biomedicine"),
    "new_materials": N_("New materials"),
    "high_end_equipment": N_("High-end equipment"),
    "new_energy": N_("New energy"),
    "ecommerce_logistics": N_("E-commerce & logistics"),
    "other": N_("Other industry"),
}
COMPANY_TYPES: dict[str, str] = {
    "manufacturer": N_("Manufacturer"),
    "trader": N_("Trading company"),
    "brand_no_factory": N_("Brand owner without a factory"),
}
EXPORT_STAGES: dict[str, str] = {
    "never": N_("Not yet exporting"),
    "occasional": N_("Occasional exporter"),
    "regular": N_("Regular exporter"),
}
CHANNELS: dict[str, str] = {
    "fairs_agents": N_("Trade fairs & agents"),
    "b2b_platform": N_("B2B platforms"),
    "marketplace": N_("Cross-border marketplaces"),
    "dtc": N_("Own online shop (DTC)"),
    "overseas_wh": N_("Overseas warehouse"),
    "oem": N_("OEM / contract manufacturing"),
}
CONTACT_ROLES: dict[str, str] = {
    "boss": N_("Owner / general manager"),
    "trade_lead": N_("Foreign-trade lead"),
    "finance": N_("Finance"),
    "quality": N_("Quality"),
    "ecom_ops": N_("E-commerce operations"),
    "other": N_("Other contact"),
}


def choice_label(choices: dict[str, str], key: str | None) -> str:
    if not key:
        return ""
    label = choices.get(key)
    return _(label) if label else key


@dataclass(frozen=True, slots=True)
class Contact:
    role: str
    name: str
    phone: str = ""
    email: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    hs_code: str = ""  # digits only; 6, 8 or 10 digits
    notes: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class CompanyDraft:
    """What a form or a JSON file supplies; validated into a Company on save."""

    name_zh: str
    name_en: str = ""
    uscc: str = ""
    industry: str | None = None
    company_type: str | None = None
    stage: str | None = None
    markets: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    products: tuple[Product, ...] = ()
    notes: str = ""
    id: str = ""  # empty for a new company


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    name_zh: str
    name_en: str
    uscc: str | None
    industry: str | None
    company_type: str | None
    stage: str | None
    markets: tuple[str, ...]
    channels: tuple[str, ...]
    contacts: tuple[Contact, ...]
    products: tuple[Product, ...]
    notes: str
    is_sample: bool
    archived_at: str | None
    created_at: str
    updated_at: str

    @classmethod
    def from_draft(
        cls,
        draft: CompanyDraft,
        *,
        is_sample: bool,
        archived_at: str | None,
        created_at: str,
        updated_at: str,
    ) -> Company:
        """A stored company from a validated draft plus its bookkeeping fields."""
        return cls(
            id=draft.id,
            name_zh=draft.name_zh,
            name_en=draft.name_en,
            uscc=draft.uscc or None,
            industry=draft.industry,
            company_type=draft.company_type,
            stage=draft.stage,
            markets=draft.markets,
            channels=draft.channels,
            contacts=draft.contacts,
            products=draft.products,
            notes=draft.notes,
            is_sample=is_sample,
            archived_at=archived_at,
            created_at=created_at,
            updated_at=updated_at,
        )

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def to_draft(self) -> CompanyDraft:
        return CompanyDraft(
            id=self.id,
            name_zh=self.name_zh,
            name_en=self.name_en,
            uscc=self.uscc or "",
            industry=self.industry,
            company_type=self.company_type,
            stage=self.stage,
            markets=self.markets,
            channels=self.channels,
            contacts=self.contacts,
            products=self.products,
            notes=self.notes,
        )


@dataclass(frozen=True, slots=True)
class CompanySummary:
    """One row of the company list."""

    id: str
    name_zh: str
    name_en: str
    uscc: str | None
    industry: str | None
    stage: str | None
    markets: tuple[str, ...]
    product_count: int
    is_sample: bool
    archived: bool
    updated_at: str


@dataclass(frozen=True, slots=True)
class CompanyFilter:
    text: str = ""  # matches names, USCC, product names and HS codes
    industry: str | None = None
    market: str | None = None
    include_archived: bool = False
    only_archived: bool = False
    sort: str = "name"  # name | updated | uscc | industry
    descending: bool = False
    limit: int | None = None
