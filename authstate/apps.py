"""App config: wires system checks and signal receivers once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig, apps

__all__ = ["AuthStateConfig"]


class AuthStateConfig(AppConfig):
    name = "authstate"
    verbose_name = "authstate"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from authstate import _receivers  # noqa: F401  (connects signal receivers)
        from authstate.audit import _receivers as _audit  # noqa: F401  (audits logins)
        from authstate.conf import _checks  # noqa: F401  (registers system checks)
        from authstate.conf import _deploy_checks as _deploy  # noqa: F401  (registers the --deploy checks)
        from authstate.flows import _checks as _flow_checks  # noqa: F401  (registers E021)
        from authstate.metrics import _receivers as metrics_receivers  # noqa: F401  (counts signals)
        from authstate.mfa import _checks as _mfa_checks  # noqa: F401  (registers MFA checks)
        from authstate.oauth2 import _checks as _oauth2_checks  # noqa: F401  (registers E06x)
        from authstate.oauth2 import _receivers as _oauth2_receivers  # noqa: F401  (settings client sync)
        from authstate.passkeys import _checks as _passkey_checks  # noqa: F401  (registers passkey checks)
        from authstate.passwords import _checks as _password_checks  # noqa: F401  (registers E090)
        from authstate.tokens import _checks as _token_checks  # noqa: F401  (registers E03x)

        if apps.is_installed("drf_spectacular"):
            from authstate import openapi  # noqa: F401  (registers the schema extensions)
