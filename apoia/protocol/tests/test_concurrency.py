"""Protocol numbers stay unique when many people submit at the same moment."""

import threading

import pytest
from django.db import connection, connections

from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import ServiceRequest
from apoia.protocol.numbering import parse_nup

THREADS, PER_THREAD = 20, 50
# Seconds a submission may wait for the write lock in this test. The writers of a process take
# turns (apoia/lib/sqlite3), so a thread waits for the ones queued ahead of it: up to 19
# transactions of tens of milliseconds each, but of up to half a second each when the other
# core is busy and the 20 threads share one core and the GIL (measured: a 9 s wait at worst
# with a load average of 8). The site's 20 s is for one web request; this test is about
# numbering, so it waits long enough that no machine load decides the result.
WRITE_TIMEOUT = 120


@pytest.fixture
def seeded(transactional_db):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


@pytest.fixture
def patient_writers():
    if connection.vendor != "sqlite":
        yield  # PostgreSQL queues writers on the sequence row itself, with no timeout
        return
    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    options["timeout"] = WRITE_TIMEOUT  # read by every connection the threads open
    yield
    options["timeout"] = saved


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME"),
    reason="needs a file database that several connections share",
)
def test_twenty_threads_submitting_fifty_requests_each_get_distinct_valid_numbers(
    seeded, patient_writers
):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    option = service.options.get(slug="formacao-capacitacao")
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                services.submit_request(
                    service=service,
                    option=option,
                    description=f"Pedido simultâneo {n}-{i} para formação.",
                    requester=services.RequesterData(
                        name=f"Pessoa {n}", email=f"p{n}@example.org", document="52998224725"
                    ),
                )
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = list(ServiceRequest.objects.values_list("protocol", flat=True))
    assert len(numbers) == THREADS * PER_THREAD
    assert len(set(numbers)) == THREADS * PER_THREAD
    parsed = [parse_nup(n) for n in numbers]
    assert None not in parsed
    assert sorted(p.sequence for p in parsed) == list(range(1, THREADS * PER_THREAD + 1))
