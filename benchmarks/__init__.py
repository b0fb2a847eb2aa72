"""Benchmarks of authstate against the libraries users know, measured side by side in one run.

``python -m benchmarks`` (or ``tox -e bench``) starts Redis, the demo under gunicorn and HAProxy
on 127.0.0.1, drives them with ``wrk`` for a fixed duration, and prints medians and ratios.
"""
