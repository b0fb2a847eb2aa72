"""Passkeys (WebAuthn, through py_webauthn): the relying party, challenges, ceremonies and views.

Settings live in ``AUTHSTATE["PASSKEY"]`` (``spring.auth.passkey.*``: ``rp-id``, ``rp-name``,
``allowed-origins``, ``user-verification``, ``passwordless-user-verification``, ``timeout-ms``).
``webauthn`` is an optional dependency, imported only by :mod:`authstate.passkeys._ceremony`.
"""

__all__ = []
