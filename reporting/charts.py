"""Charts as server-rendered SVG: one Chart is drawn as an accessible inline <svg> and listed as
a data table (Chart.table), from the same numbers, by templates/reporting/_chart.html.

No JavaScript and no chart library: the page keeps its strict Content-Security-Policy, the
figure prints, and a PDF made with WeasyPrint (which draws inline SVG) includes the same
template: one more {% include %}, not a second implementation. Colours are presentation
attributes (not style), and each series also differs by dash or shade, so it is not told
apart by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from jobsporet.core import formatting

COLOURS = ["#0d6efd", "#198754", "#fd7e14", "#6c757d", "#dc3545", "#6f42c1", "#20c997"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "", "4 4", ""]
TARGET_COLOUR = "#b02a37"
WIDTH = 640
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11"'

Format = Callable[[float | None], str]


def as_percent(value: float | None) -> str:
    return formatting.percent(value)


def as_count(value: float | None) -> str:
    return formatting.number(value, 0)


def as_kroner(value: float | None) -> str:
    return formatting.kroner(value)


def as_hours(value: float | None) -> str:
    return formatting.hours(value)


def as_kroner_short(value: float | None) -> str:
    """An axis label in kroner: 2,5 mio. kr. or 250.000 kr."""
    if value is not None and abs(value) >= 1_000_000:
        return f"{formatting.number(value / 1_000_000, 1)} mio. kr."
    return formatting.kroner(value)


@dataclass
class Series:
    label: str
    values: list[float | None]
    # A series only in the table (e.g. the month's own spend beside the running total).
    drawn: bool = True
    fmt: Format | None = None


@dataclass
class Chart:
    """kind: "line" (categories along x), "stacked" (stacked columns), "bars" (horizontal
    bars, one group per category, one bar per drawn series)."""

    slug: str
    title: str
    caption: str
    kind: str
    category_label: str
    categories: list[str]
    series: list[Series]
    fmt: Format = as_count
    target: float | None = None
    target_label: str = ""
    # Per category: a note drawn after the bars and shown in the table (e.g. "n = 4").
    notes: list[str] = field(default_factory=list)
    # Per category: drawn faded (too few to judge).
    faded: list[bool] = field(default_factory=list)
    empty_text: str = ""
    # The axis' labels (default: fmt).
    axis_fmt: Format | None = None

    @property
    def is_empty(self) -> bool:
        return not self.categories

    @property
    def table_rows(self) -> list[tuple[str, list[str], str]]:
        """(category, formatted values of every series, note) for the data table."""
        rows = []
        for index, category in enumerate(self.categories):
            values = [(s.fmt or self.fmt)(s.values[index]) for s in self.series]
            note = self.notes[index] if index < len(self.notes) else ""
            rows.append((category, values, note))
        return rows

    @property
    def has_notes(self) -> bool:
        return any(self.notes)

    def table(self) -> SafeString:
        """The figures as a <table> (what _chart.html shows under the chart). Written here like
        the <svg>, not as loops in the template: a chart of many categories (a month a row for
        years, a bar per job broker) made the template's loops the slowest part of the page."""
        notes = self.has_notes
        head = "".join(f'<th scope="col" class="num">{escape(s.label)}</th>' for s in self.series)
        if notes:
            head += f'<th scope="col">{escape(_("Note"))}</th>'
        rows = []
        for category, values, note in self.table_rows:
            cells = "".join(f'<td class="num">{escape(value)}</td>' for value in values)
            if notes:
                cells += f"<td>{escape(note)}</td>"
            row_head = f'<th scope="row" class="fw-normal">{escape(category)}</th>'
            rows.append(f"<tr>{row_head}{cells}</tr>")
        return mark_safe(
            f'<table class="table table-sm mb-0" data-chart="{escape(self.slug)}">'
            f'<caption class="visually-hidden">{escape(self.title)}</caption>'
            f'<thead><tr><th scope="col">{escape(self.category_label)}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def svg(self) -> SafeString:
        """The chart as an inline <svg> (role img, titled by the chart's title and caption)."""
        if self.is_empty:
            return mark_safe("")
        draw = {"line": _line, "stacked": _stacked, "bars": _bars}[self.kind]
        height, body = draw(self)
        title_id, desc_id = f"{self.slug}-title", f"{self.slug}-desc"
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
            f'aria-labelledby="{title_id} {desc_id}" {FONT}>'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{desc_id}">{escape(self.caption)}</desc>'
            f"{body}</svg>"
        )


def _nice_top(value: float, *, fraction: bool) -> float:
    """A round upper end for the axis at or above value."""
    if value <= 0:
        return 1.0
    if fraction:
        return min(1.0, math.ceil(value * 10 + 1e-9) / 10) if value <= 1 else value
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _is_fraction(chart: Chart) -> bool:
    return chart.fmt is as_percent


def _legend(chart: Chart, x: float, y: float) -> str:
    parts, cursor = [], x
    for index, series in enumerate(s for s in chart.series if s.drawn):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        if chart.kind == "line":
            mark = (
                f'<line x1="{cursor}" y1="{y - 4}" x2="{cursor + 18}" y2="{y - 4}" '
                f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
            )
        else:
            mark = f'<rect x="{cursor}" y="{y - 9}" width="12" height="10" fill="{colour}"/>'
        label = escape(series.label)
        parts.append(f'{mark}<text x="{cursor + 22}" y="{y}">{label}</text>')
        cursor += 32 + 6.2 * len(series.label)
    if chart.target is not None and chart.target_label:
        parts.append(
            f'<line x1="{cursor}" y1="{y - 4}" x2="{cursor + 18}" y2="{y - 4}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{cursor + 22}" y="{y}">{escape(chart.target_label)}</text>'
        )
    return "".join(parts)


def _y_axis(chart: Chart, top: float, left: float, plot_top: float, plot_height: float) -> str:
    parts = []
    for step in range(5):
        value = top * step / 4
        y = plot_top + plot_height - plot_height * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#dee2e6"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#495057">'
            f"{escape((chart.axis_fmt or chart.fmt)(value))}</text>"
        )
    return "".join(parts)


def _x_labels(chart: Chart, xs: list[float], baseline: float) -> str:
    count = len(chart.categories)
    every = max(1, math.ceil(count / 8))
    shown = set(range(0, count, every))
    if count - 1 - max(shown) < every and max(shown) > 0:
        # The last point is always labelled; a label just before it would overlap.
        shown.discard(max(shown))
    shown.add(count - 1)
    parts = []
    for index, (x, label) in enumerate(zip(xs, chart.categories, strict=True)):
        if index not in shown:
            continue
        anchor = "middle"
        if index == count - 1 and count > 1:
            # Centred on the last point, the label ran past the right edge ("Mar 20" for
            # "Mar 2023"): it ends at the edge instead.
            x, anchor = WIDTH - 4, "end"
        parts.append(
            f'<text x="{x:.1f}" y="{baseline + 16}" text-anchor="{anchor}" fill="#495057">'
            f"{escape(label)}</text>"
        )
    return "".join(parts)


def _target_line(chart: Chart, top: float, left: float, plot_top: float, height: float) -> str:
    if chart.target is None or top <= 0:
        return ""
    y = plot_top + height - height * min(chart.target, top) / top
    return (
        f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )


def _line(chart: Chart) -> tuple[int, str]:
    height, left, plot_top, plot_height = 270, 84, 34, 190
    drawn = [s for s in chart.series if s.drawn]
    highest = max([v for s in drawn for v in s.values if v is not None] + [chart.target or 0, 0])
    top = _nice_top(highest, fraction=_is_fraction(chart))
    count = len(chart.categories)
    span = WIDTH - 10 - left - 10
    xs = [left + 10 + (span * i / (count - 1) if count > 1 else span / 2) for i in range(count)]
    parts = [_legend(chart, left, 14), _y_axis(chart, top, left, plot_top, plot_height)]
    parts.append(_target_line(chart, top, left, plot_top, plot_height))
    for index, series in enumerate(drawn):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        points = " ".join(
            f"{x:.1f},{plot_top + plot_height - plot_height * (v / top):.1f}"
            for x, v in zip(xs, series.values, strict=True)
            if v is not None
        )
        if points:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-dasharray="{dash}" stroke-linejoin="round"/>'
            )
    parts.append(_x_labels(chart, xs, plot_top + plot_height))
    return height, "".join(parts)


def _stacked(chart: Chart) -> tuple[int, str]:
    height, left, plot_top, plot_height = 270, 84, 34, 190
    drawn = [s for s in chart.series if s.drawn]
    count = len(chart.categories)
    totals = [sum(s.values[i] or 0 for s in drawn) for i in range(count)]
    top = _nice_top(max([*totals, 1]), fraction=False)
    span = WIDTH - 10 - left - 10
    slot = span / count
    bar = max(2.0, slot * 0.7)
    parts = [_legend(chart, left, 14), _y_axis(chart, top, left, plot_top, plot_height)]
    xs = []
    for i in range(count):
        x = left + 10 + slot * i + (slot - bar) / 2
        xs.append(x + bar / 2)
        base = plot_top + plot_height
        for index, series in enumerate(drawn):
            value = series.values[i] or 0
            h = plot_height * value / top
            if h > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[index % len(COLOURS)]}"/>'
                )
            base -= h
    parts.append(_x_labels(chart, xs, plot_top + plot_height))
    return height, "".join(parts)


def _bars(chart: Chart) -> tuple[int, str]:
    drawn = [s for s in chart.series if s.drawn]
    count = len(chart.categories)
    bar, gap, label_width, plot_top = 12, 8, 220, 30
    group = bar * len(drawn) + gap
    plot_height = group * count
    height = int(plot_top + plot_height + 24)
    left, right = label_width, WIDTH - (120 if any(chart.notes) else 60)
    highest = max([v for s in drawn for v in s.values if v is not None] + [chart.target or 0, 0])
    top = _nice_top(highest, fraction=_is_fraction(chart))
    span = right - left
    parts = [_legend(chart, 10, 14)]
    for step in range(5):
        x = left + span * step / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top}" x2="{x:.1f}" y2="{plot_top + plot_height}" '
            f'stroke="#dee2e6"/><text x="{x:.1f}" y="{plot_top + plot_height + 14}" '
            f'text-anchor="middle" fill="#495057">'
            f"{escape((chart.axis_fmt or chart.fmt)(top * step / 4))}</text>"
        )
    if chart.target is not None and top > 0:
        # Drawn first: the bars and their notes ("n = 6") lie over it, not under it.
        x = left + span * min(chart.target, top) / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top - 4}" x2="{x:.1f}" y2="{plot_top + plot_height}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    notes = []
    for i, category in enumerate(chart.categories):
        y0 = plot_top + group * i + gap / 2
        faded = i < len(chart.faded) and chart.faded[i]
        name = category if len(category) <= 34 else category[:33] + "…"
        parts.append(
            f'<text x="{left - 6}" y="{y0 + bar * len(drawn) / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        end = left
        for index, series in enumerate(drawn):
            value = series.values[i] or 0
            w = span * min(value, top) / top
            y = y0 + bar * index
            opacity = ' fill-opacity="0.35"' if faded else ""
            parts.append(
                f'<rect x="{left}" y="{y:.1f}" width="{w:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[index % len(COLOURS)]}"{opacity}/>'
            )
            end = max(end, left + w)
        note = chart.notes[i] if i < len(chart.notes) else ""
        if note:
            notes.append(
                f'<text x="{end + 4:.1f}" y="{y0 + bar * len(drawn) / 2 + 4:.1f}" '
                f'fill="#495057">{escape(note)}</text>'
            )
    return height, "".join(parts + notes)
