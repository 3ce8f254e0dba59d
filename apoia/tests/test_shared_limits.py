"""Rate limits are shared by every web process: two processes count together, through the
default database cache and through a Redis server started here.

Each process is a fresh Python with the production settings (apoia.settings) pointed at the
test database, as two gunicorn workers would be, and makes its lookups at the same frozen
instant, so both count in the same minute however long they take to start.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.db import connection

from apoia.protocol.numbering import format_nup

LOOKUPS_PER_PROCESS = 15  # 30 in all against a limit of 20
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

LOOKUPS = """
import json, sys
import django, time_machine

with time_machine.travel("2026-03-18T10:00:15-04:00", tick=False):
    django.setup()
    from django.test import Client

    browser = Client(REMOTE_ADDR="203.0.113.7")
    data = {"protocol": sys.argv[1], "access_code": "ABCDEFGHJK"}
    statuses = [browser.post("/acompanhar/", data).status_code for _ in range(int(sys.argv[2]))]
    print(json.dumps(statuses))
"""


def database_url() -> str:
    """The test database as DATABASE_URL, for processes started by the test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = quote(db["HOST"] or "localhost", safe="")
        return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.fail(f"no DATABASE_URL for {connection.vendor}")


def lookups_in_two_processes(tmp_path, **env) -> list[list[int]]:
    """The statuses of LOOKUPS_PER_PROCESS wrong-code lookups in each of two processes that
    run at the same time from one client address."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "APOIA_TRACKING_RATE", "APOIA_TRUSTED_PROXIES"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="apoia.settings",
        DATABASE_URL=database_url(),
        APOIA_VAR_DIR=str(tmp_path),
        APOIA_TESTING="1",
        APOIA_HTTPS="false",
        ALLOWED_HOSTS="testserver",
        **env,
    )
    unknown = format_nup("50002", 999, 2026)
    command = [sys.executable, "-c", LOOKUPS, unknown, str(LOOKUPS_PER_PROCESS)]
    processes = [
        subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    return results


def assert_counted_together(results: list[list[int]]) -> None:
    statuses = sorted(results[0] + results[1])
    # Counted apart, each process would allow all 15 of its lookups: 30 answers of 404.
    assert statuses == [404] * 20 + [429] * 10


@pytest.fixture
def database_cache(transactional_db):
    """The database cache's table of the test database, emptied before and after."""
    cache = caches["database"]
    cache.clear()
    yield cache
    cache.clear()


def test_migrate_creates_the_database_cache_table(transactional_db):
    assert "apoia_cache" in connection.introspection.table_names()


def test_without_cache_url_the_default_cache_is_the_database_table():
    from apoia.lib.env import cache_settings_from_url

    assert cache_settings_from_url("", table="apoia_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "apoia_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
    assert cache_settings_from_url("redis://127.0.0.1:6379/0", table="apoia_cache") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    assert cache_settings_from_url("locmem://", table="apoia_cache") == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }


def test_two_processes_count_tracking_lookups_together_in_the_database(database_cache, tmp_path):
    results = lookups_in_two_processes(tmp_path)

    assert_counted_together(results)


@pytest.fixture
def redis_url():
    """A Redis server of this test alone, on a Unix socket in a temporary folder."""
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing: scripts/system-deps.sh --test installs it")
        pytest.skip("redis-server is not installed (scripts/system-deps.sh --test)")
    import redis

    folder = Path(tempfile.mkdtemp(prefix="apoia-redis-"))  # a socket path has ~100 bytes
    socket = folder / "redis.sock"
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(unix_socket_path=str(socket))
        deadline = time.monotonic() + 15
        while True:  # wait for the server to listen, never longer than the deadline
            try:
                client.ping()
                break
            except (redis.ConnectionError, FileNotFoundError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"unix://{socket}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def test_two_processes_count_tracking_lookups_together_in_redis(
    transactional_db, redis_url, tmp_path
):
    results = lookups_in_two_processes(tmp_path, CACHE_URL=redis_url)

    assert_counted_together(results)
