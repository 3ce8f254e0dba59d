"""Settings for the test suite: the production settings over plain HTTP, with fast hashing."""

import os

os.environ.setdefault("APOIA_HTTPS", "false")
os.environ.setdefault("APOIA_TESTING", "1")

from apoia.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
