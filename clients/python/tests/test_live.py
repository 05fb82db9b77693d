"""The client against a running exchange: PATX_URL (its HTTP base), PATX_TEST_KEY (the private key
of an account holding PAT) and PATX_OPERATOR_TOKEN (test/clients/python-client.test.ts starts a
service, funds a fresh key and runs these). Without them every case here is skipped, and that test fails on a skip."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
import unittest
from typing import Any, Callable

from patx import pb
from patx.frames import PatxRequestError
from patx.grants import Download, download_file, download_with_grant, get_my_grant, grant_of, iter_my_grants, left_to_use, list_grant_receipts, list_my_grants, records_sha256
from patx.http import ExchangeHttp, PatxHttpError
from patx.market import chain_contracts, deposit_credited, discover, get_account, get_series, list_series, wait_for_credit
from patx.market_data import MarketDataClient
from patx.orders import get_order, get_order_by_client_id, list_orders
from patx.signing import Wallet
from patx.subscriptions import cancel_subscription, get_subscription, subscribe
from patx.trading import PatxSignInError, TradingClient, reject_name

URL = os.environ.get("PATX_URL", "")
KEY = os.environ.get("PATX_TEST_KEY", "")
OPERATOR_TOKEN = os.environ.get("PATX_OPERATOR_TOKEN", "")


def sells_usage(http: ExchangeHttp, listing_id: int) -> bool:
    """Whether a listing's live version sells usage (units of records or requests a right) rather than one-time rights."""
    return http.get(f"/v1/listings/{int(listing_id)}")["terms"].get("usage") is not None


# Client order ids unique over the run: a count on from its start in ms × 1,000. A test's `now + 7` met another's `now`
# 7 ms later, and the gateway took the second order for a retry of the first (the same client id: never placed twice)
# and answered the first order's ack, with no fill.
_client_ids = itertools.count(int(time.time() * 1000) * 1000)


def new_client_id() -> int:
    return next(_client_ids)

def traded_series(http: ExchangeHttp, usage: bool | None = None) -> dict[str, Any]:
    """A trading spot series of a published listing's segment with a broker ask (the series JSON with its
    `book`), of a listing selling usage or one-time rights when `usage` says which. The broker asks once a
    provider has sold it rights: waits for one, up to 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for listing in http.get("/v1/listings")["listings"]:
            if usage is not None and sells_usage(http, listing["id"]) != usage:
                continue
            for s in list_series(http, listing=listing["id"], kind="SPOT", status="TRADING"):
                series = get_series(http, s["seriesId"])
                if series["book"]["asks"] and series["openAtMs"] <= time.time() * 1000:
                    return series
        time.sleep(1)
    raise AssertionError("no listed spot series with a broker ask")


def above_ask(series: dict[str, Any], ticks: int = 5) -> int:
    """A buy limit a few ticks above the best ask: the quoter may requote between the read and the
    order, and an IOC buy fills at the resting ask's own price."""
    return int(min(series["maxPriceMicros"], series["book"]["asks"][0]["priceMicros"] + ticks * series["tickMicros"]))


@unittest.skipUnless(URL and KEY, "needs PATX_URL and PATX_TEST_KEY (a running exchange and a funded key)")
class Live(unittest.TestCase):
    endpoints = discover(URL) if URL else None
    wallet = Wallet(KEY) if KEY else None

    def http(self) -> ExchangeHttp:
        assert self.endpoints is not None
        return ExchangeHttp(self.endpoints.http_url, self.wallet)

    def trading(self) -> TradingClient:
        assert self.endpoints is not None
        return TradingClient.connect(self.endpoints.trade_url, wallet=self.wallet)

    def test_login_and_account(self) -> None:
        with self.trading() as client:
            view = client.account()
            self.assertEqual(view.account_id, client.account_id)
            self.assertEqual(view.address.lower(), self.wallet.address.lower() if self.wallet else "")
            self.assertGreater(int(view.available_wei), 0)
        account = get_account(self.http())  # the same account over signed HTTP
        self.assertEqual(account["accountId"], client.account_id)

    @unittest.skipUnless(OPERATOR_TOKEN, "needs PATX_OPERATOR_TOKEN")
    def test_operator_login_and_a_refused_token(self) -> None:
        assert self.endpoints is not None
        with TradingClient.connect(self.endpoints.trade_url, operator_token=OPERATOR_TOKEN) as operator:
            self.assertEqual(operator.login.role, pb.OPERATOR)
        with self.assertRaises(PatxRequestError) as caught:
            TradingClient.connect(self.endpoints.trade_url, operator_token="not-the-token-0123456789abcdef")
        self.assertEqual(caught.exception.code, "AUTH_FAILED")

    def test_a_challenge_for_another_host_is_not_signed(self) -> None:
        assert self.endpoints is not None
        wrong = self.endpoints.trade_url.replace("127.0.0.1", "localhost")
        with self.assertRaises(PatxSignInError) as caught:
            TradingClient.connect(wrong, wallet=self.wallet)
        self.assertEqual(caught.exception.code, "DOMAIN_MISMATCH")

    def test_a_request_signed_for_another_chain_is_refused(self) -> None:
        http = self.http()
        http.chain_id = 1
        with self.assertRaises(PatxHttpError) as caught:
            get_account(http)
        self.assertEqual(caught.exception.status, 401)

    def test_deposit_status(self) -> None:
        contracts = chain_contracts(self.http())  # None: this exchange runs without a chain (PAT credited directly)
        if contracts is not None:
            self.assertIn("vault", contracts)
        account = wait_for_credit(self.http(), 1, timeout_s=5)
        self.assertGreaterEqual(int(account["availableWei"]), 1)
        # One deposit by its ref: this exchange runs without a chain, so it cannot say, and says why by name.
        with self.assertRaises(PatxHttpError) as caught:
            deposit_credited(self.http(), "0x" + "ab" * 32 + ":1")
        self.assertEqual((caught.exception.status, caught.exception.code), (503, "SETTLEMENT_UNAVAILABLE"))

    def bought_grant(self, http: ExchangeHttp, usage: bool | None = None) -> tuple[dict[str, Any], str]:
        """One right bought at the broker's ask and exercised (of a listing selling usage or not, when `usage` says): its signed grant."""
        with self.trading() as client:
            # The broker requotes while the order travels (and the other live tests buy too): an IOC at the ask read a
            # moment before may find it gone. Read the ask again and send again, as a user would, a few times.
            for attempt in range(5):
                series = traded_series(http, usage)
                limit = above_ask(series)
                ack = client.new_order(series_id=series["seriesId"], client_order_id=new_client_id(), side=pb.BUY,
                                       time_in_force=pb.IOC, price_micros=limit, qty=1)
                self.assertEqual(reject_name(ack), "NONE")
                fills = [r for r in ack.reports if r.exec_type == pb.EXEC_TRADE]
                if sum(r.last_qty for r in fills) == 1 or attempt == 4:
                    break
                time.sleep(0.5)
            self.assertEqual(sum(r.last_qty for r in fills), 1, f"no fill at the broker's ask: {ack}")
            self.assertLessEqual(fills[0].last_price_micros, limit)
            exercised = client.exercise(series["seriesId"], 1)
            self.assertEqual(reject_name(exercised), "NONE")
            self.assertEqual(len(exercised.grants), 1)
        return grant_of(exercised.grants[0])

    def when_ready(self, download: Callable[[], Download]) -> Download:
        for _ in range(30):  # the provider's gate answers NOT_READY until the window has records
            got = download()
            if got.outcome != "refused" or got.error != "NOT_READY":
                return got
            time.sleep(1)
        return got

    def test_trade_with_the_broker_then_exercise_and_download_with_a_receipt(self) -> None:
        http = self.http()
        grant, signature = self.bought_grant(http, usage=False)  # one right, one delivery (a usage grant's: below)
        download = self.when_ready(lambda: download_with_grant(http, grant, signature))
        self.assertEqual(download.outcome, "received", download)
        self.assertEqual(download.receipt_skipped, "")
        assert download.receipt is not None
        self.assertEqual(download.receipt["grant"]["delivered"], 1)
        self.assertEqual(len(list_grant_receipts(http, grant["grantId"])), 1)
        self.assertEqual(get_my_grant(http, grant["grantId"])["delivered"], 1)
        listed = list_my_grants(http)
        self.assertIn(grant["grantId"], [g["grant"]["grantId"] for g in listed["grants"]])
        # Every grant once, newest first, a page of one at a time before the previous page's next (no total counted).
        walked = [g["grant"]["grantId"] for g in iter_my_grants(http, page_size=1)]
        self.assertEqual(walked, sorted(set(walked), reverse=True))
        self.assertEqual(len(walked), listed["total"])
        self.assertNotIn("total", list_my_grants(http, limit=1, before=walked[0]))
        self.assertEqual(list_my_grants(http, limit=1)["next"], walked[0] if len(walked) > 1 else None)

    def test_download_an_ndjson_file_typed_by_the_listing_with_its_statement_beside(self) -> None:
        http = self.http()
        grant, signature = self.bought_grant(http, usage=False)  # a right is the provider's 25 records
        path = os.path.join(tempfile.mkdtemp(), "records.ndjson")
        with self.assertRaises(ValueError):
            download_file(http, grant, signature, path, fmt="csv")
        download = self.when_ready(lambda: download_file(http, grant, signature, path))
        self.assertEqual(download.outcome, "received", download)
        self.assertEqual(download.receipt_skipped, "")
        assert download.receipt is not None
        self.assertEqual(download.receipt["grant"]["delivered"], 1)
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f.read().splitlines()]
        self.assertEqual(rows, download.records)
        self.assertEqual(len(rows), 25)
        # Typed by the listing's schema: its number columns are numbers (the JSON answer has the demo's as strings).
        schema = http.get(f"/v1/listings/{int(grant['listingId'])}")["schema"]
        self.assertEqual(list(rows[0]), [c["name"] for c in schema["columns"]])
        for column in (c["name"] for c in schema["columns"] if c["type"] == "number"):
            self.assertIsInstance(rows[0][column], (int, float))
        with open(f"{path}.statement.json", encoding="utf-8") as f:
            side = json.load(f)
        self.assertEqual(download.statement_path, f"{path}.statement.json")
        self.assertEqual(side["delivery"]["records"], 25)
        self.assertEqual(side["delivery"]["sha256"], records_sha256(rows))
        self.assertTrue(side["statementText"].startswith("PATX delivery v1\n"))

    def test_download_a_usage_grant_takes_its_units_left_by_default(self) -> None:
        http = self.http()
        grant, signature = self.bought_grant(http, usage=True)  # the demo's HOME_INTENT: 100 records a right
        view = get_my_grant(http, grant["grantId"])
        usage = view["usage"]
        self.assertEqual((usage["unit"], usage["units"], usage["usedUnits"]), ("records", usage["perRight"], 0))
        self.assertEqual(left_to_use(view), usage["units"])
        path = os.path.join(tempfile.mkdtemp(), "records.ndjson")
        download = self.when_ready(lambda: download_file(http, grant, signature, path))
        self.assertEqual(download.outcome, "received", download)
        self.assertEqual(download.receipt_skipped, "")
        self.assertEqual(len(download.records), usage["units"])  # every unit, not one record for the one right
        with open(f"{path}.statement.json", encoding="utf-8") as f:
            self.assertEqual(json.load(f)["delivery"]["records"], usage["units"])
        used = get_my_grant(http, grant["grantId"])["usage"]
        self.assertEqual((used["usedUnits"], used["leftUnits"]), (usage["units"], 0))
        again = download_with_grant(http, grant, signature)  # nothing left: the gate refuses, typed
        self.assertEqual((again.outcome, again.error), ("refused", "EXHAUSTED"), again)

    def test_receipts_are_listed_page_by_page(self) -> None:
        http = self.http()
        grant, signature = self.bought_grant(http, usage=True)  # a usage grant by records: a receipt per download
        for _ in range(3):
            got = self.when_ready(lambda: download_with_grant(http, grant, signature, use=1))
            self.assertEqual((got.outcome, got.receipt_skipped), ("received", ""), got)
        # Pages of one: every receipt, each once (the first page alone was all it read).
        paged = list_grant_receipts(http, grant["grantId"], page_size=1)
        self.assertEqual(len(paged), 3)
        self.assertEqual(paged, list_grant_receipts(http, grant["grantId"]))
        self.assertEqual(len({r["nonce"] for r in paged}), 3)

    def test_market_data_book_is_what_an_order_can_take(self) -> None:
        assert self.endpoints is not None
        http = self.http()
        series = traded_series(http)
        sid = series["seriesId"]
        bids = series["book"]["bids"]
        # A bid below the broker's, on the tick: it rests, waiting for the broker (only the broker sells to it), so it is
        # listed apart as `book.waiting` and is on no market-data BOOK, which holds what an order can take.
        price = max(series["minPriceMicros"], (bids[-1]["priceMicros"] if bids else series["book"]["asks"][0]["priceMicros"]) - 10 * series["tickMicros"])
        with MarketDataClient.connect(self.endpoints.market_url) as md, self.trading() as client:
            md.subscribe(sid, [pb.BOOK, pb.TRADES, pb.QUOTES])
            book = md.wait_book(sid)
            ack = client.new_order(series_id=sid, client_order_id=new_client_id(), side=pb.BUY, price_micros=price, qty=2, post_only=True)
            self.assertEqual(reject_name(ack), "NONE")
            order_id = ack.reports[0].order_id
            # Open orders read a page at a time: the order is listed, and a page of one after it says there is no more.
            self.assertIn(order_id, [o.order_id for o in client.open_orders(series_id=sid)])
            self.assertEqual(client.open_orders_page(series_id=sid, limit=1, after_order_id=order_id).next_after_order_id, 0)
            waiting = http.get(f"/v1/series/{sid}")["book"]["waiting"]["bids"]
            self.assertTrue(any(lv["priceMicros"] == price and lv["qty"] >= 2 for lv in waiting))
            # The broker's own levels stay the book's: within a few of its updates, never our bid.
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                md.next_event(0.5)
                self.assertTrue(all(lv.price_micros != price for lv in book.bids()) or any(b["priceMicros"] == price for b in http.get(f"/v1/series/{sid}")["book"]["bids"]))
            client.cancel(order_id=order_id)
            # A buy at the broker's ask takes from its level: the book's updates carry the change, until it shows what
            # the exchange's book does.
            ask = http.get(f"/v1/series/{sid}")["book"]["asks"][0]
            bought = client.new_order(series_id=sid, client_order_id=new_client_id(), side=pb.BUY, price_micros=ask["priceMicros"], qty=1, time_in_force=pb.IOC)
            self.assertEqual(reject_name(bought), "NONE")
            deadline = time.monotonic() + 10
            in_step = False
            while not in_step and time.monotonic() < deadline:
                md.next_event(0.5)
                now = http.get(f"/v1/series/{sid}")["book"]["asks"][:3]
                in_step = [(lv.price_micros, lv.qty) for lv in book.asks()[:3]] == [(a["priceMicros"], a["qty"]) for a in now]
            self.assertTrue(in_step, "the book's asks never matched the exchange's")
            # Every snapshot and update was checked (sequence and checksum) as it was applied: none went stale.
            self.assertTrue(book.ready)
            self.assertEqual(md.resyncs, 0)

    def test_what_became_of_an_order_over_the_socket_and_http(self) -> None:
        http = self.http()
        series = traded_series(http)
        sid = series["seriesId"]
        price = max(series["minPriceMicros"], series["book"]["asks"][0]["priceMicros"] - 20 * series["tickMicros"])
        client_order_id = new_client_id()
        with self.trading() as client:
            ack = client.new_order(series_id=sid, client_order_id=client_order_id, side=pb.BUY, price_micros=price, qty=1, post_only=True)
            self.assertEqual(reject_name(ack), "NONE")
            order_id = ack.reports[0].order_id
            live = client.order_status(client_order_id=client_order_id)
            self.assertEqual((live.order_id, live.ord_status, live.leaves_qty), (order_id, pb.ORDER_NEW, 1))
            self.assertEqual(reject_name(client.cancel(client_order_id=client_order_id)), "NONE")
            ended = client.order_status(order_id=order_id)
            self.assertEqual((ended.ord_status, ended.cancel_reason, ended.leaves_qty), (pb.ORDER_CANCELED, pb.USER, 0))
            unknown = client.order_status(order_id=999_999_999)
            self.assertEqual((unknown.ord_status, unknown.reject_reason), (0, pb.UNKNOWN_ORDER))
        # Over HTTP, after the session: by id, by client id, in the history.
        by_id = get_order(http, order_id)["order"]
        self.assertEqual((by_id["status"], by_id["cancelReason"], by_id["clientOrderId"]), ("CANCELED", "USER", client_order_id))
        self.assertEqual(get_order_by_client_id(http, client_order_id)["order"], by_id)
        self.assertIn(order_id, [o["orderId"] for o in list_orders(http, series_id=sid, status="closed")["orders"]])
        with self.assertRaises(PatxHttpError) as caught:
            get_order(http, 999_999_999)
        self.assertEqual((caught.exception.status, caught.exception.code), (404, "UNKNOWN_ORDER"))

    def test_subscription_over_http(self) -> None:
        http = self.http()
        series = traded_series(http)
        made = subscribe(http, series["contract"], qty_per_window=1, cap_price_micros=series["maxPriceMicros"], budget_micros=5_000_000,
                         includeCurrent=False)
        self.assertEqual(made["status"], "active")
        self.assertEqual(get_subscription(http, made["subscriptionId"])["subscription"]["contract"], series["contract"])
        self.assertEqual(cancel_subscription(http, made["subscriptionId"])["status"], "cancelled")
        with self.assertRaises(PatxHttpError) as caught:
            subscribe(http, "NO_SUCH|1D|0.70-0.85", qty_per_window=1, cap_price_micros=1_000_000, budget_micros=5_000_000)
        self.assertEqual(caught.exception.status // 100, 4)

    def test_subscription_over_the_websocket_with_its_updates(self) -> None:
        series = traded_series(self.http())
        with self.trading() as client:
            ack = client.subscribe(series["contract"], qty_per_window=1, cap_price_micros=series["minPriceMicros"], budget_micros=5_000_000,
                                   include_current=False)
            self.assertEqual(reject_name(ack), "NONE")
            self.assertGreater(ack.subscription_id, 0)
            made = self._next_update(client)
            self.assertEqual((made.subscription_id, made.WhichOneof("update")), (ack.subscription_id, "created"))
            self.assertEqual(reject_name(client.cancel_subscription(ack.subscription_id)), "NONE")
            changed = self._next_update(client)
            self.assertEqual(changed.WhichOneof("update"), "status_changed")
            self.assertEqual(changed.status_changed.status, pb.SUBSCRIPTION_CANCELLED)

    def _next_update(self, client: TradingClient) -> pb.SubscriptionUpdate:
        for frame in client.reports(10.0):
            if frame.WhichOneof("body") == "subscription_update":
                return frame.subscription_update
        self.fail("no subscription update came")

    def test_a_refused_request_is_a_typed_error(self) -> None:
        with self.trading() as client, self.assertRaises(PatxRequestError) as caught:
            client.socket.request(subscribe=pb.Subscribe(series_id=1))  # market data asked of order entry
        self.assertEqual(caught.exception.code, "WRONG_ENDPOINT")
        # A value the wire cannot carry (a negative quantity) is refused as the exchange refuses a bad field, nothing sent.
        with self.trading() as client, self.assertRaises(PatxRequestError) as bad:
            client.new_order(series_id=1, client_order_id=1, side=pb.BUY, price_micros=1_000, qty=-1)
        self.assertEqual(bad.exception.code, "INVALID_FIELD")


if __name__ == "__main__":
    unittest.main()
