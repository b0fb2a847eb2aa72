"""The MFA TOTP round trip: enroll users through the API, then primary login → verify.

Everything goes through the HTTP API of ``API.md``, so this measures whatever the MFA endpoints
do. Each user has its own TOTP device, so every verify uses a fresh code (replay guards hold).
"""

from __future__ import annotations

import base64
import hmac
import statistics
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from benchmarks import client
from benchmarks.load import Request
from benchmarks.probe import Cost, measure
from benchmarks.seed import MFA_USERS, PASSWORD


@dataclass(frozen=True)
class Device:
    username: str
    secret: str
    period: int
    digits: int
    enrolled_step: int

    def code(self) -> str:
        key = base64.b32decode(self.secret.upper() + "=" * (-len(self.secret) % 8))
        counter = int(time.time() // self.period)
        mac = hmac.new(key, counter.to_bytes(8, "big"), "sha1").digest()
        offset = mac[-1] & 0x0F
        value = (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**self.digits
        return str(value).zfill(self.digits)

    def step(self) -> int:
        return int(time.time() // self.period)


@dataclass(frozen=True)
class RoundTrip:
    login_ms: float
    verify_ms: float
    login: Cost
    verify: Cost
    samples: int


def enroll(port: int, username: str) -> Device:
    token = client.rest_login(port, username, PASSWORD)["access_token"]
    setup = client.expect(client.call(port, "POST", "/api/mfa/totp/setup", body={}, headers=client.bearer(token)))
    params = urllib.parse.parse_qs(urllib.parse.urlparse(setup.json()["otpauth_url"]).query)
    period, digits = int(params.get("period", ["30"])[0]), int(params.get("digits", ["6"])[0])
    device = Device(username, params["secret"][0], period, digits, int(time.time() // period))
    body = {"code": device.code()}
    client.expect(client.call(port, "POST", "/api/mfa/totp/confirm", body=body, headers=client.bearer(token)), 201)
    return device


def enroll_all(port: int) -> list[Device]:
    """Enroll every MFA user, a few at a time (setup, not measured)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda username: enroll(port, username), MFA_USERS))


def _login_request(device: Device) -> Request:
    body = f'{{"username": "{device.username}", "password": "{PASSWORD}"}}'
    return Request("POST", "/api/mfa/login", {"Content-Type": "application/json"}, body)


def _verify_request(device: Device, mfa_token: str) -> Request:
    body = f'{{"mfa_token": "{mfa_token}", "factor": "totp", "code": "{device.code()}"}}'
    return Request("POST", "/api/mfa/verify", {"Content-Type": "application/json"}, body)


def wait_past_enrollment(devices: list[Device]) -> None:
    """A confirmed code's time step is spent; verifying needs the next one."""
    while any(device.step() <= device.enrolled_step for device in devices):
        time.sleep(0.5)


def round_trip(timed_port: int, probe_port: int, devices: list[Device]) -> RoundTrip:
    """Costs from two devices on the probe (one warms it up), times from the rest on ``timed_port``."""
    wait_past_enrollment(devices)
    costs = [_probe_one(probe_port, device) for device in devices[:2]]
    logins, verifies = [], []
    for device in devices[2:]:
        login = client.expect(client.call(timed_port, "POST", "/api/mfa/login", body=_login_request(device).body))
        request = _verify_request(device, login.json()["mfa_token"])
        verify = client.expect(client.call(timed_port, "POST", request.path, body=request.body))
        logins.append(login.seconds * 1000)
        verifies.append(verify.seconds * 1000)
    login_cost, verify_cost = costs[-1]
    return RoundTrip(statistics.median(logins), statistics.median(verifies), login_cost, verify_cost, len(devices) - 2)


def _probe_one(port: int, device: Device) -> tuple[Cost, Cost]:
    login_cost, login = measure(port, _login_request(device), warm=False)
    verify_cost, _ = measure(port, _verify_request(device, login.json()["mfa_token"]), warm=False)
    return login_cost, verify_cost
