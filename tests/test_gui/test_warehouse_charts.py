"""The planner's charts (gui/widgets/charts.py): round axis ticks, and painting to an image of
any size without touching the chart on screen."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from gui.widgets.charts import (
    Band,
    BandChart,
    CurveChart,
    Mark,
    Series,
    StackedBarChart,
    nice_ticks,
)

pytestmark = pytest.mark.gui


def _coloured(image: QImage, colour: str) -> int:
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y).name() == colour
    )


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 1000) == [0, 200, 400, 600, 800, 1000]
    assert nice_ticks(0, 0.77, 4) == [0, 0.2, 0.4, 0.6, 0.8]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=1e-3, max_value=1e7, allow_nan=False),
)
def test_nice_ticks_always_cover(low: float, span: float) -> None:
    ticks = nice_ticks(low, low + span)
    assert ticks[0] <= low + 1e-6 * span
    assert ticks[-1] >= low + span - 1e-6 * span
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    assert all(math.isclose(step, steps[0], rel_tol=1e-6) for step in steps)
    assert 2 <= len(ticks) <= 13


def test_stacked_bars_render_at_any_size(qtbot: QtBot) -> None:
    chart = StackedBarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.set_title("Cost per unit")
    chart.set_data(
        ["Direct", "3PL"], [Series("Goods", (50.0, 50.0)), Series("Freight", (100.0, 20.0))]
    )
    assert chart.totals() == [150.0, 70.0]
    image = chart.render_to_image(QSize(640, 360))
    assert image.size() == QSize(640, 360)
    assert chart.size() == QSize(400, 300)  # the chart on screen is untouched
    goods, freight = _coloured(image, "#1f6fb2"), _coloured(image, "#e07b1a")
    assert goods > 0
    assert freight > goods  # the direct bar's freight is twice its goods


def test_empty_chart_paints_only_its_message(qtbot: QtBot) -> None:
    chart = CurveChart()
    qtbot.addWidget(chart)
    chart.set_empty_text("No curves")
    image = chart.render_to_image(QSize(400, 300))
    assert _coloured(image, "#1f6fb2") == 0
    chart.set_data(
        [0.0, 10.0, 20.0],
        [Series("Direct", (0.0, 100.0, 200.0)), Series("3PL", (50.0, 100.0, 150.0))],
        [Mark(10.0, 100.0, "Direct = 3PL: 10")],
        x_label="Units",
        y_label="Cost",
    )
    assert chart.marks()[0].x == 10.0
    assert _coloured(chart.render_to_image(QSize(400, 300)), "#1f6fb2") > 0


def test_band_chart_marks_days(qtbot: QtBot) -> None:
    chart = BandChart()
    qtbot.addWidget(chart)
    days = 60
    chart.set_data(
        band=Band(tuple(10.0 for _ in range(days)), tuple(30.0 for _ in range(days)), "P10–P90"),
        middle=Series("Median", tuple(20.0 for _ in range(days))),
        lines=[Series("Safety stock", (5.0,) * days)],
        ticks=[(0, "Aug"), (31, "Sep")],
        markers=[40],
        marker_label="Stock-out risk",
        events=[20],
        event_label="Arrivals",
    )
    assert chart.markers() == [40]
    assert chart.events() == [20]
    image = chart.render_to_image(QSize(600, 300))
    assert _coloured(image, BandChart.MARKER_COLOUR) > 0
    chart.clear()
    assert chart.band() is None
