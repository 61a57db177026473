"""The Chinese font of PDF reports: a TrueType-outline CJK font, embedded (subset) in every PDF.

Resolution order: the font file configured in the settings (``report_font_path``), then the
system's fonts — Windows: Microsoft YaHei, SimHei, SimSun in %WINDIR%\\Fonts; macOS: PingFang,
STHeiti, Songti; Linux: WenQuanYi Micro Hei / Zen Hei, Noto Sans CJK, AR PL UMing (known paths,
then ``fc-match`` when fontconfig is installed). A candidate is used only if reportlab can load
its outlines (CFF-outline fonts such as the OpenType Noto Sans CJK are refused) and it has
Chinese, Latin letters and digits. None found: :class:`FontNotFoundError` says what to install
or configure — a report is never printed with boxes for Chinese text.

TrueType collections (.ttc) are opened with ``subfontIndex``. Registration is cached per
process: a batch of reports loads the font file once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from services.core.errors import AppError, ValidationError
from services.core.i18n import _

log = logging.getLogger(__name__)

# What a report font must be able to draw: Chinese, Latin letters and digits.
REQUIRED_CHARACTERS = "中文企业报告AZaz09%"
# Placeholder for a character the font cannot draw (the geta mark 〓 is the typesetter's
# convention for a missing glyph); "?" when the font lacks even that.
PLACEHOLDERS = ("\u3013", "?")
# Characters that shape emoji sequences; dropped rather than shown as placeholders.
_INVISIBLE_JOINERS = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x20E3}) | frozenset(
    range(0x1F3FB, 0x1F400)
)


class FontNotFoundError(AppError):
    code = "no_report_font"


@dataclass(frozen=True, slots=True)
class FontCandidate:
    path: Path
    subfont_index: int = 0


@dataclass(frozen=True)
class ReportFont:
    """A registered font: ``name`` is what reportlab styles use."""

    name: str
    path: Path
    subfont_index: int
    covered: frozenset[int] = field(repr=False)
    placeholder: str = "?"

    def has(self, char: str) -> bool:
        return ord(char) in self.covered

    def clean(self, text: str) -> str:
        """``text`` with control characters removed and characters the font lacks replaced by a
        visible placeholder (emoji joiners and variation selectors are dropped)."""
        out = []
        for char in text:
            code = ord(char)
            if char in "\n\t":
                out.append(char)
            elif code < 0x20 or 0x7F <= code < 0xA0 or code in _INVISIBLE_JOINERS:
                continue
            elif code in self.covered:
                out.append(char)
            elif 0xD800 <= code <= 0xDFFF:
                continue
            else:
                out.append(self.placeholder)
        return "".join(out)


_lock = threading.Lock()
_registered: dict[tuple[str, int], ReportFont] = {}


def load_font(candidate: FontCandidate) -> ReportFont:
    """Registers ``candidate`` with reportlab (once per process) or raises ValueError saying
    why it cannot be used."""
    path = candidate.path
    key = (str(path), candidate.subfont_index)
    with _lock:
        cached = _registered.get(key)
        if cached is not None:
            return cached
        digest = hashlib.sha1(f"{key[0]}#{key[1]}".encode(), usedforsecurity=False)
        name = "EPCJK-" + digest.hexdigest()[:10]
        try:
            font = TTFont(name, str(path), subfontIndex=candidate.subfont_index)
        except (TTFError, OSError, ValueError, IndexError, KeyError, AssertionError) as exc:
            raise ValueError(str(exc) or type(exc).__name__) from exc
        covered = frozenset(font.face.charToGlyph)
        missing = [c for c in REQUIRED_CHARACTERS if ord(c) not in covered]
        if missing:
            raise ValueError("missing glyphs: " + "".join(missing))
        pdfmetrics.registerFont(font)
        placeholder = next((p for p in PLACEHOLDERS if ord(p) in covered), "?")
        report_font = ReportFont(name, path, candidate.subfont_index, covered, placeholder)
        _registered[key] = report_font
        return report_font


def validate_font_file(raw: str) -> str:
    """A font path from the settings: empty (find a system font) or a usable TrueType font.

    Returns the cleaned path; raises ValidationError saying what is wrong.
    """
    text = raw.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError(
            _("The font file {path} does not exist.").format(path=text), field="report_font_path"
        )
    try:
        load_font(FontCandidate(path, 0))
    except ValueError as exc:
        raise ValidationError(
            _(
                "The font file {path} cannot be used for reports ({reason}). Choose a TrueType "
                "Chinese font (.ttf or .ttc), e.g. Microsoft YaHei or WenQuanYi Micro Hei."
            ).format(path=text, reason=exc),
            field="report_font_path",
        ) from exc
    return str(path)


def resolve_font(configured: str = "") -> ReportFont:
    """The configured font if it works, else the first usable system font."""
    for candidate in _candidates(configured):
        try:
            return load_font(candidate)
        except ValueError as exc:
            log.info("report font %s unusable: %s", candidate.path, exc)
    raise FontNotFoundError(_no_font_message(configured))


def _no_font_message(configured: str) -> str:
    if sys.platform.startswith("win"):
        hint = _(
            "Windows normally has Microsoft YaHei (msyh.ttc) or SimHei (simhei.ttf) in the "
            "Fonts folder; reinstall them."
        )
    elif sys.platform == "darwin":
        hint = _("macOS normally has PingFang or STHeiti; restore the system fonts.")
    else:
        hint = _(
            "On Debian or Ubuntu install it with: sudo apt-get install fonts-wqy-microhei "
            "(WenQuanYi Micro Hei)."
        )
    message = _(
        "No Chinese TrueType font was found for the PDF report, so Chinese text cannot be "
        "printed. {hint} Or choose a font file (.ttf or .ttc) in Settings › Report font."
    ).format(hint=hint)
    if configured.strip():
        message = (
            _("The report font in the settings ({path}) cannot be used.").format(
                path=configured.strip()
            )
            + " "
            + message
        )
    return message


# ---- candidates ----------------------------------------------------------------------------


def _candidates(configured: str) -> Iterator[FontCandidate]:
    seen: set[tuple[str, int]] = set()

    def fresh(items: Iterable[FontCandidate]) -> Iterator[FontCandidate]:
        for item in items:
            key = (str(item.path), item.subfont_index)
            if key not in seen and item.path.is_file():
                seen.add(key)
                yield item

    if configured.strip():
        yield from fresh([FontCandidate(Path(configured.strip()).expanduser(), 0)])
    yield from fresh(system_font_candidates())
    yield from fresh(_fontconfig_candidates())


def system_font_candidates() -> list[FontCandidate]:
    """Known locations of Chinese TrueType fonts on this platform, best first."""
    if sys.platform.startswith("win"):
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        names = ["msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "simkai.ttf"]
        return [FontCandidate(folder / n) for n in names]
    if sys.platform == "darwin":
        paths = [
            "/System/Library/Fonts/PingFang.ttc",
            "/System/Library/Fonts/STHeiti Medium.ttc",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/System/Library/Fonts/Hiragino Sans GB.ttc",
            "/System/Library/Fonts/Supplemental/Songti.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
        ]
        return [FontCandidate(Path(p)) for p in paths]
    paths = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ]
    return [FontCandidate(Path(p)) for p in paths]


FONTCONFIG_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "AR PL UMing CN",
)


def _fontconfig_candidates() -> list[FontCandidate]:
    """Ask fontconfig (where installed) for the files of the usual Chinese families; its answer
    for a missing family is a Latin fallback, which :func:`load_font` then refuses."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    found: list[FontCandidate] = []
    for family in FONTCONFIG_FAMILIES:
        try:
            out = subprocess.run(
                [fc_match, "-f", "%{file}|%{index}", f"{family}:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return found
        path, _sep, index = out.strip().partition("|")
        if path:
            found.append(FontCandidate(Path(path), int(index) if index.isdigit() else 0))
    return found
