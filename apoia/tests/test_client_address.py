"""client_address: REMOTE_ADDR unless APOIA_TRUSTED_PROXIES lists the peer; then the rightmost
X-Forwarded-For hop that is not a trusted proxy."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from apoia.lib.net import address_bucket, client_address, parse_networks

TRACK = "/acompanhar/"


@pytest.fixture(autouse=True)
def one_minute():
    """Limits count per minute: a test crossing into the next one would start afresh."""
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-18T10:00:15-04:00"), tick=False):
        yield


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_proxies(settings):
    settings.APOIA_TRUSTED_PROXY_NETWORKS = parse_networks(["127.0.0.1", "10.0.0.0/8"])


def test_without_trusted_proxies_a_forged_header_is_ignored(settings):
    settings.APOIA_TRUSTED_PROXY_NETWORKS = ()

    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(behind_proxies):
    # The client wrote "198.51.100.1" itself; the proxies appended 203.0.113.7 and 10.0.0.5.
    request = request_from("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.5")

    assert client_address(request) == "203.0.113.7"


def test_a_peer_that_is_not_a_trusted_proxy_cannot_forward_anything(behind_proxies):
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_garbage_in_the_header_leaves_the_last_trusted_proxy(behind_proxies):
    assert client_address(request_from("127.0.0.1", "não-sou-ip, 10.0.0.5")) == "10.0.0.5"


def test_a_request_made_inside_the_proxies_network_is_its_leftmost_hop(behind_proxies):
    assert client_address(request_from("127.0.0.1", "10.0.0.9, 10.0.0.5")) == "10.0.0.9"


def test_ports_and_ipv4_mapped_addresses_are_read_as_plain_addresses(behind_proxies):
    assert client_address(request_from("::ffff:127.0.0.1", "203.0.113.7:51234")) == "203.0.113.7"
    assert client_address(request_from("127.0.0.1", "[2001:db8::1]:443")) == "2001:db8::1"


def test_ipv6_clients_are_throttled_by_their_64():
    assert address_bucket("2001:db8:0:1:aaaa::1") == "2001:db8:0:1::/64"
    assert address_bucket("203.0.113.7") == "203.0.113.7"


def test_a_malformed_proxy_list_stops_the_start_up():
    with pytest.raises(ImproperlyConfigured, match="APOIA_TRUSTED_PROXIES"):
        parse_networks(["10.0.0.0/8", "proxy.interno"])


def test_a_forged_header_does_not_escape_the_tracking_limit(db, settings):
    settings.APOIA_TRACKING_RATE = 2
    settings.APOIA_TRUSTED_PROXY_NETWORKS = ()
    data = {"protocol": "50002.000001/2026-50", "access_code": "ABCDEFGHJK"}

    statuses = [
        Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post(TRACK, data)
        .status_code
        for n in range(3)
    ]

    assert statuses == [404, 404, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_tracking_budget(db, settings):
    settings.APOIA_TRACKING_RATE = 1
    settings.APOIA_TRUSTED_PROXY_NETWORKS = parse_networks(["127.0.0.1"])
    data = {"protocol": "50002.000001/2026-50", "access_code": "ABCDEFGHJK"}

    def through_proxy(client_ip):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_ip).post(TRACK, data)

    statuses = [through_proxy(ip).status_code for ip in ("203.0.113.7", "203.0.113.8")]
    again = through_proxy("203.0.113.7").status_code

    assert statuses == [404, 404]
    assert again == 429


def production_setting(name: str, **env) -> str:
    """A setting of apoia.settings as a fresh process reads it from `env`."""
    environment = {k: v for k, v in os.environ.items() if k != "APOIA_TRUSTED_PROXIES"}
    environment.update({"APOIA_HTTPS": "true", "DEBUG": "false", **env})
    code = f"import apoia.settings as s; print(repr(getattr(s, {name!r}, None)))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_proxy_ssl_header_is_believed_only_behind_trusted_proxies():
    assert production_setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert (
        production_setting("SECURE_PROXY_SSL_HEADER", APOIA_TRUSTED_PROXIES="10.0.0.0/8")
        == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
