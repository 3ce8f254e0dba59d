"""Settings for the test suite: the production settings over plain HTTP, with fast hashing."""

import os

os.environ.setdefault("APOIA_HTTPS", "false")
os.environ.setdefault("APOIA_TESTING", "1")

from apoia.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"].endswith(".sqlite3"):  # noqa: F405
    # A file, not memory: the concurrency tests open one connection per thread and must share
    # the database the way web processes do.
    # One file per test process, so parallel runs never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Rate limits count in this process's memory, emptied before every test (conftest.py), so no
# test is throttled by the ones before it. The database cache's table is still created in every
# test database: the tests of limits shared by several processes count there.
CACHES = {
    "default": cache_settings_from_url("locmem://", table=CACHE_TABLE),  # noqa: F405
    "database": cache_settings_from_url("", table=CACHE_TABLE),  # noqa: F405
}
# Many tests file several requests from one test client; the tests of the limit turn it on.
APOIA_SUBMISSION_RATE = 0
