"""ASGI entry point, for uvicorn (or any ASGI server) instead of gunicorn.

    uvicorn demo_project.asgi:application --host 0.0.0.0 --port 8000 \
        --proxy-headers --forwarded-allow-ips "$GUNICORN_FORWARDED_ALLOW_IPS" --timeout-keep-alive 65

Behind HAProxy: believe X-Forwarded-* from the proxy's addresses only (the same variable
gunicorn.conf.py reads; never '*', or any client could set its scheme) and keep idle
connections open longer than HAProxy does. The views are synchronous; Django runs them in a
thread per request. WhiteNoise serves the static files here too. tests/cluster/test_asgi.py
runs two such instances behind demo_project/deploy/haproxy.cfg.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_project.settings")
application = get_asgi_application()
