"""The RCEP origin self-assessment page (原产地自评估): company → product → importing Party, the
product's bill of materials, its product-specific rule, the verdict explained, and the saved
assessments of the company.

Service calls: ``CompanyRepository.find``/``get`` (company and product choices);
``OriginRepository.latest_bom`` when a product is chosen; ``validate_bom`` → ``bom_to_request``
→ ``request_from_json`` → ``assess`` (with the importing Party's RCEP year for the Appendix
periods) → ``what_if`` and the certificate checklist on Assess — all quick, on the GUI thread;
with ``claim_rates.box11_claims`` (the importer's alternative claims of Art 2.6.6) after loading
the embedded tariff data once when the folder is writable (about a second, the first time);
``OriginRepository.save_bom`` + ``save_assessment`` on Save, ``delete`` and
``duplicate_for_party`` from the saved list; the BOM import (``services.rcep.bom_import``) runs
as a task with progress and cancel, and nothing in the editor changes unless every row is valid.
"Import rule list…" (``PsrTable.import_file``, a database task, see psr_import.py) replaces the
imported product-specific rules, and the rule panel looks the product's rule up again.

Keyboard: Ctrl+Enter assesses, Ctrl+S saves the assessment. Reloads on ``companies_changed``
and ``data_replaced``; relabels on ``language_changed``; read-only mode disables every write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QStandardPaths, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.pages.rcep.origin.bom_editor import BomDraft, BomEditor
from gui.pages.rcep.origin.drafts import (
    bom_mapping,
    draft_from_bom,
    editor_errors,
    material_drafts,
)
from gui.pages.rcep.origin.import_report import BomImportErrorsDialog, show_bom_import_errors
from gui.pages.rcep.origin.psr_import import RuleListImport
from gui.pages.rcep.origin.rule_panel import RulePanel
from gui.pages.rcep.origin.saved import SavedAssessmentsView, result_text
from gui.pages.rcep.origin.verdict import Verdict, VerdictPanel, party_label
from gui.tasks import TaskHandle
from gui.widgets.company_picker import CompanyCombo, product_label, select_quietly
from gui.widgets.form_labels import ERROR_COLOUR, HINT_COLOUR
from gui.widgets.page_shortcuts import run_and_save_shortcuts
from services.companies.models import Company, Product
from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import (
    AppError,
    DataFileError,
    FieldError,
    NotFoundError,
    ValidationError,
)
from services.core.i18n import _, format_date, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.bom import Bom, bom_to_request, validate_bom
from services.rcep.bom_import import BomImport, bom_template_csv, read_bom_file
from services.rcep.certificate import CertificateDraft, certificate_draft
from services.rcep.claim_rates import box11_claims
from services.rcep.defaults import load_default_tariffs
from services.rcep.origin import Assessment, OriginRequest, assess, request_from_json
from services.rcep.origin_store import OriginRepository
from services.rcep.origin_whatif import what_if
from services.rcep.parties import PARTIES, rcep_year
from services.rcep.tariff_repository import TariffRepository
from services.refdata.countries import country_name
from services.refdata.hs import clean_code, format_code

DEFAULT_IMPORTING = "JP"


def importation_year(importing: str | None, day: date) -> int | None:
    """The importing Party's RCEP year on ``day`` (Appendix periods); None when unknown."""
    if importing is None:
        return None
    try:
        return rcep_year(importing, day).number
    except ValidationError:
        return None


class OriginPage(QWidget):
    assessment_saved = Signal(str)  # assessment id

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company: Company | None = None
        self._product: Product | None = None
        self._baseline: BomDraft = BomDraft()
        self._loading = False
        self._bom: Bom | None = None  # the last BOM that validated (what Save stores)
        self._request: OriginRequest | None = None
        self._assessment: Assessment | None = None
        self.import_task: TaskHandle | None = None
        self._tariffs_loaded = False  # the embedded tariff data checked (claims of Art 2.6.6)
        self.import_report: BomImportErrorsDialog | None = None
        self.import_message = ""
        self.rule_import = RuleListImport(ctx, self)
        self._build()
        ctx.hub.companies_changed.connect(self._on_companies_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.retranslate()
        self._apply_read_only()
        self.reload_companies()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.company_label = QLabel(self)
        self.company_combo = CompanyCombo(self, min_chars=10)
        self.product_label = QLabel(self)
        self.product_combo = QComboBox(self)
        self.product_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.product_combo.setMinimumContentsLength(12)
        self.exporting_label = QLabel(self)
        self.exporting_combo = QComboBox(self)
        self.importing_label = QLabel(self)
        self.importing_combo = QComboBox(self)
        for combo in (self.exporting_combo, self.importing_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            for code in sorted(PARTIES, key=country_name):
                combo.addItem(party_label(code), code)
        self.exporting_combo.setCurrentIndex(self.exporting_combo.findData("CN"))
        self.importing_combo.setCurrentIndex(self.importing_combo.findData(DEFAULT_IMPORTING))
        for label, buddy in (
            (self.company_label, self.company_combo),
            (self.product_label, self.product_combo),
            (self.exporting_label, self.exporting_combo),
            (self.importing_label, self.importing_combo),
        ):
            label.setBuddy(buddy)
        self.product_info = QLabel(self)
        self.product_info.setWordWrap(True)
        self.product_info.setStyleSheet(f"color: {HINT_COLOUR};")
        self.product_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_label = QLabel(self)
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("color: #b26a00;")

        top = QHBoxLayout()
        top.addWidget(self.company_label)
        top.addWidget(self.company_combo, 2)
        top.addWidget(self.product_label)
        top.addWidget(self.product_combo, 2)
        top.addWidget(self.exporting_label)
        top.addWidget(self.exporting_combo, 1)
        top.addWidget(self.importing_label)
        top.addWidget(self.importing_combo, 1)

        left = QWidget(self)
        self.editor = BomEditor(self._ctx.reference, left)
        self.saved = SavedAssessmentsView(self._ctx, self.editor.tabs)
        self.editor.tabs.addTab(self.saved, "")
        self.problem_label = QLabel(left)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem_label.hide()
        self.assess_button = QPushButton(left)
        self.assess_button.setDefault(True)
        self.save_button = QPushButton(left)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.assess_button)
        buttons.addWidget(self.save_button)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.problem_label)
        left_layout.addLayout(buttons)

        right = QWidget(self)
        self.rule_panel = RulePanel(self._ctx, right)
        self.verdict = VerdictPanel(right)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 4, 0)
        right_layout.addWidget(self.rule_panel)
        right_layout.addWidget(self.verdict, 1)
        self.right_scroll = QScrollArea(self)
        self.right_scroll.setWidgetResizable(True)
        self.right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.right_scroll.setWidget(right)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 440])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.product_info)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.splitter, 1)

        self.save_shortcut = run_and_save_shortcuts(self, self.run_assessment, self.save_assessment)

        self.company_combo.currentIndexChanged.connect(self._on_company_chosen)
        self.product_combo.currentIndexChanged.connect(self._on_product_chosen)
        self.exporting_combo.currentIndexChanged.connect(self._on_exporting_changed)
        self.importing_combo.currentIndexChanged.connect(self._on_inputs_changed)
        self.editor.changed.connect(self._on_inputs_changed)
        self.rule_panel.rule_changed.connect(self._on_inputs_changed)
        self.rule_panel.rule_saved.connect(self._ctx.hub.status_message)
        self.rule_panel.import_requested.connect(self.import_rules)
        self.rule_import.imported.connect(self.rule_panel.refresh)
        self.assess_button.clicked.connect(self.run_assessment)
        self.save_button.clicked.connect(self.save_assessment)
        self.saved.open_requested.connect(self.open_assessment)
        self.editor.import_requested.connect(self.import_bom)
        self.editor.template_requested.connect(self.save_template)
        self.saved.changed.connect(self._on_saved_changed)

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.company_label.setText(_("Company"))
        self.product_label.setText(_("Product"))
        self.exporting_label.setText(_("From"))
        self.exporting_combo.setToolTip(_("The exporting Party, where the product is made"))
        self.importing_label.setText(_("Into"))
        self.importing_combo.setToolTip(_("The importing Party, where the certificate is used"))
        for combo in (self.exporting_combo, self.importing_combo):
            for i in range(combo.count()):
                combo.setItemText(i, party_label(str(combo.itemData(i))))
        self.read_only_label.setText(
            _("The data folder is open read-only: you can assess, but not save anything.")
        )
        self.assess_button.setText(_("Assess"))
        self.assess_button.setToolTip(_("Assess the originating status (Ctrl+Enter)"))
        self.save_button.setText(_("Save assessment"))
        self.save_button.setToolTip(
            _("Save this version of the bill of materials with the assessment (Ctrl+S)")
        )
        self._relabel_products()
        self.editor.retranslate()
        self.saved.retranslate()
        self._update_saved_tab_title()
        self.rule_panel.retranslate()
        self.verdict.retranslate()
        self._show_product_info()
        self._update_buttons()

    # ---- companies and products ------------------------------------------------------------

    def reload_companies(self) -> None:
        chosen = self.company_combo.reload(self._ctx.store.db)
        self._load_company(chosen, keep_product=True)

    def show_company(self, company_id: str, product_id: str | None = None) -> None:
        index = self.company_combo.findData(company_id)
        if index < 0:
            self.reload_companies()
            index = self.company_combo.findData(company_id)
        if index < 0:
            return
        if index != self.company_combo.currentIndex():
            self.company_combo.setCurrentIndex(index)
        if product_id is not None:
            product_index = self.product_combo.findData(product_id)
            if product_index >= 0:
                self.product_combo.setCurrentIndex(product_index)

    def focus_search(self) -> None:
        """Find (Ctrl+F) here: the company choice, to type a few letters of its name."""
        self.company_combo.focus_for_search()

    def company(self) -> Company | None:
        return self._company

    def product(self) -> Product | None:
        return self._product

    def importing_party(self) -> str:
        return str(self.importing_combo.currentData())

    def exporting_party(self) -> str:
        return str(self.exporting_combo.currentData())

    def set_importing_party(self, code: str) -> None:
        index = self.importing_combo.findData(code)
        if index >= 0:
            self.importing_combo.setCurrentIndex(index)

    def _load_company(self, company_id: str | None, *, keep_product: bool = False) -> None:
        previous_product = self._product.id if self._product and keep_product else None
        previous_company = self._company.id if self._company else None
        try:
            self._company = (
                CompanyRepository(self._ctx.store.db).get(company_id) if company_id else None
            )
        except NotFoundError:
            self._company = None
        self.product_combo.blockSignals(True)
        try:
            self.product_combo.clear()
            for product in self._company.products if self._company else ():
                self.product_combo.addItem(product_label(product), product.id)
            index = self.product_combo.findData(previous_product) if previous_product else -1
            if index < 0 and self.product_combo.count():
                index = 0
            self.product_combo.setCurrentIndex(index)
        finally:
            self.product_combo.blockSignals(False)
        self.saved.set_company(self._company.id if self._company else None)
        self._update_saved_tab_title()
        if self._company is not None and self._company.id != previous_company:
            self._choose_default_importing(self._company)
        product_id = self.product_combo.currentData()
        same = keep_product and self._product is not None and product_id == self._product.id
        self._product = self._find_product(str(product_id) if product_id else None)
        if not same:
            self._load_product()
        else:
            self._show_product_info()

    def _choose_default_importing(self, company: Company) -> None:
        for market in company.markets:
            if market in PARTIES and market != self.exporting_party():
                self.set_importing_party(market)
                return

    def _find_product(self, product_id: str | None) -> Product | None:
        if self._company is None or not product_id:
            return None
        return next((p for p in self._company.products if p.id == product_id), None)

    def _relabel_products(self) -> None:
        if self._company is None:
            return
        for i in range(self.product_combo.count()):
            product = self._find_product(str(self.product_combo.itemData(i)))
            if product is not None:
                self.product_combo.setItemText(i, product_label(product))

    def product_hs(self) -> str:
        return clean_code(self._product.hs_code) if self._product else ""

    def _show_product_info(self) -> None:
        if self._company is None:
            text = _("No company yet: create one on the Companies page, with its products.")
        elif self._product is None:
            text = _("This company has no products: add them on the Companies page.")
        elif not self.product_hs():
            text = _("This product has no HS code: enter it on the Companies page to assess it.")
        else:
            hs = self.product_hs()
            text = _("HS {hs}: {description}").format(
                hs=format_code(hs), description=self._ctx.reference.hs.describe(hs)
            )
        self.product_info.setText(text)

    def _load_product(self) -> None:
        """Shows the latest saved BOM of the product (or an empty one) and looks up its rule."""
        self._loading = True
        try:
            bom = self._latest_bom()
            draft = draft_from_bom(bom) if bom is not None else BomDraft()
            self.editor.load_draft(draft)
            self._baseline = self.editor.draft()
            hs = self.product_hs()
            self.rule_panel.set_hs(hs if len(hs) >= 6 else "")
            if self.rule_panel.found_rule() is None:
                self._prefill_rule_from_saved()
        finally:
            self._loading = False
        self._clear_verdict()
        self._show_product_info()
        self._update_buttons()

    def _prefill_rule_from_saved(self) -> None:
        """No rule on file: offer the rule of the product's latest saved assessment."""
        product = self._product
        latest = next(
            (a for a in self.saved.model.items() if product and a.product_id == product.id), None
        )
        if latest is not None:
            self.rule_panel.set_typed_rule(latest.rule_text, latest.rule_source)

    def _latest_bom(self) -> Bom | None:
        if self._product is None:
            return None
        try:
            return self._repo().latest_bom(self._product.id)
        except AppError as exc:
            show_error(self, exc)
            return None

    def _repo(self) -> OriginRepository:
        return OriginRepository(self._ctx.store.db, self._ctx.reference.hs)

    # ---- assessing -------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.editor.draft() != self._baseline

    def _show_problem(self, message: str | None) -> None:
        self.problem_label.setText(message or "")
        self.problem_label.setVisible(bool(message))

    def problem(self) -> str | None:
        return self.problem_label.text() if not self.problem_label.isHidden() else None

    def _validated_bom(self) -> Bom | None:
        """The editor's BOM checked by the services, or None with every problem marked."""
        company, product = self._company, self._product
        if company is None or product is None:
            self._show_problem(_("Choose a company and one of its products first."))
            return None
        draft = self.editor.draft()
        mapping = bom_mapping(
            draft,
            company_id=company.id,
            product_id=product.id,
            product_hs=product.hs_code,
            description=product.name,
            exporting_party=self.exporting_party(),
        )
        try:
            return validate_bom(mapping, self._ctx.reference.hs)
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return None

    def _show_validation(self, errors: list[FieldError]) -> None:
        mapped = editor_errors(errors)
        self.editor.show_errors(mapped)
        shown = {"product_hs", "product_id", "company_id", "rule", "exporting_party"}
        named = [e.message for e in mapped if e.field in shown]
        summary = ngettext(
            "{count} problem: fix the marked field; nothing was assessed or saved.",
            "{count} problems: fix the marked fields; nothing was assessed or saved.",
            len(mapped),
        ).format(count=format_integer(len(mapped)))
        self._show_problem("\n".join([*named, summary]))

    def _evaluate(self) -> bool:
        """Validates and assesses what the editor holds; False (problems shown) otherwise."""
        self.editor.clear_errors()
        self._show_problem(None)
        bom = self._validated_bom()
        if bom is None:
            return False
        rule_text = self.rule_panel.rule_text()
        if rule_text is None:
            self._show_problem(self.rule_panel.problem())
            return False
        try:
            request = request_from_json(
                bom_to_request(bom, importing_party=self.importing_party(), rule_text=rule_text)
            )
            year = importation_year(request.importing_party, self.assessed_on())
            assessment = assess(request, year=year)
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return False
        except AppError as exc:
            self._show_problem(exc.message)
            return False
        self._bom, self._request, self._assessment = bom, request, assessment
        return True

    @Slot()
    def run_assessment(self) -> bool:
        """Assess (Ctrl+Enter): shows the verdict, or marks what to fix."""
        if not self._evaluate():
            self._clear_verdict(keep_problem=True)
            return False
        request, assessment = self._request, self._assessment
        assert request is not None
        assert assessment is not None
        self.verdict.show_verdict(self._verdict(request, assessment))
        self._show_claims(request, assessment)
        self._update_buttons()
        QTimer.singleShot(0, self._scroll_to_verdict)  # once the panel has its new height
        return True

    def _show_claims(self, request: OriginRequest, assessment: Assessment) -> None:
        """The importer's alternative claims (Art 2.6.6), from the tariff data on file; the
        embedded data are loaded first, once, when the folder is writable (on the GUI thread,
        so that no background write races the saves)."""
        if not assessment.originating or assessment.box11 is None:
            return
        if request.importing_party is None:
            return
        db = self._ctx.store.db
        try:
            if not self._ctx.read_only and not self._tariffs_loaded:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    load_default_tariffs(db)
                finally:
                    QApplication.restoreOverrideCursor()
                self._tariffs_loaded = True
            claims = box11_claims(request, assessment, TariffRepository(db), self.assessed_on())
        except AppError as exc:
            self.verdict.show_claims_failed(exc.message)
            return
        self.verdict.show_claims(claims)

    def _scroll_to_verdict(self) -> None:
        content = self.right_scroll.widget()
        if content is not None and self.verdict.verdict() is not None:
            top = self.verdict.mapTo(content, QPoint(0, 0)).y()
            self.right_scroll.verticalScrollBar().setValue(top)

    def assessed_on(self) -> date:
        return local_today()

    def _certificate(self, request: OriginRequest, assessment: Assessment) -> CertificateDraft:
        company = self._company
        known: dict[str, Any] = {"quantity": self._bom.quantity_text if self._bom else None}
        if company is not None:
            known["exporter_name"] = company.name_en or company.name_zh
            if company.company_type == "manufacturer":
                known["producer"] = company.name_en or company.name_zh
        return certificate_draft(request, assessment, known)

    def _suggestions(self, request: OriginRequest, assessment: Assessment) -> list[str]:
        try:
            return [s.message for s in what_if(request, assessment)]
        except AppError as exc:
            return [exc.message]

    def _verdict(self, request: OriginRequest, assessment: Assessment) -> Verdict:
        return Verdict(
            result=assessment.to_json(),
            request=request,
            assessed_on=self.assessed_on(),
            certificate=self._certificate(request, assessment),
            suggestions=self._suggestions(request, assessment),
        )

    def _clear_verdict(self, *, keep_problem: bool = False) -> None:
        self._bom = self._request = self._assessment = None
        self.verdict.show_verdict(None)
        if not keep_problem:
            self._show_problem(None)
        self._update_buttons()

    @Slot()
    def save_assessment(self) -> str | None:
        """Save (Ctrl+S): assesses what the editor holds, then stores the BOM version and the
        assessment in one transaction; nothing is saved when anything is invalid."""
        if self._ctx.read_only or not self.run_assessment():
            return None
        bom, request = self._bom, self._request
        assert bom is not None
        assert request is not None
        try:
            stored = self._repo().save_assessment(
                bom,
                request.importing_party,
                request.rule_text,
                self.rule_panel.rule_source(),
                self.assessed_on(),
            )
        except ValidationError as exc:
            self._show_validation(exc.errors)
            return None
        except AppError as exc:
            show_error(self, exc)
            return None
        self._baseline = self.editor.draft()
        self.saved.refresh(select=stored.id)
        self._update_saved_tab_title()
        self._ctx.hub.companies_changed.emit()  # the company page lists the assessments too
        message = _("Saved the assessment of {product} for {party}: {result} (BOM v{version}).")
        self._ctx.hub.status_message.emit(
            message.format(
                product=self._product.name if self._product else "",
                party=party_label(stored.importing_party),
                result=result_text(stored.originating),
                version=stored.bom_version,
            )
        )
        self.assessment_saved.emit(stored.id)
        return stored.id

    @Slot(str)
    def open_assessment(self, assessment_id: str) -> bool:
        """Shows a saved assessment: its company, product, BOM version, Party and rule, and
        the verdict assessed again from them."""
        try:
            stored = self._repo().get(assessment_id)
            bom = self._repo().bom(stored.bom_id)
        except AppError as exc:
            show_error(self, exc)
            return False
        if not self._confirm_discard():
            return False
        self._loading = True
        try:
            self.show_company(stored.company_id, stored.product_id)
            if self._product is None or self._product.id != stored.product_id:
                self._show_problem(
                    _("The product of this assessment was removed from the company.")
                )
                return False
            index = self.exporting_combo.findData(stored.exporting_party)
            if index >= 0:
                self.exporting_combo.setCurrentIndex(index)
            if stored.importing_party:
                self.set_importing_party(stored.importing_party)
            self.editor.load_draft(draft_from_bom(bom))
            self._baseline = self.editor.draft()
            self.rule_panel.set_typed_rule(stored.rule_text, stored.rule_source)
        finally:
            self._loading = False
        self.saved.refresh(select=assessment_id)
        ok = self.run_assessment()
        if ok and self._assessment is not None and self._assessment.criterion != stored.criterion:
            self._show_problem(
                _("Saved on {date} with the result {saved}; assessed again today: {now}.").format(
                    date=format_date(stored.assessed_on),
                    saved=stored.criterion or result_text(stored.originating),
                    now=self._assessment.criterion or result_text(self._assessment.originating),
                )
            )
        return ok

    def _update_saved_tab_title(self) -> None:
        index = self.editor.tabs.indexOf(self.saved)
        self.editor.tabs.setTabText(
            index,
            _("Saved assessments ({count})").format(count=format_integer(self.saved.count())),
        )

    @Slot()
    def _on_saved_changed(self) -> None:
        self._update_saved_tab_title()

    # ---- state -----------------------------------------------------------------------------

    def _apply_read_only(self) -> None:
        read_only = self._ctx.read_only
        self.editor.set_read_only(read_only)
        self.rule_panel.set_read_only(read_only)
        self.read_only_label.setVisible(read_only)
        self.save_shortcut.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_product = self._product is not None and bool(self.product_hs())
        self.assess_button.setEnabled(has_product)
        self.save_button.setEnabled(has_product and not self._ctx.read_only)  # assesses first

    # ---- slots -----------------------------------------------------------------------------

    def _confirm_discard(self) -> bool:
        if self._loading or self._ctx.read_only or not self.is_dirty():
            return True
        return dialogs.confirm(
            self,
            _("Unsaved changes"),
            _("The bill of materials has changes that are not saved. Discard them?"),
        )

    @Slot()
    def _on_company_chosen(self) -> None:
        data = self.company_combo.currentData()
        if self._company is not None and data == self._company.id:
            return
        if not self._confirm_discard():
            self.company_combo.select_quietly(self._company.id if self._company else None)
            return
        self._load_company(str(data) if data else None)

    @Slot()
    def _on_product_chosen(self) -> None:
        data = self.product_combo.currentData()
        if self._product is not None and data == self._product.id:
            return
        if not self._confirm_discard():
            select_quietly(self.product_combo, self._product.id if self._product else None)
            return
        self._product = self._find_product(str(data) if data else None)
        self._load_product()

    @Slot()
    def _on_exporting_changed(self) -> None:
        self.editor.set_exporting_party(self.exporting_party())
        self._on_inputs_changed()

    @Slot()
    def _on_inputs_changed(self) -> None:
        if self._loading:
            return
        self.verdict.mark_stale()
        self._update_buttons()

    @Slot()
    def _on_companies_changed(self) -> None:
        self.reload_companies()

    @Slot()
    def _on_data_replaced(self) -> None:
        self._baseline = self.editor.draft()  # a restore replaces everything: nothing to keep
        self._tariffs_loaded = False
        self._apply_read_only()
        self.reload_companies()
        self._load_product()

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
        if self.verdict.verdict() is not None and not self.verdict.is_stale():
            self.run_assessment()  # the engine's reasons in the new language

    # ---- import and template ---------------------------------------------------------------

    @Slot()
    def import_bom(self) -> TaskHandle | None:
        """Asks for a CSV or Excel file and reads its materials in the background; the editor
        changes only when every row is valid (else a report lists the problems by row)."""
        if self._ctx.read_only or (self.import_task is not None and self.import_task.running):
            return None
        if self._product is None:
            self._show_problem(_("Choose a company and one of its products first."))
            return None
        filters = ";;".join(
            (
                _("Bills of materials (*.xlsx *.xlsm *.csv *.txt)"),
                _("Excel workbooks (*.xlsx *.xlsm)"),
                _("CSV files (*.csv *.txt)"),
            )
        )
        path = dialogs.open_file(
            self, _("Import bill of materials"), self.default_directory(), filters
        )
        if path is None:
            return None
        if self.editor.model.rowCount() and not dialogs.confirm(
            self,
            _("Import bill of materials"),
            _("Replace the {count} materials in the table with those of {file}?").format(
                count=format_integer(self.editor.model.rowCount()), file=path.name
            ),
        ):
            return None
        hs = self._ctx.reference.hs

        def work(progress: ProgressFn, cancel: CancelToken) -> BomImport:
            return read_bom_file(path, nomenclature=hs, progress=progress, cancel=cancel)

        self.import_task = self._ctx.tasks.run(
            work,
            on_success=lambda result: self._on_bom_imported(path, result),
            on_failure=lambda exc: self._on_bom_import_failed(path, exc),
            progress_label=_("Reading the bill of materials…"),
            parent=self,
        )
        return self.import_task

    def _on_bom_imported(self, path: Path, result: BomImport) -> None:
        currencies = {m.currency for m in result.materials if m.currency}
        if len(currencies) == 1:
            self.editor.set_currency(currencies.pop())
        self.editor.set_materials(material_drafts(result.materials))
        parts = [
            ngettext(
                "Imported {count} material from {file}.",
                "Imported {count} materials from {file}.",
                len(result.materials),
            ).format(count=format_integer(len(result.materials)), file=path.name)
        ]
        if result.skipped_rows:
            parts.append(
                _("Total rows left out: {rows}.").format(
                    rows=", ".join(str(r) for r in result.skipped_rows)
                )
            )
        if result.ignored_columns:
            parts.append(
                _("Columns not used: {columns}.").format(columns=", ".join(result.ignored_columns))
            )
        message = " ".join(parts)
        self._show_problem(None)
        self.import_message = message
        self._ctx.hub.status_message.emit(message)

    def _on_bom_import_failed(self, path: Path, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            message = _("The import of {file} was cancelled; nothing was changed.")
        elif isinstance(exc, ValidationError):
            self.import_report = show_bom_import_errors(self, path.name, list(exc.errors))
            message = _("{file} was not imported: it has problems, listed by row.")
        else:
            show_error(self, exc, _("Import bill of materials"))
            message = _("The import of {file} failed; nothing was changed.")
        self.import_message = message.format(file=path.name)
        self._ctx.hub.status_message.emit(self.import_message)

    @Slot()
    def import_rules(self) -> TaskHandle | None:
        """Asks for the official rule list (CSV or Word .docx) and imports it in the background;
        afterwards the report, and the product's rule as now on file."""
        return self.rule_import.start()

    @Slot()
    def save_template(self) -> Path | None:
        """Saves an empty CSV template with the columns the import reads."""
        suggested = Path(self.default_directory()) / "bom-template.csv"
        target = dialogs.save_file(
            self, _("Save a bill of materials template"), str(suggested), _("CSV files (*.csv)")
        )
        if target is None:
            return None
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        try:
            target.write_text(bom_template_csv(), encoding="utf-8", newline="")
        except OSError as exc:
            show_error(
                self,
                DataFileError(
                    _("The template could not be saved to {path}: {reason}").format(
                        path=target, reason=exc.strerror or exc
                    )
                ),
            )
            return None
        self._ctx.hub.status_message.emit(_("Saved the template to {path}.").format(path=target))
        return target

    def default_directory(self) -> str:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents or str(Path.home())
