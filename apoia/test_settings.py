"""Settings for the test suite: the production settings over plain HTTP, with fast hashing."""

import os

os.environ.setdefault("APOIA_HTTPS", "false")
os.environ.setdefault("APOIA_TESTING", "1")

from apoia.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the concurrency tests open one connection per thread and must share
    # the database the way web processes do.
    # One file per test process, so parallel runs never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
