"""The fetcher's pure parts: backoff, Retry-After, body decoding, host pacing, policy checks."""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import FetchError
from tracker.fetch import FetchPolicy, is_url
from tracker.fetch.body import BodyReader
from tracker.fetch.failures import AttemptFailed
from tracker.fetch.politeness import HostPacer
from tracker.fetch.retry import backoff_delay, delay_before_retry

TERMS = ("第1条（目的）本規約は、サービスの利用条件を定めます。" * 50).encode()


# --- backoff and Retry-After -----------------------------------------------------------------


@given(attempt=st.integers(1, 200), seed=st.integers(0, 2**32))
def test_backoff_stays_within_the_capped_exponential_ceiling(attempt: int, seed: int) -> None:
    policy = FetchPolicy(backoff_base=0.5, backoff_max=30.0)
    delay = backoff_delay(attempt, policy, random.Random(seed))
    assert 0 <= delay <= min(30.0, 0.5 * 2 ** min(attempt - 1, 60))


def test_backoff_is_jittered_not_fixed() -> None:
    rng = random.Random(7)
    delays = {backoff_delay(4, FetchPolicy(), rng) for _ in range(20)}
    assert len(delays) == 20 and max(delays) <= 4.0


def test_retry_after_wins_over_backoff_but_not_over_backoff_max() -> None:
    policy = FetchPolicy(backoff_max=10.0)
    asked = AttemptFailed("HTTP 503", transient=True, retry_after=3.0)
    greedy = AttemptFailed("HTTP 503", transient=True, retry_after=3600.0)
    assert delay_before_retry(asked, 1, policy, random.Random()) == 3.0
    assert delay_before_retry(greedy, 1, policy, random.Random()) == 10.0


# --- body decoding ---------------------------------------------------------------------------


def read_all(encoding: str | None, data: bytes, *, max_bytes: int = 10**6, step: int = 7) -> bytes:
    reader = BodyReader(encoding, max_bytes=max_bytes)
    for start in range(0, len(data), step):  # tiny chunks: headers split across feeds
        reader.feed(data[start : start + step])
    return reader.finish()


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # what RFC 9110 calls deflate: zlib-wrapped
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        ("gzip", zlib.compress),  # zlib data mislabelled gzip
        ("identity", lambda data: data),
        (None, lambda data: data),
    ],
)
def test_bodies_decode_whatever_the_wrapper(
    encoding: str | None, compress: Callable[[bytes], bytes]
) -> None:
    assert read_all(encoding, compress(TERMS)) == TERMS


@pytest.mark.parametrize("step", [1, 7, 4096])
def test_concatenated_gzip_members_are_one_body(step: int) -> None:
    body = gzip.compress(b"first ") + gzip.compress(b"second")
    assert read_all("gzip", body, step=step) == b"first second"


def test_a_cut_gzip_stream_is_truncated_and_transient() -> None:
    with pytest.raises(AttemptFailed) as caught:
        read_all("gzip", gzip.compress(TERMS)[:-20])
    assert caught.value.transient and caught.value.cause.startswith("truncated body")


def test_bytes_that_are_not_gzip_are_permanent() -> None:
    with pytest.raises(AttemptFailed) as caught:
        read_all("gzip", b"\x1f\x8b not really gzip at all")
    assert not caught.value.transient


def test_an_encoding_we_did_not_ask_for_is_permanent() -> None:
    with pytest.raises(AttemptFailed) as caught:
        BodyReader("br", max_bytes=100)
    assert caught.value.cause == "unsupported Content-Encoding 'br'" and not caught.value.transient


def test_a_bomb_is_stopped_after_decoding_little_more_than_the_cap() -> None:
    bomb = zlib.compress(bytes(50 * 1024 * 1024), 9)  # 50 MB of zeros in ~50 KB
    reader = BodyReader("deflate", max_bytes=1024 * 1024)
    with pytest.raises(AttemptFailed, match="after decompression"):
        reader.feed(bomb)
    assert len(reader._body) <= 1024 * 1024 + 64 * 1024  # one decode step past the cap at most


# --- host pacing -----------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_host_waits_host_delay_after_its_last_request_and_other_hosts_do_not() -> None:
    clock = FakeClock()
    pacer = HostPacer(1.5, sleep=clock.sleep, clock=clock)
    with pacer.turn("a.example.jp"):
        clock.now += 0.3  # the request itself
    with pacer.turn("b.example.jp"):
        pass
    with pacer.turn("a.example.jp"):
        pass
    assert clock.slept == [1.5]


def test_turns_on_one_host_never_overlap() -> None:
    pacer = HostPacer(0.0)
    inside = 0
    most = 0
    count_lock = threading.Lock()

    def visit() -> None:
        nonlocal inside, most
        with pacer.turn("example.jp"):
            with count_lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.01)
            with count_lock:
                inside -= 1

    threads = [threading.Thread(target=visit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


# --- policy and the public surface -----------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"read_timeout": 0},
        {"retries": -1},
        {"max_concurrency": 0},
        {"contact": "ops@example.jp\r\nX-Evil: 1"},
        {"contact": "担当者"},
    ],
)
def test_a_policy_that_cannot_work_is_refused_when_built(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        replace(FetchPolicy(), **bad)


def test_is_url() -> None:
    assert is_url("https://example.jp/terms") and is_url("HTTP://EXAMPLE.JP/")
    assert not is_url("terms.html") and not is_url("ftp://example.jp") and not is_url("http:x")


def test_fetch_error_keeps_its_old_constructor() -> None:
    error = FetchError("https://example.jp", "HTTP 404 Not Found", transient=False, status=404)
    assert (error.retry_after, error.attempts) == (None, 1)
    assert str(error) == "https://example.jp: HTTP 404 Not Found"


def test_importing_the_fetcher_does_not_import_httpx() -> None:
    # Commands that read only local files should not pay for httpx at start-up.
    code = "import sys, tracker.fetch, tracker.sources; print('httpx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
