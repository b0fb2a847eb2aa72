"""HTTP-session store: each record lives in Django's session backend (``SESSION_ENGINE``).

The record gets a session of its own whose key is the ``mfa_token``, under
``HTTP_SESSION.SESSION_ATTRIBUTE_NAME``. JSON clients therefore need no session cookie (an oauth2
flow never sets one), and HTML pages keep just the token in the visitor's own session, under the
same attribute name. Cookie-only session engines (``signed_cookies``) cannot hold server-side
records, so the store is unusable with them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings

from authstate._cache import shared
from authstate.conf import auth_settings
from authstate.mfa.stores.base import MfaStore, Record, StoreUnavailable

__all__ = ["SessionStore"]


CLAIM = "authstate:mfa-claimed:"
#: Long enough for the deletion that follows a claim; tokens are never reused.
CLAIM_SECONDS = 60


class SessionStore(MfaStore):
    """Records in Django's session backend: no extra service, shared when sessions are."""

    name = "http-session"

    def is_usable(self) -> bool:
        return bool(auth_settings.mfa.http_session.enabled) and "signed_cookies" not in settings.SESSION_ENGINE

    def load(self, token: str) -> Record | None:
        session = self._session(token)
        record = self._get(session, self._attribute())
        return record if isinstance(record, dict) else None

    def save(self, token: str, record: Record, ttl: int) -> None:
        session = self._session(token)
        if ttl <= 0:
            self._run(session.delete, token)
            return
        exists = self._get(session, self._attribute()) is not None
        if not exists:
            session = self._new_session(token)
        session[self._attribute()] = record
        session.set_expiry(ttl)
        self._run(session.save, not exists)

    def take(self, token: str) -> Record | None:
        """Session backends have no get-and-delete, so the winner is whoever ``cache.add``s the
        claim key first (atomic in Django's cache backends)."""
        session = self._session(token)
        record = self._get(session, self._attribute())
        if not isinstance(record, dict) or not shared().add(f"{CLAIM}{token}", 1, timeout=CLAIM_SECONDS):
            return None
        self._run(session.delete, token)
        return record

    def _attribute(self) -> str:
        return str(auth_settings.mfa.http_session.session_attribute_name)

    def _session(self, token: str) -> Any:
        engine = import_module(settings.SESSION_ENGINE)
        return engine.SessionStore(session_key=token)

    def _new_session(self, token: str) -> Any:
        """A session created under the key ``token`` (Django would pick a random key itself, and
        a lookup of a missing key forgets it, so the key and an empty cache are set directly)."""
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session._session_key = token
        session._session_cache = {}
        return session

    def _get(self, session: Any, key: str) -> Any:
        return self._run(session.get, key)

    def _run(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except Exception as error:
            raise StoreUnavailable(f"http-session store: {error}") from error
