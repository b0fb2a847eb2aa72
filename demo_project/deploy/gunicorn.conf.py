"""Gunicorn settings of one demo instance (``gunicorn -c demo_project/deploy/gunicorn.conf.py``).

Every value comes from the environment so docker-compose.yml and tests/cluster share this file.
Workers of one instance share nothing in memory either: with the in-memory stores even a single
instance with two workers loses logins, which is why the cluster uses Redis.
"""

import os

wsgi_app = "demo_project.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads (gthread) keep /health answering while a worker hashes a password.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
# Longer than the proxy keeps idle connections to us: if gunicorn closed first (its default is
# 2 s), a request HAProxy sends on a connection closing at that instant would fail.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "65"))
accesslog = "-"
errorlog = "-"
# HAProxy is the only client; believe its X-Forwarded-* headers (authstate's TRUSTED_PROXIES
# decides separately which proxies may set the client IP).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
