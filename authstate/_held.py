"""Work held until the end of a use-case and sent at once: cache writes in one pipeline
(``authstate._cache.deferred``), audit rows in one INSERT (``authstate.audit.batched``).

Both follow one rule: the outermost ``held`` block collects what the code inside adds and hands
it to ``send`` once when it ends (also when it raises: what was done is recorded); a nested block
adds to the outer one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

__all__ = ["held"]

T = TypeVar("T")


@contextmanager
def held(var: ContextVar[list[T] | None], send: Callable[[list[T]], None]) -> Iterator[None]:
    """Collect into ``var`` inside the block; ``send`` what was collected when the outermost ends."""
    if var.get() is not None:
        yield
        return
    items: list[T] = []
    token = var.set(items)
    try:
        yield
    finally:
        var.reset(token)
        send(items)
