"""Settings for authstate: ``auth_settings`` is the only way code reads ``AUTHSTATE``."""

from authstate.conf.settings import auth_settings

__all__ = ["auth_settings"]
