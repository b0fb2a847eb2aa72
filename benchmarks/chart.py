"""The run as an SVG chart next to its JSON: per scenario, p50 latency and server CPU per request.

Both panels use a log scale: a PBKDF2 login costs about a thousand token requests, and both must
stay readable. Needs matplotlib (in the ``bench`` tox env); without it no chart is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.run import Outcome, Row


def write(outcome: Outcome, json_path: Path, title: str) -> list[Path]:
    """``<run>.svg`` beside ``json_path`` and ``latest.svg``; nothing without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    rows = list(outcome.rows.values())
    if not rows:
        return []
    figure, panels = plt.subplots(1, 2, figsize=(13, 1.6 + 0.32 * len(rows)), sharey=True)
    _panel(panels[0], rows, [row.p50_ms for row in rows], "p50 latency per request, ms (log scale)")
    _panel(panels[1], rows, [row.cpu_ms for row in rows], "server CPU per request, ms (log scale)")
    panels[0].set_yticks(range(len(rows)), [_label(row) for row in rows], fontsize=8)
    panels[0].invert_yaxis()
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    paths = [json_path.with_suffix(".svg"), json_path.with_name("latest.svg")]
    for path in paths:
        figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
    return paths


def _panel(axis: Any, rows: list[Row], values: list[float], xlabel: str) -> None:
    colours = [_colour(row) for row in rows]
    axis.barh(range(len(rows)), values, color=colours)
    axis.set_xscale("log")
    axis.set_xlabel(xlabel, fontsize=9)
    axis.grid(axis="x", which="major", alpha=0.3)
    for index, value in enumerate(values):
        axis.annotate(
            f"{value:.2f}", (value, index), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7
        )


def _colour(row: Row) -> str:
    """authstate's own rows stand out from the peers and the floor."""
    return "#1f6feb" if "authstate" in row.key else "#9aa4ae"


def _label(row: Row) -> str:
    return f"{row.key.split('.')[0]}: {row.label}"
