from tests.mfa.conftest import clock, totp_device  # noqa: F401 (fixtures shared with the MFA tests)
