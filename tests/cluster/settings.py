"""The demo's settings, unchanged except for a cheap password hasher.

Every instance runs ``demo_project.settings`` as deployed; only PBKDF2's million iterations
(about a second per login on a busy 2-core runner) are swapped out to keep the suite fast.
Nothing in the cluster scenarios depends on the hasher.
"""

from demo_project.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
