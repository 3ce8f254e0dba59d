"""The database configuration, read from a real connection in a fresh process."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Prints what a fresh process configured and, for SQLite, what the connection really runs with.
PROBE = """
import json, django
django.setup()
from django.db import connection
db = connection.settings_dict
out = {"engine": db["ENGINE"], "options": db["OPTIONS"], "conn_max_age": db["CONN_MAX_AGE"]}
if connection.vendor == "sqlite":
    with connection.cursor() as c:
        for pragma in ("journal_mode", "synchronous", "busy_timeout"):
            c.execute("PRAGMA " + pragma)
            out[pragma] = c.fetchone()[0]
    out["name"] = str(db["NAME"])
    out["transaction_mode"] = connection.transaction_mode
print(json.dumps(out, default=str))
"""


def probe(tmp_path: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("APOIA_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update({"APOIA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "apoia.settings"})
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_sqlite_database_url_gets_wal_immediate_transactions_and_a_20_second_busy_timeout(
    tmp_path,
):
    path = tmp_path / "x.sqlite3"

    found = probe(tmp_path, DATABASE_URL=f"sqlite:///{path}")

    assert found["name"] == str(path)
    assert found["engine"] == "apoia.lib.sqlite3"
    assert found["journal_mode"] == "wal"
    assert found["synchronous"] == 1  # NORMAL
    assert found["busy_timeout"] == 20000
    assert found["transaction_mode"] == "IMMEDIATE"
    assert found["conn_max_age"] == 60


def test_the_default_sqlite_file_gets_the_same_options_as_a_sqlite_database_url(tmp_path):
    default = probe(tmp_path)
    from_url = probe(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")

    assert default["name"] == str(tmp_path / "apoia.sqlite3")
    assert default["options"] == from_url["options"]
    assert (default["journal_mode"], default["busy_timeout"]) == ("wal", 20000)


def test_a_postgres_database_url_is_left_as_it_is(tmp_path):
    found = probe(tmp_path, DATABASE_URL="postgres://u:p@db.example:5432/apoia")

    assert found == {
        "engine": "django.db.backends.postgresql",
        "options": {},
        "conn_max_age": 60,
    }


# --- writers of one process take turns (apoia/lib/sqlite3) ------------------------------------


@pytest.fixture
def writer_lock():
    from django.db import connection

    from apoia.lib.sqlite3.base import _write_lock

    if connection.vendor != "sqlite":
        pytest.skip("the writer queue is SQLite's")
    return _write_lock(connection.settings_dict["NAME"])


def _in_thread(target):
    """Runs `target` with its own connection; returns (thread, box with result or error)."""
    from django.db import connections

    box: dict = {}

    def run():
        try:
            box["result"] = target()
        except Exception as exc:  # noqa: BLE001 - examined by the test
            box["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


@pytest.mark.django_db(transaction=True)
def test_a_write_transaction_waits_for_the_other_threads_one_then_runs(writer_lock):
    from django.db import transaction

    from apoia.territory.models import State

    inside, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            State.objects.create(code=50, uf="MS", name="Mato Grosso do Sul", region="CO")
            inside.set()
            release.wait(30)

    def second():
        with transaction.atomic():
            return State.objects.create(code=51, uf="MT", name="Mato Grosso", region="CO").uf

    holder, _ = _in_thread(first)
    assert inside.wait(30)
    assert writer_lock.locked()  # held for the whole transaction, by the first thread
    waiter, box = _in_thread(second)
    release.set()
    holder.join(30)
    waiter.join(30)

    assert box == {"result": "MT"}
    assert sorted(State.objects.values_list("uf", flat=True)) == ["MS", "MT"]
    assert not writer_lock.locked()


@pytest.mark.django_db(transaction=True)
def test_the_writer_queue_is_released_by_a_rollback(writer_lock):
    from django.db import transaction

    from apoia.territory.models import State

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        State.objects.create(code=50, uf="MS", name="Mato Grosso do Sul", region="CO")
        assert writer_lock.locked()
        1 / 0  # noqa: B018 - any error inside the transaction

    assert not writer_lock.locked()
    assert State.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_writer_that_waits_longer_than_the_timeout_gets_database_is_locked(writer_lock):
    from django.db import OperationalError, connection, transaction

    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    assert writer_lock.acquire(timeout=5)  # another writer of this process, never finishing
    options["timeout"] = 0.05
    try:
        with pytest.raises(OperationalError, match="database is locked"), transaction.atomic():
            pass
    finally:
        options["timeout"] = saved
        writer_lock.release()
