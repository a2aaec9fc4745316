"""Charts of the note as PNG images, drawn on the server with matplotlib's Agg backend (no
display, no network). DejaVu Sans, which ships with matplotlib, has the Cyrillic and
Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і)."""

import math
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from kzsafety.statistics.analysis.grammar import integer  # noqa: E402

FONT = {"family": "DejaVu Sans", "size": 9}
COLOURS = ["#1f4e79", "#c55a11", "#548235", "#7f6000"]


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def dynamics_chart(title: str, years: list[int], lines: list[tuple[str, list, bool]]) -> bytes:
    """One line per (label, values by year, dashed); a missing value leaves a gap. Straight
    segments (a curve would invent values between years), whole numbers on the axis, grouped
    as the language groups them."""
    figure = Figure(figsize=(6.3, 3.0))
    axes = figure.subplots()
    for index, (label, values, dashed) in enumerate(lines):
        if all(value is None for value in values):
            continue
        axes.plot(
            years,
            [math.nan if value is None else value for value in values],
            label=label,
            color=COLOURS[index % len(COLOURS)],
            linestyle="--" if dashed else "-",
            marker="^" if dashed else "o",
        )
    axes.set_title(title, fontdict=FONT)
    axes.set_xticks(years)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: integer(int(value))))
    axes.tick_params(labelsize=8)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="best")
    return _png(figure)


def bars_chart(title: str, items: list[tuple[str, int]]) -> bytes:
    """Horizontal bars, the largest on top, with every full name on the axis."""
    figure = Figure(figsize=(6.3, 0.6 + 0.28 * max(len(items), 1)))
    axes = figure.subplots()
    names = [name for name, _count in reversed(items)]
    counts = [count for _name, count in reversed(items)]
    axes.barh(names, counts, color=COLOURS[0])
    axes.set_title(title, fontdict=FONT)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: integer(int(value))))
    axes.tick_params(labelsize=7)
    return _png(figure)
