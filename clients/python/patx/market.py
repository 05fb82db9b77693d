"""The market over HTTP (docs/protocol.md, "HTTP"): where the WebSocket endpoints are, the series
with their terms and books, trades, the account view, and a deposit's status: the chain to
deposit on (GET /v1/chain/contracts) and whether the account has been credited yet (the exchange
credits a vault deposit after the chain's confirmations)."""

from __future__ import annotations

import os
import sys
import time
import urllib.parse
from dataclasses import dataclass

from .http import ExchangeHttp, JsonObject, PatxHttpError, whole

DEFAULT_URL = "http://127.0.0.1:8480"


@dataclass(frozen=True)
class Endpoints:
    """The gateway's HTTP base and the WebSocket URLs derived from it with GET /v1/endpoints."""

    http_url: str
    trade_url: str
    market_url: str
    chain_id: int


def discover(http_url: str, timeout_s: float = 30.0) -> Endpoints:
    """Order entry and market data of the exchange at `http_url` (ws:// for http://, wss:// for https://)."""
    base = http_url.rstrip("/")
    answer = ExchangeHttp(base, timeout_s=timeout_s).get("/v1/endpoints")
    parts = urllib.parse.urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    host = parts.hostname or "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    trade, market = answer["trade"], answer["marketData"]
    return Endpoints(base, f"{scheme}://{host}:{trade['port']}{trade['path']}", f"{scheme}://{host}:{market['port']}{market['path']}",
                     int(answer.get("chainId", 31337)))


def url_from_env() -> str:
    """PATX_URL, the gateway's HTTP base (default http://127.0.0.1:8480). A ws:// URL, as the
    TypeScript examples once took, is read as its http:// twin, with a notice."""
    url = os.environ.get("PATX_URL", DEFAULT_URL)
    if url.startswith(("ws://", "wss://")):
        print(f"PATX_URL={url}: a WebSocket URL is deprecated here; give the HTTP base (http://host:port)", file=sys.stderr)
        url = "http" + url[2:]
        parts = urllib.parse.urlsplit(url)
        url = f"{parts.scheme}://{parts.netloc}"
    return url


def list_series(http: ExchangeHttp, **filters: str | int) -> list[JsonObject]:
    """GET /v1/series: the live series (filters: contract, segment, listing, window, kind, status, ...).

    Without `limit` or `offset` every page is read (a page holds at most 1,000), following `next`.
    """
    if "limit" in filters or "offset" in filters:
        page: list[JsonObject] = http.get(f"/v1/series?{urllib.parse.urlencode(filters)}")["series"]
        return page
    series: list[JsonObject] = []
    offset: int | None = 0
    while offset is not None:
        body = http.get(f"/v1/series?{urllib.parse.urlencode({**filters, 'offset': offset})}")
        series.extend(body["series"])
        offset = body.get("next")
    return series


def get_series(http: ExchangeHttp, series_id: int) -> JsonObject:
    """GET /v1/series/{id}: one series with its top ten levels a side (`book`)."""
    result: JsonObject = http.get(f"/v1/series/{whole(series_id, 'series_id')}")
    return result


def list_trades(http: ExchangeHttp, series_id: int, limit: int = 100) -> list[JsonObject]:
    trades: list[JsonObject] = http.get(f"/v1/trades?seriesId={whole(series_id, 'series_id')}&limit={whole(limit, 'limit')}")["trades"]
    return trades


def get_account(http: ExchangeHttp) -> JsonObject:
    """GET /v1/account (wallet-signed): balances (wei strings and PAT), positions, open orders."""
    result: JsonObject = http.signed("GET", "/v1/account")
    return result


def chain_contracts(http: ExchangeHttp) -> JsonObject | None:
    """Where to deposit: chain id, PAT token, vault, the confirmations a deposit waits for (None when the exchange runs off-chain)."""
    try:
        result: JsonObject = http.get("/v1/chain/contracts")
        return result
    except PatxHttpError as e:
        if e.status in (404, 503):
            return None
        raise


def deposit_credited(http: ExchangeHttp, ref: str) -> bool:
    """Whether the exchange credited one deposit (GET /v1/chain/deposits/{ref}, public), by its ref: the deposit
    transaction's hash and the vault's Deposited log index in its receipt, `0x<64 hex>:<index>` (lower case, as the
    exchange's chain watcher names it). Unlike the balance, which the account's own orders and subscriptions move
    meanwhile, it says yes for that deposit only, never too early. SETTLEMENT_UNAVAILABLE (503) off-chain."""
    answer: JsonObject = http.get(f"/v1/chain/deposits/{urllib.parse.quote(ref, safe='')}")
    return answer.get("credited") is True


def wait_for_deposit(http: ExchangeHttp, ref: str, timeout_s: float = 300.0, poll_s: float = 2.0) -> None:
    """Polls `deposit_credited` until the exchange credited the deposit, or TIMEOUT."""
    deadline = time.monotonic() + timeout_s
    while not deposit_credited(http, ref):
        if time.monotonic() >= deadline:
            raise PatxHttpError("TIMEOUT", f"deposit {ref} not credited within {timeout_s} s", 0)
        time.sleep(poll_s)


def wait_for_credit(http: ExchangeHttp, at_least_wei: int, timeout_s: float = 300.0, poll_s: float = 2.0) -> JsonObject:
    """A balance's status from the account's side: polls the account until its available balance is at least
    `at_least_wei`; the account view, or TIMEOUT. For one deposit, wait_for_deposit: an account that trades meanwhile
    may never show the balance risen by the deposit's amount."""
    deadline = time.monotonic() + timeout_s
    while True:
        account = get_account(http)
        if int(account["availableWei"]) >= at_least_wei:
            return account
        if time.monotonic() >= deadline:
            raise PatxHttpError("TIMEOUT", f"the account holds {account['availableWei']} wei, not yet {at_least_wei}", 0)
        time.sleep(poll_s)
