"""Django's SQLite backend, with the write transactions of one process queued on a lock.

SQLite lets one writer in at a time. A connection that finds the database locked polls:
it sleeps 1, 2, 5 ... ms and, after a quarter of a second, 100 ms between tries. The one that
has waited longest therefore tries least often, and the threads of a busy process (runserver,
a threaded WSGI server, the concurrency test) that come back for their next transaction take
the lock before it, again and again, until its busy timeout runs out: "database is locked"
after a few seconds, while the median wait is a few milliseconds. Here the threads of a
process wait on a lock the operating system hands over when it is released, so they take
turns; SQLite's own busy timeout is left for other processes (at most one writer each).

The wait is bounded by the same `timeout` option as SQLite's busy timeout (one setting).
"""

import threading

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

from apoia.lib import collation

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _write_lock(name) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(name), threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _held = None  # the lock this connection holds during a write transaction

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.create_collation(collation.NAME, collation.compare)
        return connection

    def _start_transaction_under_autocommit(self):
        lock = _write_lock(self.settings_dict["NAME"])
        timeout = self.settings_dict["OPTIONS"].get("timeout", 5)
        if not lock.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            lock.release()
            raise
        self._held = lock

    def _release_write_lock(self):
        lock, self._held = self._held, None
        if lock is not None:
            lock.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            # A failed COMMIT leaves the transaction to the rollback Django issues next;
            # releasing here is safe because the lock only orders the waiters, SQLite's own
            # lock still guards the data.
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
