"""The verdict of an assessment, explained: originating or not, the Form RCEP boxes 9–12, the
alternatives met, the regional value content under both formulas with the figures, the de
minimis shares, the accumulated materials, the reasons with their articles, the Annex 3B
checklist with the evidence to keep, and what would make the product qualify.

:meth:`VerdictPanel.show_verdict` takes a :class:`Verdict` (everything already computed by the
services); the panel only lays it out, formatting numbers, money and dates for the language.
The importer's alternative claims of Art 2.6.6 need the tariff data: the page looks them up and
hands them over with :meth:`VerdictPanel.show_claims`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from services.core.i18n import _, format_date, format_decimal, format_money, format_percent
from services.rcep.certificate import CertificateDraft, ItemState, claim_box11
from services.rcep.claim_rates import Box11Claims
from services.rcep.country_of_origin import AlternativeClaim
from services.rcep.origin import OriginRequest
from services.rcep.parties import PARTIES
from services.refdata.hs import format_code

OK_COLOUR = "#2e7d32"
BAD_COLOUR = "#c62828"
WARN_COLOUR = "#b26a00"
HINT_COLOUR = "#6b6b6b"


@dataclass(frozen=True, slots=True)
class Verdict:
    result: Mapping[str, Any]  # Assessment.to_json()
    request: OriginRequest
    assessed_on: date
    certificate: CertificateDraft | None = None
    suggestions: Sequence[str] = ()


class ClaimsState(Enum):
    HIDDEN = "hidden"  # not originating, or no importing Party
    READY = "ready"
    NO_DATA = "no_data"  # no tariff data for the importing Party
    FAILED = "failed"


def party_label(code: str | None) -> str:
    if not code:
        return "—"
    name = PARTIES[code].name() if code in PARTIES else code
    return _("{name} ({code})").format(name=name, code=code)


def money(amount: float, currency: str | None) -> str:
    if currency:
        try:
            return format_money(amount, currency)
        except (ValueError, KeyError):
            pass
    return format_decimal(amount, 2)


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _label(parent: QWidget, *, selectable: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VerdictPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verdict: Verdict | None = None
        self._stale = False
        self._claims_state = ClaimsState.HIDDEN
        self._claims: Box11Claims | None = None
        self._claims_problem = ""

        self.empty_label = _label(self, selectable=False)
        self.empty_label.setStyleSheet(f"color: {HINT_COLOUR}; padding: 12px;")
        self.headline_label = _label(self)
        font = self.headline_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.headline_label.setFont(font)
        self.stale_label = _label(self, selectable=False)
        self.stale_label.setStyleSheet(f"color: {WARN_COLOUR}; font-weight: bold;")
        self.date_label = _label(self)
        self.date_label.setStyleSheet(f"color: {HINT_COLOUR};")

        self.form_box = QGroupBox(self)
        form = QFormLayout(self.form_box)
        self.box9_title, self.box9_value = QLabel(self.form_box), _label(self.form_box)
        self.box10_title, self.box10_value = QLabel(self.form_box), _label(self.form_box)
        self.box11_title, self.box11_value = QLabel(self.form_box), _label(self.form_box)
        self.box12_title, self.box12_value = QLabel(self.form_box), _label(self.form_box)
        for title, value in (
            (self.box9_title, self.box9_value),
            (self.box10_title, self.box10_value),
            (self.box11_title, self.box11_value),
            (self.box12_title, self.box12_value),
        ):
            form.addRow(title, value)
        self.box11_detail = _label(self.form_box)
        form.addRow(self.box11_detail)
        self.box11_checks = _label(self.form_box)
        self.box11_checks.setStyleSheet(f"color: {WARN_COLOUR};")
        form.addRow(self.box11_checks)
        self.box11_claims = _label(self.form_box)
        form.addRow(self.box11_claims)

        self.rule_box = QGroupBox(self)
        rule_layout = QVBoxLayout(self.rule_box)
        self.rule_value = _label(self.rule_box)
        self.alternatives_value = _label(self.rule_box)
        self.rvc_value = _label(self.rule_box)
        self.de_minimis_value = _label(self.rule_box)
        self.accumulation_value = _label(self.rule_box)
        for label in (
            self.rule_value,
            self.alternatives_value,
            self.rvc_value,
            self.de_minimis_value,
            self.accumulation_value,
        ):
            rule_layout.addWidget(label)

        self.reasons_box = QGroupBox(self)
        reasons_layout = QVBoxLayout(self.reasons_box)
        self.reasons_value = _label(self.reasons_box)
        self.articles_value = _label(self.reasons_box)
        self.articles_value.setStyleSheet(f"color: {HINT_COLOUR};")
        reasons_layout.addWidget(self.reasons_value)
        reasons_layout.addWidget(self.articles_value)

        self.whatif_box = QGroupBox(self)
        whatif_layout = QVBoxLayout(self.whatif_box)
        self.whatif_value = _label(self.whatif_box)
        whatif_layout.addWidget(self.whatif_value)

        self.checklist_box = QGroupBox(self)
        checklist_layout = QVBoxLayout(self.checklist_box)
        self.checklist_value = _label(self.checklist_box)
        self.evidence_title = QLabel(self.checklist_box)
        self.evidence_title.setStyleSheet("font-weight: bold;")
        self.evidence_value = _label(self.checklist_box)
        checklist_layout.addWidget(self.checklist_value)
        checklist_layout.addWidget(self.evidence_title)
        checklist_layout.addWidget(self.evidence_value)

        self.content = QWidget(self)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.headline_label,
            self.stale_label,
            self.date_label,
            self.form_box,
            self.rule_box,
            self.reasons_box,
            self.whatif_box,
            self.checklist_box,
        ):
            content_layout.addWidget(widget)
        content_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.content, 1)
        self.retranslate()

    # ---- public ----------------------------------------------------------------------------

    def verdict(self) -> Verdict | None:
        return self._verdict

    def show_verdict(self, verdict: Verdict | None) -> None:
        self._verdict = verdict
        self._stale = False
        self._claims_state, self._claims, self._claims_problem = ClaimsState.HIDDEN, None, ""
        self._fill()

    def show_claims(self, claims: Box11Claims | None) -> None:
        """The alternative claims of Art 2.6.6; None: no tariff data for the importing Party."""
        self._claims = claims
        self._claims_state = ClaimsState.NO_DATA if claims is None else ClaimsState.READY
        self._fill_claims()

    def show_claims_failed(self, problem: str) -> None:
        self._claims_state, self._claims, self._claims_problem = ClaimsState.FAILED, None, problem
        self._fill_claims()

    def mark_stale(self) -> None:
        """The inputs changed after the assessment: the verdict no longer describes them."""
        if self._verdict is not None and not self._stale:
            self._stale = True
            self._fill()

    def is_stale(self) -> bool:
        return self._stale

    def retranslate(self) -> None:
        self.empty_label.setText(
            _(
                "Fill in the bill of materials and the questions, then press Assess "
                "(Ctrl+Enter) to see whether the product is RCEP-originating."
            )
        )
        self.form_box.setTitle(_("Form RCEP"))
        self.box9_title.setText(_("Box 9, HS code"))
        self.box10_title.setText(_("Box 10, origin criterion"))
        self.box11_title.setText(_("Box 11, RCEP country of origin"))
        self.box12_title.setText(_("Box 12, quantity and FOB value"))
        self.rule_box.setTitle(_("How the rule was applied"))
        self.reasons_box.setTitle(_("Reasons"))
        self.checklist_box.setTitle(_("Certificate checklist (Annex 3B)"))
        self.evidence_title.setText(_("Evidence to keep"))
        self._fill()

    # ---- display ---------------------------------------------------------------------------

    def _fill(self) -> None:
        verdict = self._verdict
        self.empty_label.setVisible(verdict is None)
        self.content.setVisible(verdict is not None)
        if verdict is None:
            return
        result, req = verdict.result, verdict.request
        originating = bool(result.get("originating"))
        criterion = result.get("criterion")
        if originating:
            self.headline_label.setText(
                _("✓ Originating under RCEP, criterion {criterion}").format(criterion=criterion)
            )
            self.headline_label.setStyleSheet(f"color: {OK_COLOUR};")
        else:
            self.headline_label.setText(_("✗ Not originating under RCEP"))
            self.headline_label.setStyleSheet(f"color: {BAD_COLOUR};")
        self.stale_label.setText(
            _("The inputs changed after this verdict: press Assess again.") if self._stale else ""
        )
        self.stale_label.setVisible(self._stale)
        importing = req.importing_party
        self.date_label.setText(
            _("Assessed on {date}: {product} from {exporting} to {importing}.").format(
                date=format_date(verdict.assessed_on),
                product=req.description or format_code(req.hs[:6]),
                exporting=party_label(req.exporting_party),
                importing=party_label(importing) if importing else _("any Party"),
            )
        )
        self._fill_form(verdict, originating, criterion)
        self._fill_rule(verdict)
        self.reasons_value.setText(bullets([str(r) for r in result.get("reasons", [])]))
        articles = [_article_label(str(a)) for a in result.get("articles", [])]
        self.articles_value.setText(
            _("Articles: {articles}").format(articles=", ".join(articles)) if articles else ""
        )
        self.whatif_box.setTitle(_("Headroom") if originating else _("What would make it qualify?"))
        self.whatif_value.setText(
            bullets(verdict.suggestions)
            if verdict.suggestions
            else _("No suggestion: nothing simple changes the verdict.")
        )
        self._fill_certificate(verdict.certificate)

    def _fill_certificate(self, certificate: CertificateDraft | None) -> None:
        self.checklist_box.setVisible(certificate is not None)
        if certificate is None:
            return
        lines = []
        for item in certificate.checklist:
            if item.state is ItemState.PRESENT:
                mark, state = "✓", ""
            elif item.state is ItemState.BY_ISSUER:
                mark, state = "○", _("filled in by the issuing body")
            elif item.state is ItemState.NOT_NEEDED:
                mark, state = "–", _("not needed")
            elif item.required:
                mark, state = "✗", _("missing")
            else:
                mark, state = "○", _("optional")
            label = (
                _("Box {box}: {label}").format(box=item.box, label=item.label)
                if item.box
                else item.label
            )
            text = f"{mark} {label}"
            details = [item.note] if item.note else ([state] if state else [])
            if details:
                text = _("{item} ({details})").format(item=text, details="; ".join(details))
            lines.append(text)
        self.checklist_value.setText("\n".join(lines))
        evidence = []
        for entry in certificate.evidence:
            text = entry.text
            if entry.until is not None:
                text = _("{text} Until {date}.").format(text=text, date=format_date(entry.until))
            evidence.append(text)
        self.evidence_title.setVisible(bool(evidence))
        self.evidence_value.setText(bullets(evidence))

    def _fill_form(self, verdict: Verdict, originating: bool, criterion: Any) -> None:
        result, req = verdict.result, verdict.request
        boxes = verdict.certificate.boxes if verdict.certificate is not None else None
        self.box9_value.setText(boxes.box9_hs if boxes else format_code(req.hs[:6]))
        self.box10_value.setText(str(criterion) if originating and criterion else "—")
        box11 = result.get("box11") or {}
        country = box11.get("party") or result.get("rcep_country_of_origin")
        if originating and country:
            written = boxes.box11 if boxes and boxes.box11 else str(country)
            name = PARTIES[str(country)].name() if str(country) in PARTIES else str(country)
            self.box11_value.setText(
                written
                if name == written
                else _("{form} — {party}").format(form=written, party=name)
            )
        else:
            self.box11_value.setText("—")
        fob = result.get("box12_fob")
        parts = []
        if boxes is not None and boxes.box12_quantity:
            parts.append(_("quantity {quantity}").format(quantity=boxes.box12_quantity))
        else:
            parts.append(_("quantity: enter it on the certificate"))
        if fob is not None:
            parts.append(_("FOB {fob}").format(fob=money(float(fob), req.currency)))
        else:
            parts.append(_("no FOB value: the criterion is not RVC"))
        self.box12_value.setText("; ".join(parts) if originating else "—")
        detail = [str(r) for r in box11.get("reasons", [])]
        dv20 = box11.get("dv20")
        if dv20:
            detail.append(
                _("Value added in the exporting Party (DV20): {value}, needs {threshold}.").format(
                    value=format_percent(float(dv20.get("build_down", 0.0)), 2)
                    if dv20.get("build_up") is None
                    else format_percent(max(float(dv20["build_down"]), float(dv20["build_up"])), 2),
                    threshold=format_percent(float(dv20.get("threshold", 20)), 0),
                )
            )
            if dv20.get("method"):
                detail.append(str(dv20["method"]))
        self.box11_detail.setText(bullets(detail) if detail else "")
        self.box11_detail.setVisible(bool(detail) and originating)
        checks = [str(c) for c in box11.get("checks", [])]
        self.box11_checks.setText(bullets(checks) if checks else "")
        self.box11_checks.setVisible(bool(checks) and originating)
        self._fill_claims()

    def _fill_claims(self) -> None:
        verdict, state = self._verdict, self._claims_state
        importing = verdict.request.importing_party if verdict is not None else None
        shown = verdict is not None and state is not ClaimsState.HIDDEN and importing is not None
        self.box11_claims.setVisible(shown)
        if not shown or importing is None:
            return
        title = _("Alternative claims of the importer (Art 2.6.6)")
        if state is ClaimsState.NO_DATA:
            text = _("{title}: no tariff data for {party} on file.").format(
                title=title, party=party_label(importing)
            )
        elif state is ClaimsState.FAILED:
            text = _("{title}: the tariff rates could not be looked up: {problem}").format(
                title=title, problem=self._claims_problem
            )
        else:
            text = self._claims_text(title, importing)
        self.box11_claims.setText(text)

    def _claims_text(self, title: str, importing: str) -> str:
        claims = self._claims
        assert claims is not None
        heading = _("{title}, rates of {party} on {date}:").format(
            title=title, party=party_label(importing), date=format_date(claims.rates.day)
        )

        def option(claim: AlternativeClaim | None, applies: bool) -> str:
            if not applies:
                return _("does not apply")
            if claim is None:
                return _("no tariff data")
            return _("{form} ({rate})").format(
                form=claim_box11(claim), rate=format_percent(claim.rate, 1)
            )

        lines = [
            _("(a) highest rate among the Parties that contributed materials: {option}").format(
                option=option(claims.claims.contributors, bool(claims.contributing))
            ),
            _("(b) highest rate among all Parties: {option}").format(
                option=option(claims.claims.any_party, True)
            ),
            *claims.notes,
        ]
        return heading + "\n" + bullets(lines)

    def _fill_rule(self, verdict: Verdict) -> None:
        result, req = verdict.result, verdict.request
        currency = req.currency
        self.rule_value.setText(_("Rule: {rule}").format(rule=result.get("rule") or "—"))
        met = [str(a) for a in result.get("alternatives_met", [])]
        self.alternatives_value.setText(
            _("Alternatives met: {alternatives}").format(alternatives=", ".join(met))
            if met
            else _("Alternatives met: none")
        )
        rvc = result.get("rvc") or {}
        fob = req.fob_value
        vnm = sum(m.value for m in req.materials if not m.originating)
        vom = sum(m.value for m in req.materials if m.originating)
        threshold = format_percent(float(rvc.get("threshold", 40)), 0)
        lines = [
            _(
                "RVC build-down: (FOB {fob} − non-originating materials {vnm}) ÷ FOB = {rvc} "
                "(needs {threshold})"
            ).format(
                fob=money(fob, currency),
                vnm=money(vnm, currency),
                rvc=format_percent(float(rvc.get("build_down", 0.0)), 2),
                threshold=threshold,
            )
        ]
        if rvc.get("build_up") is not None and req.costs is not None:
            lines.append(
                _(
                    "RVC build-up: (originating materials {vom} + costs {costs}) ÷ FOB {fob} = "
                    "{rvc}"
                ).format(
                    vom=money(vom, currency),
                    costs=money(req.costs.total, currency),
                    fob=money(fob, currency),
                    rvc=format_percent(float(rvc["build_up"]), 2),
                )
            )
        else:
            lines.append(_("RVC build-up: not computed (enter the costs to use this formula)"))
        self.rvc_value.setText("\n".join(lines))
        dmi = result.get("de_minimis") or {}
        shares = []
        if dmi.get("value_share") is not None:
            shares.append(
                _("{share} of the FOB value").format(
                    share=format_percent(float(dmi["value_share"]), 2)
                )
            )
        if dmi.get("weight_share") is not None:
            shares.append(
                _("{share} of the weight").format(
                    share=format_percent(float(dmi["weight_share"]), 2)
                )
            )
        if shares:
            text = _(
                "De minimis: the non-originating materials without the required change are "
                "{shares} (limit {limit})"
            ).format(shares="; ".join(shares), limit=format_percent(10, 0))
            if dmi.get("applied"):
                text = _("{text}; used for the verdict").format(text=text)
        else:
            text = _("De minimis: not relevant for this rule")
        self.de_minimis_value.setText(text)
        accumulation = result.get("accumulation") or {}
        materials = [str(m) for m in accumulation.get("materials", [])]
        if accumulation.get("applied") and materials:
            self.accumulation_value.setText(
                _(
                    "Accumulation: originating materials of other Parties counted as "
                    "originating: {materials}"
                ).format(materials=", ".join(materials))
            )
        else:
            self.accumulation_value.setText(_("Accumulation: not needed"))

    # ---- for tests and the page ------------------------------------------------------------

    def texts(self) -> str:
        """Everything the panel shows, one block (tests look for phrases in it)."""
        labels = self.findChildren(QLabel)
        return "\n".join(label.text() for label in labels if label.isVisibleTo(self))


def _article_label(article: str) -> str:
    """Article numbers stay as written; the annexes are named in the reader's language."""
    if article.startswith("Annex "):
        return _("Annex {number}").format(number=article.removeprefix("Annex "))
    return article
