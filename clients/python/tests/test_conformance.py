"""The protocol conformance cases shared with the TypeScript client (test/conformance/cases.json,
checked against src/client by test/conformance/conformance.test.ts): the Python client must make
the very same texts, signatures, frame bytes and book checks."""

from __future__ import annotations

import json
import unittest
from pathlib import Path
from typing import Any

from patx import pb
from patx.book import Level, LocalBook, book_checksum
from patx.grants import gate_endpoint, gate_request_text, left_to_use, records_sha256, statement_problem
from patx.http import request_sign_text, sign_request_headers
from patx.signing import Wallet
from patx.trading import PatxSignInError, sign_in_message

CASES: dict[str, Any] = json.loads((Path(__file__).resolve().parents[3] / "test" / "conformance" / "cases.json").read_text("utf-8"))
CONSUMER = Wallet(CASES["keys"]["consumer"]["privateKey"])


def levels(raw: list[dict[str, int]]) -> list[Level]:
    return [Level(level["priceMicros"], level["qty"]) for level in raw]


class Conformance(unittest.TestCase):
    def test_keys_give_their_addresses(self) -> None:
        for key in CASES["keys"].values():
            self.assertEqual(Wallet(key["privateKey"]).address, key["address"])

    def test_signed_requests(self) -> None:
        self.assertTrue(CASES["signedRequests"])
        for r in CASES["signedRequests"]:
            body = None if r["body"] is None else r["body"].encode("utf-8")
            headers = sign_request_headers(CONSUMER, r["method"], r["host"], r["pathAndQuery"], r["chainId"], body, r["timeMs"], r["nonce"])
            self.assertEqual(headers, r["headers"])
            self.assertEqual(request_sign_text(r["method"], r["host"], r["pathAndQuery"], r["chainId"], r["timeMs"], r["nonce"], headers["x-patx-content-sha256"]), r["text"])

    def test_login(self) -> None:
        login = CASES["login"]
        c = login["challenge"]
        challenge = pb.Challenge(domain=c["domain"], uri=c["uri"], chain_id=c["chainId"], statement=c["statement"], siwe_nonce=c["siweNonce"],
                                 issued_at=c["issuedAt"], expiration_time=c["expirationTime"])
        text = sign_in_message(challenge, login["address"].lower(), c["domain"])
        self.assertEqual(text, login["text"])
        self.assertEqual(CONSUMER.sign_message(text), login["signature"])
        for refused in login["refused"]:
            with self.assertRaises(PatxSignInError) as caught:
                sign_in_message(challenge, login["address"], refused["connectedTo"])
            self.assertEqual(caught.exception.code, refused["code"])

    def test_order_frame_bytes(self) -> None:
        o = CASES["orderFrame"]["order"]
        frame = pb.ClientFrame(request_id=CASES["orderFrame"]["requestId"], new_order=pb.NewOrder(
            series_id=o["seriesId"], client_order_id=o["clientOrderId"], side=o["side"], order_type=o["orderType"], time_in_force=o["tif"],
            price_micros=o["priceMicros"], qty=o["qty"], self_trade_prevention=o["stp"]))
        self.assertEqual(frame.SerializeToString().hex(), CASES["orderFrame"]["hex"])

    def test_book_checksums(self) -> None:
        for c in CASES["checksums"]:
            self.assertEqual(book_checksum(levels(c["bids"]), levels(c["asks"])), c["checksum"])

    def test_book_from_frames(self) -> None:
        for sequence in CASES["bookSequences"]:
            book = LocalBook(12)
            for step in sequence["steps"]:
                frame = pb.ServerFrame.FromString(bytes.fromhex(step["hex"]))
                if frame.WhichOneof("body") == "book_snapshot":
                    s = frame.book_snapshot
                    ok = book.apply_snapshot(s.seq, s.bids, s.asks, s.checksum)
                else:
                    u = frame.book_update
                    ok = book.apply_update(u.seq, u.prev_seq, u.bids, u.asks, u.checksum)
                if step["outcome"] == "in-sync":
                    self.assertTrue(ok, sequence["name"])
                    self.assertEqual(book.seq, step["seq"])
                    self.assertEqual(book.bids(), levels(step["bids"]))
                    self.assertEqual(book.asks(), levels(step["asks"]))
                else:
                    self.assertFalse(ok, sequence["name"])
                    assert book.problem is not None
                    self.assertEqual(book.problem.kind, step["outcome"])
                    self.assertEqual(book.problem.expected, step["expected"])
                    if step["outcome"] == "gap":
                        self.assertEqual(book.problem.got, step["got"])

    def test_download_texts(self) -> None:
        d = CASES["delivery"]
        self.assertEqual(gate_endpoint(d["endpoint"]), d["gateEndpoint"])
        text = gate_request_text(d["domain"], d["grant"]["provider"], d["endpoint"], d["grant"]["grantId"], d["use"], d["timeMs"], d["nonce"])
        self.assertEqual(text, d["gateText"])
        self.assertEqual(CONSUMER.sign_message(text), d["consumerSignature"])
        records = json.loads(d["recordsJson"])
        self.assertEqual(records_sha256(records), d["recordsSha256"])
        self.assertIsNone(statement_problem(d["statement"], d["deliverySignature"], d["domain"], d["grant"], d["use"], d["nonce"], records))
        self.assertIsNotNone(statement_problem({**d["statement"], "records": 1}, d["deliverySignature"], d["domain"], d["grant"], d["use"], d["nonce"], records))
        other = Wallet(CASES["keys"]["consumer"]["privateKey"]).sign_message("not the statement")
        self.assertEqual(statement_problem(d["statement"], other, d["domain"], d["grant"], d["use"], d["nonce"], records),
                         "the delivery statement is not signed by the grant's provider")

    def test_grants_left(self) -> None:
        for case in CASES["grantsLeft"]:
            view = {**case["view"], "grant": {**case["view"]["grant"], "grantId": 1}}
            self.assertEqual(left_to_use(view), case["defaultUse"], case)


if __name__ == "__main__":
    unittest.main()
