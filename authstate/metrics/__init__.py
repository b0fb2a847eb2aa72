"""Prometheus metrics for logins, MFA, tokens and lockouts.

Counting follows ``AUTHSTATE["MFA"]["METRICS_ENABLED"]`` and needs the optional
``prometheus_client`` (``pip install "django-authstate[metrics]"``); without it nothing is
counted and nothing fails. The counters hang off authstate's signals (``receivers``), the latency
histogram off a middleware (``middleware``), and the endpoint (``views``) is off until
``AUTHSTATE["METRICS"]["ENDPOINT_ENABLED"]`` and then admits only a bearer secret or staff.
"""

__all__ = []
