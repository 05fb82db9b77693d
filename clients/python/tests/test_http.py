"""What ExchangeHttp makes of a refusal that names a wait, from a server on 127.0.0.1 answering as the gateway does over
its limits (429 with the gateway's JSON and Retry-After; the live suite's service is configured with room to spare, so its
limits are not met there). Before, PatxHttpError had no wait: a caller parsed the message; and a GET refused for a few ms
of the account's read budget failed instead of reading on."""

from __future__ import annotations

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from patx.grants import get_my_grant
from patx.http import ExchangeHttp, PatxHttpError
from patx.orders import get_order, list_orders
from patx.signing import Wallet
from patx.subscriptions import cancel_subscription


class _Gateway(BaseHTTPRequestHandler):
    """Refuses as the gateway does: /long 429 for ~98 s, /seconds 429 with Retry-After only, /short 429 for 40 ms the
    first time; answers 200 otherwise. Counts the requests per path."""

    seen: dict[str, int] = {}

    def _answer(self) -> None:
        path = self.path.split("?")[0]
        count = _Gateway.seen[path] = _Gateway.seen.get(path, 0) + 1
        if path == "/long":
            self._json(429, {"error": "RATE_LIMITED", "message": "this account's reads asked more than its budget: nothing was read, retry after 97958 ms"}, "98")
        elif path == "/seconds":
            self._json(429, {"error": "RATE_LIMITED", "message": "this address sent more than 200 requests at once or 50 a second: retry after 3 s"}, "3")
        elif path == "/short" and count == 1:
            self._json(429, {"error": "RATE_LIMITED", "message": "nothing was read, retry after 40 ms"}, "1")
        else:
            self._json(200, {"ok": True, "requests": count})

    do_GET = _answer
    do_POST = _answer

    def _json(self, status: int, body: dict[str, Any], retry_after: str | None = None) -> None:
        text = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(text)))
        if retry_after is not None:
            self.send_header("retry-after", retry_after)
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *_: Any) -> None:
        pass


class RefusalWaits(unittest.TestCase):
    server: ThreadingHTTPServer

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self) -> None:
        _Gateway.seen.clear()
        self.http = ExchangeHttp(f"http://127.0.0.1:{self.server.server_address[1]}", Wallet.create(), chain_id=31337)

    def test_a_long_wait_is_typed_and_not_waited_for(self) -> None:
        with self.assertRaises(PatxHttpError) as caught:
            self.http.signed("GET", "/long")
        self.assertEqual((caught.exception.code, caught.exception.status, caught.exception.retry_after_ms), ("RATE_LIMITED", 429, 97958))
        self.assertEqual(_Gateway.seen["/long"], 1)

    def test_retry_after_in_seconds_when_the_message_names_no_ms(self) -> None:
        with self.assertRaises(PatxHttpError) as caught:
            self.http.get("/seconds")
        self.assertEqual(caught.exception.retry_after_ms, 3000)

    def test_a_read_refused_for_a_short_wait_is_sent_again_once(self) -> None:
        self.assertEqual(self.http.signed("GET", "/short"), {"ok": True, "requests": 2})
        _Gateway.seen.clear()
        self.assertEqual(self.http.get("/short"), {"ok": True, "requests": 2})

    def test_a_write_is_never_sent_again(self) -> None:
        with self.assertRaises(PatxHttpError) as caught:
            self.http.signed("POST", "/short", {"a": 1})
        self.assertEqual(caught.exception.retry_after_ms, 40)
        self.assertEqual(_Gateway.seen["/short"], 1)


    def test_an_id_that_is_not_whole_is_refused_and_nothing_is_sent(self) -> None:
        # int() made 1.5 into 1: order 1 read, subscription 1 cancelled, where the caller named neither.
        calls: list[Callable[[], object]] = [
            lambda: get_order(self.http, 1.5),  # type: ignore[arg-type]
            lambda: cancel_subscription(self.http, 2.5),  # type: ignore[arg-type]
            lambda: get_my_grant(self.http, True),
            lambda: list_orders(self.http, limit="ten"),  # type: ignore[arg-type]
        ]
        for call in calls:
            with self.assertRaises(PatxHttpError) as caught:
                call()
            self.assertEqual((caught.exception.code, caught.exception.status), ("INVALID_FIELD", 0))
        self.assertEqual(_Gateway.seen, {})
        # Whole numbers as they are written (a float that is one, a string of digits) go through.
        get_order(self.http, 2.0)  # type: ignore[arg-type]
        get_order(self.http, "3")  # type: ignore[arg-type]
        self.assertEqual(_Gateway.seen, {"/v1/orders/2": 1, "/v1/orders/3": 1})

if __name__ == "__main__":
    unittest.main()
