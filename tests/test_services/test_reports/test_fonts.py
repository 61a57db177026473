"""Finding the report font: the configured file, system fonts, refusals, cleaning text."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core.errors import ValidationError
from services.reports import fonts
from services.reports.fonts import (
    FontCandidate,
    FontNotFoundError,
    ReportFont,
    load_font,
    resolve_font,
    validate_font_file,
)

LATIN_ONLY = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_a_system_font_is_found(font: ReportFont) -> None:
    assert font.has("中")
    assert font.has("A")
    assert font.has("9")
    assert font.path.is_file()


def test_the_configured_font_comes_first(font: ReportFont) -> None:
    assert resolve_font(str(font.path)).path == font.path


def test_an_unusable_configured_font_falls_back_to_the_system(
    font: ReportFont, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    assert resolve_font(str(broken)).path == font.path


def test_nothing_usable_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00" * 64)
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [FontCandidate(broken)])
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda: [])
    with pytest.raises(FontNotFoundError) as info:
        resolve_font(str(broken))
    message = info.value.message
    assert str(broken) in message  # names the configured file that failed
    assert "fonts-wqy-microhei" in message or "YaHei" in message or "PingFang" in message


def test_a_font_without_chinese_is_refused() -> None:
    if not LATIN_ONLY.is_file():
        pytest.skip("DejaVu Sans is not installed")
    with pytest.raises(ValueError, match="missing glyphs"):
        load_font(FontCandidate(LATIN_ONLY))


def test_validate_font_file(font: ReportFont, tmp_path: Path) -> None:
    assert validate_font_file("  ") == ""
    assert validate_font_file(f" {font.path} ") == str(font.path)
    with pytest.raises(ValidationError) as info:
        validate_font_file(str(tmp_path / "missing.ttf"))
    assert info.value.field == "report_font_path"
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"junk")
    with pytest.raises(ValidationError):
        validate_font_file(str(bad))


def test_registration_is_cached(font: ReportFont) -> None:
    assert load_font(FontCandidate(font.path, font.subfont_index)) is font


def test_clean_replaces_what_the_font_cannot_draw(font: ReportFont) -> None:
    placeholder = font.placeholder
    assert font.clean("中文 ABC 123") == "中文 ABC 123"
    assert font.clean("a😀b") == f"a{placeholder}b"
    assert font.clean("👍🏽") == placeholder  # the skin-tone modifier is dropped, not doubled
    assert font.clean("❤️") in ("❤", placeholder)  # the variation selector is dropped
    assert font.clean("a\x00b\x07c\x1b") == "abc"
    assert font.clean("line\nnext\ttab") == "line\nnext\ttab"
