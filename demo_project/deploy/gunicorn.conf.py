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
# X-Forwarded-* (and so wsgi.url_scheme) are believed only from the proxy's addresses or networks
# (comma-separated, CIDR allowed): compose passes its network's range, tests/cluster 127.0.0.1.
# Never "*": any client reaching an instance directly could then set the scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No header may set SCRIPT_NAME or PATH_INFO, not even the proxy's: the demo is served at the root,
# and a client-chosen SCRIPT_NAME would defeat the proxy's path rules (and 500 on a mismatch).
forwarder_headers = ""
# Bounds on what a client can make gunicorn parse (HAProxy enforces tighter ones in front).
limit_request_line = 8190
limit_request_fields = 100
