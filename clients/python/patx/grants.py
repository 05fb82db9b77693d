"""A consumer's access grants (docs/delivery.md): its grants with their delivery and escrow, one
grant's receipts, and a download: the request signed for one use of a grant at the provider's
gate ("PATX gate request v2"), the provider's signed delivery statement checked against the
records received ("PATX delivery v1"), then the receipt sent to the exchange."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterator

from . import patx_pb2 as pb
from .http import ExchangeHttp, JsonObject, PatxHttpError, whole
from .signing import SignatureError, checksum_address, recover_address


def grant_of(g: pb.AccessGrant) -> tuple[JsonObject, str]:
    """A signed grant from an exercise's ack (or a subscription's exercise update) as JSON: (grant, signature)."""
    grant = {"grantId": g.grant_id, "consumer": g.consumer, "provider": g.provider, "listingId": g.listing_id,
             "listingVersion": g.listing_version, "seriesId": g.series_id, "windowOpenMs": g.window_open_ms,
             "windowCloseMs": g.window_close_ms, "quantity": g.quantity, "expiresAtMs": g.expires_at_ms, "nonce": g.nonce}
    return grant, "0x" + g.signature.hex()


def list_my_grants(http: ExchangeHttp, exercise: int | None = None, offset: int | None = None, limit: int = 20, before: int | None = None) -> JsonObject:
    """A page of the account's grants, newest first: `{grants, next}`. `before` (the previous page's `next`: the grants
    older than that grant id) reads only the page and counts nothing; without it the page says `total` too (counted up
    to 10,000, then `totalCapped`), by `offset` (at most 10,000: deeper is OFFSET_TOO_DEEP). `before` and `offset`
    together are refused."""
    if before is not None and offset is not None:
        raise ValueError("before or offset, not both")
    query = urllib.parse.urlencode({k: v for k, v in {"exercise": exercise, "before": before, "offset": offset, "limit": limit}.items() if v is not None})
    result: JsonObject = http.signed("GET", f"/v1/grants/mine?{query}")
    return result


def iter_my_grants(http: ExchangeHttp, exercise: int | None = None, page_size: int = 200) -> Iterator[JsonObject]:
    """Every grant of the account, newest first, a page at a time, each `before` the previous page's `next` (each page
    reads only itself: paging by offset stops at 10,000)."""
    before: int | None = None
    while True:
        page = list_my_grants(http, exercise=exercise, limit=page_size, before=before)
        yield from page["grants"]
        before = page.get("next")
        if before is None:
            return


def get_my_grant(http: ExchangeHttp, grant_id: int) -> JsonObject:
    result: JsonObject = http.signed("GET", f"/v1/grants/mine/{whole(grant_id, 'grant_id')}")
    return result


def _escrow_count(escrow: object, key: str) -> int:
    """`escrow[key]`, or from an exchange before 2026-11-30 the last refund's rights, which stand for both counts."""
    if not isinstance(escrow, dict):
        return 0
    if key in escrow:
        return int(escrow[key])
    refund = escrow.get("refund")
    return int(refund["undeliveredQty"]) if isinstance(refund, dict) else 0


def refunded_rights(escrow: object) -> int:
    """Rights of a one-time grant refunded to its consumer in all: by its claim, and by the operator's decision of its
    dispute (src/client/grants.ts, refundedRights)."""
    return _escrow_count(escrow, "refundedQty")


def revoked_rights(escrow: object) -> int:
    """Rights of a one-time grant withdrawn by its refunds: refunded and never served, which the provider's gate no
    longer serves (src/client/grants.ts, revokedRights)."""
    return _escrow_count(escrow, "revokedQty")


def left_to_use(view: JsonObject) -> int:
    """What a download uses by default (`patx download` the same): a one-time grant's rights neither served
    (receipted, or evidenced by the provider's report) nor revoked (refunded, never served); a usage grant by records,
    its units left (docs/delivery.md, "Usage grants"); by requests, one request. At least 1: a grant used up is refused
    EXHAUSTED by the gate, a typed refusal, rather than asked for nothing."""
    usage = view.get("usage")
    if not isinstance(usage, dict):
        escrow = view.get("escrow")
        evidenced = int(escrow.get("evidencedQty", 0)) if isinstance(escrow, dict) else 0
        left = int(view["grant"]["quantity"]) - max(int(view["delivered"]), evidenced) - revoked_rights(escrow)
    elif usage.get("settled") is not None:
        left = 0  # settled: the unused units were refunded, and the provider's gate no longer serves them
    elif usage.get("unit") == "requests":
        left = 1
    else:
        # Units an operator's refund withdrew (the escrow's revokedQty, in units for a usage grant) are not there to use.
        escrow = view.get("escrow")
        revoked = int(escrow.get("revokedQty") or 0) if isinstance(escrow, dict) else 0
        left = int(usage["units"]) - max(int(usage["usedUnits"]), int(view["delivered"])) - revoked
    return max(1, left)


def list_grant_receipts(http: ExchangeHttp, grant_id: int, page_size: int | None = None) -> list[JsonObject]:
    """Every receipt accepted on a grant, by nonce, read a page at a time (`page_size`, 1 to 1,000; the exchange's
    default 200): `next` names the next page's `after`, None at the end. (It read the first page only.)"""
    receipts: list[JsonObject] = []
    after: str | None = ""
    while after is not None:
        query = urllib.parse.urlencode({k: v for k, v in {"after": after or None, "limit": page_size}.items() if v is not None})
        page = http.signed("GET", f"/v1/grants/mine/{whole(grant_id, 'grant_id')}/receipts" + (f"?{query}" if query else ""))
        receipts.extend(page["receipts"])
        after = page.get("next")
    return receipts


def file_claim(http: ExchangeHttp, grant_id: int, reason: str = "not-received") -> JsonObject:
    """A claim that nothing arrived (`not-received`), or a dispute (`missing-records`, `nonconforming`)."""
    result: JsonObject = http.signed("POST", f"/v1/grants/{whole(grant_id, 'grant_id')}/claims", {"reason": reason})
    return result


def js_json(value: Any) -> str:
    """JSON text as JavaScript's JSON.stringify writes a parsed value: the canonical bytes a delivery
    statement's sha256 covers. (Python's json differs on numbers, 1.0 and 1e-07, and on the order of
    integer-like keys, which JavaScript puts first.)"""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(js_json(v) for v in value) + "]"
    if isinstance(value, dict):
        index_keys = sorted((k for k in value if k.isdigit() and str(int(k)) == k and int(k) < 2**32 - 1), key=int)
        keys = index_keys + [k for k in value if k not in index_keys]
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + js_json(value[k]) for k in keys) + "}"
    raise TypeError(f"not JSON: {type(value).__name__}")


def _js_number(x: float) -> str:
    """ECMAScript Number::toString: the shortest digits (as repr), laid out as JavaScript does."""
    if x != x or x in (float("inf"), float("-inf")):
        return "null"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    t = Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    k = len(digits)
    n = k + int(t.exponent)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def records_sha256(records: list[Any]) -> str:
    return hashlib.sha256(js_json(records).encode("utf-8")).hexdigest()


def gate_endpoint(url: str) -> str:
    """Scheme, host[:port] (lower case, default port left out) and path: how a gate request names its endpoint."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{url}: an http or https URL")
    host = (parts.hostname or "").lower()
    port = "" if parts.port is None or parts.port == {"http": 80, "https": 443}[parts.scheme] else f":{parts.port}"
    return f"{parts.scheme}://{host}{port}{parts.path or '/'}"


def _exchange_lines(domain: JsonObject) -> list[str]:
    return [f"exchange: {domain['name']} version {domain['version']}", f"chain id: {int(domain['chainId'])}",
            f"registry: {checksum_address(str(domain['verifyingContract']))}"]


def gate_request_text(domain: JsonObject, provider: str, endpoint: str, grant_id: int, use: int, time_ms: int, nonce: str) -> str:
    return "\n".join(["PATX gate request v2", *_exchange_lines(domain), f"provider: {checksum_address(provider)}",
                      f"endpoint: {gate_endpoint(endpoint)}", f"grant: {grant_id}", f"use: {use}", f"time: {time_ms}", f"nonce: {nonce}"])


def delivery_statement_text(domain: JsonObject, grant: JsonObject, d: JsonObject) -> str:
    return "\n".join(["PATX delivery v1", *_exchange_lines(domain), f"provider: {checksum_address(grant['provider'])}",
                      f"consumer: {checksum_address(grant['consumer'])}", f"grant: {d['grantId']}", f"use: {d['use']}",
                      f"nonce: {d['nonce']}", f"records: {d['records']}", f"sha256: {d['sha256']}"])


def statement_problem(d: JsonObject, signature: str, domain: JsonObject, grant: JsonObject, use: int, nonce: str, records: list[Any]) -> str | None:
    """Why a delivery statement does not describe what was received (None when it does)."""
    if d.get("grantId") != grant["grantId"] or d.get("use") != use or d.get("nonce") != nonce:
        return "the delivery statement names another grant, use or request"
    if d.get("records") != len(records) or d.get("sha256") != records_sha256(records):
        return "the delivery statement does not match the records received"
    try:
        signer = recover_address(delivery_statement_text(domain, grant, d), signature)
    except (SignatureError, KeyError, ValueError):
        return "the delivery statement or its signature is malformed"
    return None if signer.lower() == str(grant["provider"]).lower() else "the delivery statement is not signed by the grant's provider"


@dataclass
class Download:
    """`outcome`: 'received' (`records`, and `receipt`: the exchange's answer to the receipt, or why none
    was sent), 'refused' (the gate's `error`), or 'unreachable' (the failure was reported to the exchange).
    A file download (download_file) also says where it wrote the file and its statement."""

    outcome: str
    endpoint: str
    records: list[Any] = field(default_factory=list)
    remaining: int = 0
    status: int = 0
    error: str = ""
    receipt: JsonObject | None = None
    receipt_skipped: str = ""
    delivery: JsonObject | None = None
    delivery_signature: str = ""
    path: str = ""
    statement_path: str = ""


@dataclass
class _Answer:
    """What a gate's 200 answer carried: the records, the rights left, the provider's signed statement, or why it did not read."""

    records: list[Any]
    remaining: int
    delivery: Any = None
    signature: Any = None
    problem: str = ""


def _json_answer(body: bytes, headers: Any) -> _Answer:
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {}  # a cut body: no statement, so no receipt
    records = answer.get("records") if isinstance(answer.get("records"), list) else []
    return _Answer(records, int(answer.get("remaining", 0)), answer.get("delivery"), answer.get("deliverySignature"))


def _ndjson_answer(body: bytes, headers: Any) -> _Answer:
    """An NDJSON file from the gate (POST <endpoint>?format=ndjson): a record a line, typed by the listing's
    schema; the statement over those records in the patx-delivery headers (docs/delivery.md, "Downloads as files")."""
    remaining = int(headers.get("patx-remaining") or 0)
    try:
        delivery = json.loads(headers.get("patx-delivery") or "null")
        records = [json.loads(line) for line in body.decode("utf-8").split("\n") if line != ""]
    except ValueError as e:
        return _Answer([], remaining, problem=f"the NDJSON file does not read: {e}")
    return _Answer(records, remaining, delivery, headers.get("patx-delivery-signature"))


def download_with_grant(http: ExchangeHttp, grant: JsonObject, signature: str, use: int | None = None, timeout_s: float = 30.0) -> Download:
    """Uses `use` rights of a grant (by default all it has left: left_to_use) at its provider's endpoint, checks
    the delivery statement and sends the receipt; an endpoint that cannot be reached is reported as a delivery failure."""
    got, _ = _deliver(http, grant, signature, use, timeout_s, "", _json_answer)
    return got


def download_file(http: ExchangeHttp, grant: JsonObject, signature: str, path: str, fmt: str = "ndjson", use: int | None = None, timeout_s: float = 30.0) -> Download:
    """Uses `use` rights of a grant (all it has left by default) as an NDJSON file from the provider's gate, typed by the listing's
    schema (pandas: `pd.read_json(path, lines=True)`): checked against the provider's signed statement as
    download_with_grant checks a JSON answer, the receipt sent, then written to `path` with the statement
    beside it (`<path>.statement.json`: the grant, the domain, the statement, its signature and text).
    Only "ndjson" here: a CSV's empty string and null read the same to Python's csv module, and Parquet
    needs pyarrow; the TypeScript client and `patx download --format` write all three."""
    if fmt != "ndjson":
        raise ValueError(f"{fmt}: the Python client downloads ndjson files (patx download --format {fmt} writes the others)")
    got, domain = _deliver(http, grant, signature, use, timeout_s, "?format=ndjson", _ndjson_answer)
    if got.outcome != "received":
        return got
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(js_json(r) + "\n" for r in got.records))
    got.path = path
    if got.delivery is not None:  # the statement held: it goes beside the file
        side = {"format": fmt, "file": os.path.basename(path), "grant": grant, "grantSignature": signature, "domain": domain,
                "delivery": got.delivery, "deliverySignature": got.delivery_signature, "statementText": delivery_statement_text(domain, grant, got.delivery)}
        got.statement_path = f"{path}.statement.json"
        with open(got.statement_path, "w", encoding="utf-8") as f:
            f.write(json.dumps(side, indent=2) + "\n")
    return got


def _deliver(http: ExchangeHttp, grant: JsonObject, signature: str, use: int | None, timeout_s: float, query: str,
             read: Callable[[bytes, Any], _Answer]) -> tuple[Download, JsonObject]:
    """The download, however its answer is read: the signed request to the listing's endpoint, the answer checked
    against the provider's statement, the receipt sent (or the failure reported); and the grants' domain."""
    if http.wallet is None:
        raise PatxHttpError("NO_WALLET", "a download is signed by the grant's consumer: give a wallet", 0)
    rights = left_to_use(get_my_grant(http, int(grant["grantId"]))) if use is None else use
    endpoint = gate_endpoint(http.get(f"/v1/listings/{int(grant['listingId'])}/disclosures")["deliveryEndpoint"])
    domain: JsonObject = http.get("/v1/grants/signer")["domain"]
    time_ms = int(time.time() * 1000)
    nonce = secrets.token_urlsafe(12)
    request = {"grant": grant, "signature": signature, "domain": domain, "endpoint": endpoint, "use": rights, "timeMs": time_ms, "nonce": nonce,
               "consumerSignature": http.wallet.sign_message(gate_request_text(domain, grant["provider"], endpoint, grant["grantId"], rights, time_ms, nonce))}
    post = urllib.request.Request(endpoint + query, data=json.dumps(request).encode("utf-8"), method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(post, timeout=timeout_s) as res:
            status, text, headers = res.status, res.read(), res.headers
    except urllib.error.HTTPError as refusal:
        status, text, headers = refusal.code, refusal.read(), refusal.headers
    except (urllib.error.URLError, OSError) as e:
        reason = "timeout" if isinstance(getattr(e, "reason", e), TimeoutError) else "unreachable"
        http.signed("POST", f"/v1/grants/{int(grant['grantId'])}/delivery-failures", {"reason": reason})
        return Download("unreachable", endpoint, error=reason), domain
    if status >= 400:
        try:
            refused = json.loads(text)
        except ValueError:
            refused = {}  # a proxy's error page: judged by the status
        if status >= 500:
            http.signed("POST", f"/v1/grants/{int(grant['grantId'])}/delivery-failures", {"reason": "server-error"})
            return Download("unreachable", endpoint, status=status, error="server-error"), domain
        return Download("refused", endpoint, status=status, error=str(refused.get("error", "UNKNOWN"))), domain
    answer = read(text, headers)
    got = Download("received", endpoint, records=answer.records, remaining=answer.remaining, status=status)
    d, sig = answer.delivery, answer.signature
    if answer.problem:
        got.receipt_skipped = answer.problem
        return got, domain
    if not isinstance(d, dict) or not isinstance(sig, str):
        got.receipt_skipped = "the answer carries no signed delivery statement"
        return got, domain
    problem = statement_problem(d, sig, domain, grant, rights, nonce, answer.records)
    if problem is not None:
        got.receipt_skipped = problem
        return got, domain
    got.delivery, got.delivery_signature = d, sig
    got.receipt = http.signed("POST", f"/v1/grants/{int(grant['grantId'])}/receipts",
                              {"use": d["use"], "nonce": d["nonce"], "records": d["records"], "sha256": d["sha256"], "deliverySignature": sig})
    return got, domain
