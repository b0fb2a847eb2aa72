"""The table, the ratios and the targets of a run; also written as JSON under ``benchmarks/results/``."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.run import Options, Outcome, Row

RESULTS = Path(__file__).resolve().parent / "results"

#: Row key → the row it is compared with (its time divided by the reference's time).
COMPARED_WITH = {
    "token.authstate": "token.simplejwt",
    "token.simplejwt": "token.floor",
    "session.authstate": "session.drf",
    "session.drf": "token.floor",
    "session.plain": "token.floor",
    "login.authstate": "login.bare",
    "login.dj_rest_auth": "login.bare",
    "login_fast.authstate": "login_fast.bare",
    "login_fast.dj_rest_auth": "login_fast.bare",
    "scale.haproxy": "scale.direct",
}


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    limit: float
    at_most: bool
    unit: str = "x"
    #: Lowest and highest per-round ratio, to tell a real miss from background noise.
    spread: list[float] | None = None

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        ok = self.value <= self.limit if self.at_most else self.value >= self.limit
        return "pass" if ok else "miss"

    def line(self) -> str:
        shown = "—" if self.value is None else f"{self.value:.2f}{self.unit}"
        sign = "≤" if self.at_most else "≥"
        rounds = f", rounds {min(self.spread):.2f}-{max(self.spread):.2f}" if self.spread else ""
        return f"  {self.verdict.upper():4}  {self.name}: {shown} (target {sign} {self.limit:g}{self.unit}{rounds})"


def ratio(rows: dict[str, Row], key: str, reference: str, metric: str = "cpu_ms") -> float | None:
    """``key``'s cost over ``reference``'s: server CPU per request by default, else ``p50_ms``.

    The median of per-round ratios: rounds are interleaved, so each pair ran under the same
    background load, which a ratio of overall medians would not guarantee."""
    pairs = paired(rows, key, reference, metric)
    return statistics.median(pairs) if pairs else None


def paired(rows: dict[str, Row], key: str, reference: str, metric: str = "cpu_ms") -> list[float]:
    if key not in rows or reference not in rows:
        return []
    if metric == "rps":
        return [rows[key].rps / rows[reference].rps] if rows[reference].rps else []
    field = {"cpu_ms": "cpu_rounds", "p50_ms": "p50_rounds"}[metric]
    ours, theirs = getattr(rows[key], field), getattr(rows[reference], field)
    return [a / b for a, b in zip(ours, theirs, strict=False) if b]


def targets(outcome: Outcome) -> list[Target]:
    """The issue's targets: CPU ratios per request, and counts per request from the probes."""
    rows = outcome.rows
    return [
        _ratio_target("token auth vs stateless floor (CPU/request)", rows, ("token.authstate", "token.floor"), 1.25),
        _ratio_target("token auth vs SimpleJWT (CPU/request)", rows, ("token.authstate", "token.simplejwt"), 0.5),
        _ratio_target(
            "session auth vs plain DRF session (CPU/request)", rows, ("session.authstate", "session.plain"), 0.6
        ),
        *_count_targets("REST login (MD5)", rows.get("login_fast.authstate"), 5, 2),
        _ratio_target("REST login CPU vs bare view (MD5)", rows, ("login_fast.authstate", "login_fast.bare"), 1.5),
        _ratio_target("login throughput vs bare view (PBKDF2)", rows, ("login.bare", "login.authstate"), 0.97, False),
        *_mfa_targets(outcome),
        *_propagation_targets(outcome),
    ]


def _count_targets(name: str, row: Row | None, sql: int, cache: int) -> list[Target]:
    cost = row.cost if row else None
    return [
        Target(f"{name} SQL queries", float(cost.sql) if cost else None, sql, True, unit=""),
        Target(f"{name} cache round trips", float(cost.cache) if cost else None, cache, True, unit=""),
    ]


def _mfa_targets(outcome: Outcome) -> list[Target]:
    """The verify's costs beyond the REST login's: both complete the same oauth2 login."""
    row = outcome.rows.get("login_fast.authstate")
    if outcome.mfa is None or row is None or row.cost is None:
        return _count_targets("MFA verify beyond the login", None, 6, 2)
    verify, login = outcome.mfa.verify, row.cost
    return [
        Target("MFA verify SQL beyond the login", float(verify.sql - login.sql), 6, True, unit=""),
        Target("MFA verify cache round trips beyond the login", float(verify.cache - login.cache), 2, True, unit=""),
    ]


def _propagation_targets(outcome: Outcome) -> list[Target]:
    found = outcome.propagation
    if found is None:
        return []
    return [
        Target("revocation propagation p99 across two instances", found.p99_ms, 100, True, unit=" ms"),
        Target("stale answers after a logout elsewhere", float(found.stale_answers), 0, True, unit=""),
    ]


def _ratio_target(name: str, rows: dict[str, Row], pair: tuple[str, str], limit: float, at_most: bool = True) -> Target:
    return Target(name, ratio(rows, *pair), limit, at_most, spread=paired(rows, *pair) or None)


def table(outcome: Outcome) -> str:
    columns = [("p50 ms", 7), ("req/s", 7), ("CPU ms", 7), ("xref CPU", 9), ("xref p50", 9), ("ref", 9)]
    columns += [("SQL", 4), ("cache", 5)]
    head = f"{'path':42} " + " ".join(name.rjust(width) for name, width in columns)
    lines = [head, "-" * len(head)]
    for key, row in outcome.rows.items():
        reference = COMPARED_WITH.get(key, "")
        by_cpu, by_p50 = ratio(outcome.rows, key, reference), ratio(outcome.rows, key, reference, "p50_ms")
        cells = [f"{row.p50_ms:7.2f}", f"{row.rps:7.1f}", f"{row.cpu_ms:7.2f}", _times(by_cpu, 9), _times(by_p50, 9)]
        cells += [f"{reference.split('.')[-1][:9]:>9}", *(_count(row, field) for field in ("sql", "cache"))]
        flag = f"  ({row.failures} failed)" if row.failures else ""
        lines.append(f"{_label(row):42} {' '.join(cells)}{flag}")
    return "\n".join(lines)


def _label(row: Row) -> str:
    return f"{row.key.split('.')[0]}: {row.label}"[:42]


def _times(value: float | None, width: int) -> str:
    return f"{value:.2f}x".rjust(width) if value is not None else " " * width


def _count(row: Row, field: str) -> str:
    return (str(getattr(row.cost, field)) if row.cost else "?").rjust(4 if field == "sql" else 5)


def mfa_lines(outcome: Outcome) -> list[str]:
    if outcome.mfa is None:
        return [f"MFA TOTP round trip: not measured ({outcome.mfa_error or 'skipped'})"]
    m = outcome.mfa
    return [
        f"MFA TOTP round trip (MD5, {m.samples} users): login {m.login_ms:.1f} ms + verify {m.verify_ms:.1f} ms "
        f"(p50); login SQL {m.login.sql} / cache {m.login.cache}, verify SQL {m.verify.sql} / cache {m.verify.cache}"
    ]


def scale_lines(outcome: Outcome) -> list[str]:
    gain = ratio(outcome.rows, "scale.haproxy", "scale.direct", "rps")
    if gain is None:
        return []
    return [f"Scale-out: HAProxy + 2 instances serve {gain:.2f}x the token /api/me throughput of 1 instance direct"]


def rss_lines(outcome: Outcome) -> list[str]:
    return [
        f"RSS after warm-up, {name}: worker {v['worker_kib'] / 1024:.1f} MiB, master {v['master_kib'] / 1024:.1f} MiB"
        for name, v in outcome.rss.items()
    ]


def render(outcome: Outcome, options: Options) -> str:
    parts = [
        table(outcome),
        "",
        *scale_lines(outcome),
        *mfa_lines(outcome),
        *([outcome.flood.line()] if outcome.flood else []),
        *([outcome.propagation.line()] if outcome.propagation else []),
        *rss_lines(outcome),
        "",
        "targets (never fail the build):",
    ]
    parts += [t.line() for t in targets(outcome)]
    load = ", ".join(f"{value:.2f}" for value in machine()["load_average"])
    parts.append(
        f"\n{machine()['cpus']} CPUs, {options.rounds} rounds x {options.seconds}s, run took {outcome.seconds:.0f}s, "
        f"load average {load} (1, 5, 15 min) at the end"
    )
    return "\n".join(parts)


def machine() -> dict[str, Any]:
    """What ran it, and how busy the machine was when the run ended (1, 5, 15 minutes)."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def title(options: Options) -> str:
    found = machine()
    load = ", ".join(f"{value:.2f}" for value in found["load_average"])
    return (
        f"python -m benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {options.rounds} rounds x {options.seconds} s; "
        f"{found['cpus']} CPUs, {found['platform']}, load average {load}"
    )


def write_json(outcome: Outcome, options: Options) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC)
    document = {
        "when": stamp.isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {"seconds": options.seconds, "rounds": options.rounds, "warmup": options.warmup},
        **outcome.as_json(),
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets(outcome)],
    }
    path = RESULTS / f"bench-{stamp:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(document, indent=2))
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2))
    return path
