"""The ``spring.auth.*`` property tree, declared once as typed settings groups.

Each block is a frozen dataclass in its own module (``root``, ``oauth2``, ``mfa``,
``mfa_stores``, ``mfa_delivery``, ``passkey``, ``limits``, ``password``): a field's annotation
is what code reads, its :func:`~authstate.conf._schema.option` the ``AUTHSTATE`` key, default
(in the Spring unit), unit and help. Names are the Spring property names in UPPER_SNAKE_CASE,
nested the same way (``spring.auth.mfa.redis.key-prefix`` is
``AUTHSTATE["MFA"]["REDIS"]["KEY_PREFIX"]``). Units stay as Spring declares them: ``*_MS`` and
the untagged validity/timeout values are milliseconds. Options with ``spring=False`` are
authstate's additions, listed after the Spring ones of their block. ``ROOT`` is the schema the
loader, printer, docs generator and checks walk.
"""

from authstate.conf._schema import MINUTES, MS, SECONDS, schema
from authstate.conf.defaults._mfa import FACTORS, STORES
from authstate.conf.defaults._oauth2 import PUBLISHED_CLIENT_SECRET
from authstate.conf.defaults._root import RootSettings

ROOT = schema(RootSettings)

__all__ = ["FACTORS", "MINUTES", "MS", "PUBLISHED_CLIENT_SECRET", "ROOT", "SECONDS", "STORES", "RootSettings"]
