"""``python -m benchmarks [--seconds N] [--rounds N] [--only token,session,...] [--keep]``."""

from __future__ import annotations

import argparse
import os

from benchmarks import chart, report, services
from benchmarks.run import Options, run


def options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "2")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "4")))
    parser.add_argument("--warmup", type=int, default=1)
    groups = "token,session,login,login_fast,scale,flood,propagation"
    parser.add_argument("--only", default="", help=f"comma-separated groups: {groups}")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, database)")
    args = parser.parse_args(argv)
    only = tuple(name for name in args.only.split(",") if name)
    return Options(seconds=args.seconds, rounds=args.rounds, warmup=args.warmup, only=only, keep=args.keep)


def main() -> None:
    chosen = options()
    services.ensure_binaries()
    outcome = run(chosen)
    print(report.render(outcome, chosen))
    written = report.write_json(outcome, chosen)
    print(f"\nJSON: {written}")
    for path in chart.write(outcome, written, report.title(chosen)):
        print(f"chart: {path}")


if __name__ == "__main__":
    main()
