"""The run as an SVG chart next to its JSON: per scenario, p50 latency and server CPU per request.

Both panels use a log scale: a PBKDF2 login costs about a thousand token requests, and both must
stay readable. Needs matplotlib (in the ``bench`` tox env); without it no chart is written.
``python -m benchmarks.chart results/latest.json out.svg`` draws it again from a run's JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.probe import Cost
from benchmarks.run import Outcome, Row


def write(outcome: Outcome, json_path: Path, title: str) -> list[Path]:
    """``<run>.svg`` beside ``json_path`` and ``latest.svg``; nothing without matplotlib."""
    paths = [json_path.with_suffix(".svg"), json_path.with_name("latest.svg")]
    return paths if draw(list(outcome.rows.values()), title, paths) else []


def draw(rows: list[Row], title: str, paths: list[Path]) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    if not rows:
        return False
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: a small, searchable file
    figure, panels = plt.subplots(1, 2, figsize=(13, 1.6 + 0.32 * len(rows)), sharey=True)
    _panel(panels[0], rows, [row.p50_ms for row in rows], "p50 latency per request, ms (log scale)")
    _panel(panels[1], rows, [row.cpu_ms for row in rows], "server CPU per request, ms (log scale)")
    panels[0].set_yticks(range(len(rows)), [_label(row) for row in rows], fontsize=8)
    panels[0].invert_yaxis()
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    for path in paths:
        figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
    return True


def _panel(axis: Any, rows: list[Row], values: list[float], xlabel: str) -> None:
    colours = [_colour(row) for row in rows]
    axis.barh(range(len(rows)), values, color=colours)
    axis.set_xscale("log")
    axis.set_xlim(right=max(values) * 4)  # room for the last label
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


def main() -> None:
    """Draw the chart of a run's JSON again (``python -m benchmarks.chart RUN.json OUT.svg``)."""
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    document = json.loads(source.read_text())
    rows = [Row(**{**row, "cost": Cost(**row["cost"]) if row["cost"] else None}) for row in document["rows"].values()]
    machine = document["machine"]
    load = ", ".join(f"{value:.2f}" for value in machine.get("load_average", []))
    options = document["options"]
    title = (
        f"python -m benchmarks, {document['when']}, {options['rounds']} rounds x {options['seconds']} s; "
        f"{machine['cpus']} CPUs, {machine['platform']}, load average {load}"
    )
    if not draw(rows, title, [target]):
        raise SystemExit("matplotlib is not installed (tox -e bench has it)")


if __name__ == "__main__":
    main()
