"""Counts the requests the fuzzer sent and the server errors seen, for the end-of-run summary."""

from __future__ import annotations

from collections import Counter
from typing import Any


class Tally:
    def __init__(self) -> None:
        self.requests = 0
        self.statuses: Counter[int] = Counter()
        self.operations: set[str] = set()

    def add(self, case: Any, response: Any) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1
        self.operations.add(f"{case.method} {case.operation.path}")

    def summary(self) -> str:
        errors = sum(n for status, n in self.statuses.items() if status >= 500)
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"fuzz: {self.requests} requests over {len(self.operations)} operations, "
            f"{errors} server errors; statuses {statuses}"
        )


COUNT = Tally()
