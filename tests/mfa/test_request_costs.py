"""What the MFA steps cost in SQL queries, pinned exactly (counts, never times).

Audit events of one step are written with one INSERT (``audit.batched``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.mfa.conftest import PASSWORD, totp_code


def counted(call: Any) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, [q["sql"].split()[0] for q in queries.captured_queries]


def test_mfa_begin_select_and_verify_costs(api: Any, totp_device: Any, clock: Any) -> None:
    begun, begin_sql = counted(lambda: api.post_json("/api/mfa/login", {"username": "alice", "password": PASSWORD}))
    token = begun.json()["mfa_token"]
    selected, select_sql = counted(lambda: api.post_json("/api/mfa/select", {"mfa_token": token, "factor": "totp"}))
    payload = {"mfa_token": token, "factor": "totp", "code": totp_code(totp_device, clock.now)}
    verified, verify_sql = counted(lambda: api.post_json("/api/mfa/verify", payload))
    assert (begun.status_code, selected.status_code, verified.status_code) == (200, 200, 200)
    # begin: lockout, user, factors, generation, devices..., then mfa_started's row
    assert (len(begin_sql), begin_sql.count("INSERT")) == (9, 1)
    assert select_sql == ["SELECT", "SELECT", "SELECT", "INSERT"]  # user, generation, device; mfa_challenged
    # verify (was 20 with one INSERT per audit event): user, generation, lockout, device (offered, then
    # locked for the replay guard and updated), the login's transaction, and ONE audit INSERT for
    # mfa_verified, mfa_completed and login_succeeded.
    assert len(verify_sql) == 16
    assert verify_sql.count("INSERT") == 3  # login, refresh family, the audit batch
    assert verify_sql[-1] == "INSERT"
