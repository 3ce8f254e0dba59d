"""Running the same write from several threads at the same moment, for the concurrency tests
of programs (they run on SQLite and on PostgreSQL: `make test` runs them on both)."""

import threading

import pytest
from django.db import connection, connections

# Generous: the point is the outcome, not how long a loaded 2-core machine takes (see
# apoia/protocol/tests/test_concurrency.py).
WRITE_TIMEOUT = 120

needs_file_db = pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME"),
    reason="needs a file database that several connections share",
)


def at_once(work, inputs, *, expected=()) -> tuple[list, list[BaseException]]:
    """`work(x)` for each of `inputs`, each in its own thread, all released together.

    Returns (outcomes, errors): an outcome is what `work` returned, or the exception it raised
    when that is one of `expected` (the refusal the loser gets); anything else is an error for
    the test to show. Each thread closes its database connections when it ends.
    """
    outcomes: list = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(inputs))

    def run(item) -> None:
        try:
            start.wait()
            outcomes.append(work(item))
        except expected as exc:
            outcomes.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors
