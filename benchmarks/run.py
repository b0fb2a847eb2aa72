"""One benchmark run: start the stack, time every group, count costs, measure memory."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import client, flood, load, mfa, propagation, scenarios, services
from benchmarks.probe import Cost, measure, send
from benchmarks.scenarios import Credentials, Scenario
from benchmarks.seed import PASSWORD
from benchmarks.stack import INSTANCES, Stack


@dataclass(frozen=True)
class Options:
    seconds: int = 2
    rounds: int = 4
    warmup: int = 1
    only: tuple[str, ...] = ()
    keep: bool = False


@dataclass
class Row:
    """The medians over rounds of one scenario."""

    key: str
    label: str
    p50_ms: float
    p90_ms: float
    rps: float
    cpu_ms: float
    requests: int
    #: Per round, in run order: rounds are interleaved, so round i of two rows ran side by side.
    cpu_rounds: list[float]
    p50_rounds: list[float]
    failures: int
    cost: Cost | None = None


@dataclass
class Outcome:
    rows: dict[str, Row] = field(default_factory=dict)
    mfa: mfa.RoundTrip | None = None
    mfa_error: str = ""
    rss: dict[str, dict[str, int]] = field(default_factory=dict)
    flood: flood.FloodResult | None = None
    propagation: propagation.Propagation | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": {key: asdict(row) for key, row in self.rows.items()},
            "mfa": asdict(self.mfa) if self.mfa else None,
            "mfa_error": self.mfa_error,
            "rss": self.rss,
            "flood": asdict(self.flood) if self.flood else None,
            "propagation": asdict(self.propagation) if self.propagation else None,
            "seconds": round(self.seconds, 1),
        }


def credentials(stack: Stack) -> Credentials:
    port = stack.port("main")
    return Credentials(
        authstate_token=client.rest_login(port, "bench-token", PASSWORD)["access_token"],
        simplejwt_token=client.rest_login(port, "bench-token", PASSWORD, "/peer/bare/login")["access_token"],
        session_cookie=client.session_login(port, "bench-session", PASSWORD),
    )


@dataclass(frozen=True)
class Sample:
    result: load.Result
    cpu_ms: float


def timed(stack: Stack, s: Scenario, seconds: int) -> Sample:
    """One bounded wrk run, with the server-side CPU it cost per request (workers and Redis).

    The client may cut one request per connection short at the end; the server still finishes
    it, so it is waited for and counted.
    """
    pids, redis, port = stack.server_pids(s.instance), (stack.redis_pid,), stack.port(s.instance)
    before = services.settled_cpu(pids, also=redis)
    if s.count:
        result, cut_off = load.count(port, s.request, requests=s.count), 0
    else:
        result = load.run(port, s.request, seconds=seconds, connections=s.connections, workdir=stack.workdir)
        cut_off = s.connections
    spent = services.settled_cpu(pids, also=redis) - before
    return Sample(result, spent * 1000 / max(1, result.requests + cut_off))


def time_group(stack: Stack, group: list[Scenario], options: Options) -> dict[str, Row]:
    """Warm every scenario, then run them interleaved round by round so drift hits all alike."""
    for s in group:
        if not s.count:  # fixed-count paths are slow enough to need no warm-up of their own
            timed(stack, s, options.warmup)
    samples: dict[str, list[Sample]] = {s.key: [] for s in group}
    for round_ in range(_rounds(group, options)):
        for s in group[round_ % len(group) :] + group[: round_ % len(group)]:
            samples[s.key].append(timed(stack, s, options.seconds))
    return {s.key: _row(s, samples[s.key]) for s in group}


def _rounds(group: list[Scenario], options: Options) -> int:
    """Fixed-count paths (a few slow requests a sample): twice the rounds, finer pairing."""
    return options.rounds * 2 if all(s.count for s in group) else options.rounds


def _row(scenario: Scenario, samples: list[Sample]) -> Row:
    results = [sample.result for sample in samples]
    return Row(
        key=scenario.key,
        label=scenario.label,
        p50_ms=statistics.median(r.p50_us for r in results) / 1000,
        p90_ms=statistics.median(r.p90_us for r in results) / 1000,
        rps=statistics.median(r.rps for r in results),
        cpu_ms=statistics.median(sample.cpu_ms for sample in samples),
        requests=sum(r.requests for r in results),
        cpu_rounds=[round(sample.cpu_ms, 4) for sample in samples],
        p50_rounds=[r.p50_us / 1000 for r in results],
        failures=sum(r.socket_errors + r.bad_status for r in results),
    )


#: Seconds for a probe's invalidation subscription to be confirmed after its first request; until
#: then token and session requests read Redis (the fallback), which is not the steady state.
SUBSCRIBED_AFTER = 3.0


def count_costs(stack: Stack, creds: Credentials, rows: dict[str, Row]) -> None:
    """Per-request SQL and cache costs, from the probe of each scenario's stack (logins as
    ``bench-probe``), in the steady state: every request is sent once, then counted."""
    chosen = [(s, _on_probe(s)) for group in scenarios.groups(creds).values() for s in group if s.key in rows]
    for s, request in chosen:
        client.expect(send(stack.port(stack.probe_for(s.instance)), request))
    time.sleep(SUBSCRIBED_AFTER)
    for s, request in chosen:
        rows[s.key].cost = measure(stack.port(stack.probe_for(s.instance)), request)[0]


def _on_probe(s: Scenario) -> load.Request:
    if '"username"' not in s.request.body:
        return s.request
    return load.Request(s.request.method, s.request.path, s.request.headers, _as_probe_user(s.request.body))


def _as_probe_user(body: str) -> str:
    for name in ("bench-login-fast", "bench-login"):
        if f'"{name}"' in body:
            return body.replace(f'"{name}"', '"bench-probe"')
    return body


def run(options: Options) -> Outcome:
    started = time.monotonic()
    outcome = Outcome()
    stack = Stack(_workdir())
    progress = _progress(started)
    try:
        stack.start()
        progress(f"redis, {len(INSTANCES)} gunicorn instances and haproxy up ({stack.workdir})")
        creds = credentials(stack)
        devices, outcome.mfa_error = _enroll(stack)
        progress(f"credentials ready, {len(devices)} TOTP devices enrolled")
        for name, group in scenarios.groups(creds).items():
            if not options.only or name in options.only:
                outcome.rows.update(time_group(stack, group, options))
                progress(f"timed {name}")
        if not options.only or "flood" in options.only:
            outcome.flood = flood.measure(stack.port("main"), "bench-login")
            progress("timed a login under an anonymous OAuth2 flood")
        if not options.only or "propagation" in options.only:
            outcome.propagation = propagation.measure(stack.port("fast"), stack.port("probe"))
            progress("measured revocation propagation between two instances")
        count_costs(stack, creds, outcome.rows)
        if devices:
            outcome.mfa, outcome.mfa_error = _mfa(stack, devices)
        outcome.rss = stack.rss()
        progress("costs, MFA round trip and memory measured")
    finally:
        stack.stop()
    if not options.keep:
        shutil.rmtree(stack.workdir, ignore_errors=True)
    outcome.seconds = time.monotonic() - started
    return outcome


def _progress(started: float) -> Callable[[str], None]:
    def say(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    return say


def _enroll(stack: Stack) -> tuple[list[mfa.Device], str]:
    """MFA devices for the round trip, or why the MFA API could not enroll them."""
    try:
        return mfa.enroll_all(stack.port("fast")), ""
    except (RuntimeError, KeyError, ValueError) as exc:
        return [], f"MFA enrollment failed: {exc}"


def _mfa(stack: Stack, devices: list[mfa.Device]) -> tuple[mfa.RoundTrip | None, str]:
    try:
        return mfa.round_trip(stack.port("fast"), stack.port("probe"), devices), ""
    except (RuntimeError, KeyError, ValueError) as exc:
        return None, f"MFA round trip failed: {exc}"


def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="authstate-bench-"))
