"""authstate's models, one module per concern."""

from authstate.models.audit import AuditEvent
from authstate.models.generation import UserGeneration
from authstate.models.login import Login
from authstate.models.mfa import AccountLockout, MessageDevice, RecoveryCode
from authstate.models.oauth2 import LoginTicket, OAuth2Client
from authstate.models.passkey import Passkey

__all__ = [
    "AccountLockout",
    "AuditEvent",
    "Login",
    "LoginTicket",
    "MessageDevice",
    "OAuth2Client",
    "Passkey",
    "RecoveryCode",
    "UserGeneration",
]
