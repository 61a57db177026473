"""Validation of company drafts: every problem reported with its field path."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from services.companies.models import CompanyDraft, Contact, Product
from services.companies.validation import normalise_uscc, validate_draft
from services.core.errors import ValidationError
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData

VALID_USCC = "91420703MA49Y0AB3Y"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_minimal_company_is_valid(hs: HsNomenclature) -> None:
    clean = validate_draft(CompanyDraft(name_zh="  鄂州某科技有限公司 "), hs)
    assert clean.name_zh == "鄂州某科技有限公司"
    assert len(clean.id) == 32


def test_uscc_is_normalised(hs: HsNomenclature) -> None:
    clean = validate_draft(CompanyDraft(name_zh="甲", uscc=" 91420703 ma49y0ab3y "), hs)
    assert clean.uscc == VALID_USCC


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("91420703MA49Y0AB3", "18"),  # too short
        ("91420703MA49Y0AB3X", "check character"),  # wrong check character
        ("9142070OMA49Y0AB3Y", "capital letters"),  # letter O in the region code
        ("91420703MA49Y0IB3Y", "capital letters"),  # I is not used
    ],
)
def test_bad_uscc_says_what_to_fix(raw: str, fragment: str) -> None:
    from services.core.i18n import set_locale

    set_locale("en")
    with pytest.raises(ValidationError) as info:
        normalise_uscc(raw)
    assert info.value.field == "uscc"
    assert fragment in info.value.message


def test_bad_uscc_message_is_chinese_by_default() -> None:
    with pytest.raises(ValidationError) as info:
        normalise_uscc("91420703MA49Y0AB3X")
    assert "校验" in info.value.message


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_any_well_formed_uscc_with_its_check_character_is_accepted(body: str) -> None:
    number = "9" + body[1:8].translate(str.maketrans(USCC_ALPHABET, "0123456789" * 3 + "0"))
    number += body[8:]
    number += stdnum_uscc.calc_check_digit(number)
    assert normalise_uscc(number) == number


@given(st.integers(min_value=0, max_value=17), st.sampled_from(USCC_ALPHABET))
def test_any_single_character_typo_is_caught(position: int, replacement: str) -> None:
    typo = VALID_USCC[:position] + replacement + VALID_USCC[position + 1 :]
    if typo == VALID_USCC:
        return
    with pytest.raises(ValidationError):
        normalise_uscc(typo)


def test_all_errors_are_collected_with_paths(hs: HsNomenclature) -> None:
    draft = CompanyDraft(
        name_zh="",
        uscc="123",
        industry="mining",
        markets=("JP", "ZZZ"),
        channels=("telepathy",),
        contacts=(
            Contact("boss", "张三", "13871234567", "a@example.com"),
            Contact("boss", "李四", "12345", "not-an-email"),
        ),
        products=(Product("电池", "8507.60"), Product("", "1234")),
    )
    with pytest.raises(ValidationError) as info:
        validate_draft(draft, hs)
    fields = _fields(info)
    assert set(fields) == {
        "name_zh",
        "uscc",
        "industry",
        "markets[1]",
        "channels[0]",
        "contacts[1].phone",
        "contacts[1].email",
        "products[1].name",
        "products[1].hs",
    }


@pytest.mark.parametrize(
    "phone", ["13871234567", "027-87654321", "+81 3-1234-5678", "(027) 8765 4321", "400-820-8820"]
)
def test_real_phone_numbers_pass(hs: HsNomenclature, phone: str) -> None:
    clean = validate_draft(CompanyDraft(name_zh="甲", contacts=(Contact("boss", "张", phone),)), hs)
    assert clean.contacts[0].phone == phone.strip()


@pytest.mark.parametrize("phone", ["123", "1387123456", "phone", "+1 000"])
def test_bad_phone_numbers_fail(hs: HsNomenclature, phone: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_draft(CompanyDraft(name_zh="甲", contacts=(Contact("boss", "张", phone),)), hs)
    assert info.value.field == "contacts[0].phone"


def test_email_is_normalised(hs: HsNomenclature) -> None:
    clean = validate_draft(
        CompanyDraft(name_zh="甲", contacts=(Contact("boss", "张", "", "Trade@EXAMPLE.com"),)), hs
    )
    assert clean.contacts[0].email == "Trade@example.com"


def test_product_codes(hs: HsNomenclature) -> None:
    clean = validate_draft(
        CompanyDraft(
            name_zh="甲",
            products=(
                Product("电池", "8507.60"),
                Product("T恤", "6109.10.00"),
                Product("未知", ""),
            ),
        ),
        hs,
    )
    assert [p.hs_code for p in clean.products] == ["850760", "61091000", ""]


@pytest.mark.parametrize("code", ["8507", "85076", "8507.99", "abcdef", "9999.99"])
def test_bad_product_codes(hs: HsNomenclature, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_draft(CompanyDraft(name_zh="甲", products=(Product("x", code),)), hs)
    assert info.value.field == "products[0].hs"


def test_markets_normalised_and_deduplicated(hs: HsNomenclature) -> None:
    clean = validate_draft(
        CompanyDraft(name_zh="甲", markets=("jp", "GB", "UK", "asean", "DE")), hs
    )
    assert clean.markets == ("JP", "UK", "ASEAN", "DE")


def test_over_long_and_control_characters(hs: HsNomenclature) -> None:
    with pytest.raises(ValidationError) as info:
        validate_draft(CompanyDraft(name_zh="甲" * 101, name_en="a\x00b"), hs)
    assert set(_fields(info)) == {"name_zh", "name_en"}


@given(
    st.text(alphabet=string.ascii_letters + string.digits + " \n\t<&>\"'中文企业😀", max_size=60)
)
def test_notes_accept_any_ordinary_text(text: str) -> None:
    clean = validate_draft(CompanyDraft(name_zh="甲", notes=text), _SHARED.hs)
    assert clean.notes == text.strip()


_SHARED = ReferenceData()


def test_an_over_long_phone_gets_one_message(hs: HsNomenclature) -> None:
    contact = Contact("boss", "张", "1" * 101, "a" * 95 + "@x.com")
    with pytest.raises(ValidationError) as info:
        validate_draft(CompanyDraft(name_zh="甲", contacts=(contact,)), hs)
    fields = [e.field for e in info.value.errors]
    assert sorted(fields) == ["contacts[0].email", "contacts[0].phone"]
