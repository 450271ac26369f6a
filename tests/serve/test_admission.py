"""Admission control (kg.serve.admission): who a client is, and who gets the reserve slot; the
history that decides it decays with time, and one heavy query leaves no penalty."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
import pytest
from support.servers import EXPLOSIVE, Server, make_store

from kg.errors import Busy
from kg.serve.admission import LIGHT_SECONDS, Admission, client_identity, trusted_networks

HEAVY = LIGHT_SECONDS + 0.1


async def _hold(adm: Admission, client: str, seconds: float) -> None:
    slot = await adm.acquire(client)
    await asyncio.sleep(seconds)
    adm.release(slot)


async def _gets_reserve(adm: Admission, client: str) -> bool:
    """With the general slot held by someone else: does `client` start at once?"""
    holder = await adm.acquire("holder")
    try:
        slot = await asyncio.wait_for(adm.acquire(client), 0.2)
    except (TimeoutError, Busy):
        return False
    finally:
        adm.release(holder)
    adm.release(slot)
    return True


def test_one_heavy_query_leaves_no_penalty_and_more_do_until_they_decay() -> None:
    async def go() -> list[bool]:
        adm = Admission(general=1, reserve=1, queue_timeout=0.15, decay=1.0)
        seen = [await _gets_reserve(adm, "a")]  # new: light
        await _hold(adm, "a", HEAVY)  # one heavy (a timed-out query, say)
        seen.append(await _gets_reserve(adm, "a"))  # still light
        await _hold(adm, "a", HEAVY)
        seen.append(await _gets_reserve(adm, "a"))  # two heavy lately: heavy
        await asyncio.sleep(1.5)  # the history decays
        seen.append(await _gets_reserve(adm, "a"))
        return seen

    assert asyncio.run(go()) == [True, True, False, True]


def test_newcomers_share_a_history() -> None:
    async def go() -> list[bool]:
        adm = Admission(general=1, reserve=1, queue_timeout=0.15, decay=30.0)
        await _hold(adm, "known", 0.2)  # a client with a light history
        for n in range(4):  # addresses taking turns, one heavy query each
            await _hold(adm, f"new-{n}", HEAVY)
        return [await _gets_reserve(adm, "new-9"), await _gets_reserve(adm, "known")]

    assert asyncio.run(go()) == [False, True]


def test_client_identity() -> None:
    proxy = trusted_networks(["10.0.0.0/8", "::1"])
    assert client_identity("1.2.3.4", "5.6.7.8", []) == "1.2.3.4"  # off by default
    assert client_identity("1.2.3.4", "5.6.7.8", proxy) == "1.2.3.4"  # not a proxy
    assert client_identity("10.0.0.5", "5.6.7.8", proxy) == "5.6.7.8"
    assert client_identity("10.0.0.5", "6.6.6.6, 5.6.7.8, 10.1.1.1", proxy) == "5.6.7.8"
    assert client_identity("::1", "2001:db8::1", proxy) == "2001:db8::1"
    assert client_identity("10.0.0.5", "garbage", proxy) == "10.0.0.5"
    assert client_identity("10.0.0.5", None, proxy) == "10.0.0.5"


@pytest.mark.slow
@pytest.mark.parametrize("trusted", [True, False])
def test_clients_behind_a_trusted_proxy_are_told_apart(tmp_path: Path, trusted: bool) -> None:
    """One query at a time per client: behind a trusted proxy, two forwarded clients run side
    by side; without trust, X-Forwarded-For is ignored and they are one client."""
    srv = Server(
        make_store(tmp_path / "store"),
        query_timeout=2.0,
        queue_timeout=1.0,
        workers=2,
        client_concurrency=1,
        trusted_proxies=["127.0.0.1"] if trusted else [],
    )
    answers: dict[str, str] = {}

    def ask(who: str) -> None:
        resp = httpx.get(
            srv.url + "/sparql",
            params={"query": EXPLOSIVE},
            headers={"X-Forwarded-For": who},
            timeout=30,
        )
        answers[who] = resp.text

    try:
        threads = [threading.Thread(target=ask, args=(who,)) for who in ("1.1.1.1", "2.2.2.2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        srv.stop()
    stopped = sum("time limit" in text for text in answers.values())
    waited = sum("server busy" in text for text in answers.values())
    assert (stopped, waited) == ((2, 0) if trusted else (1, 1)), answers
