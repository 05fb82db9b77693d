"""The exchange's HTTP API: a public GET, and a wallet-signed request (the x-patx-* headers of
an EIP-191 signature over the method, host, path with query, chain, time, a fresh nonce and
the body's SHA-256; docs/protocol.md, "Signed HTTP requests"). Every refusal is a PatxHttpError
carrying the server's `{error, message, details}` and HTTP status. Standard library only."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .signing import Wallet

REQUEST_SIGNATURE_VERSION_LINE = "PATX request v2"
DEFAULT_TIMEOUT_S = 30.0

JsonObject = dict[str, Any]


class PatxHttpError(Exception):
    """A refusal (the server's `error` code and `message`, its HTTP status), or UNREACHABLE / TIMEOUT
    (status 0) when nothing answered, or BAD_REPLY when the answer was not the API's JSON."""

    def __init__(self, code: str, detail: str, status: int, details: Mapping[str, Any] | None = None,
                 retry_after_ms: int | None = None) -> None:
        super().__init__(code if detail == "" else f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.status = status
        self.details = dict(details) if details is not None else None
        # The ms the server asks to wait before sending it again (a 429's or 503's: its message's `retry after N ms`,
        # else its Retry-After header's seconds); None when it named none.
        self.retry_after_ms = retry_after_ms


def whole(value: object, name: str) -> int:
    """`value` as the whole number an id or a count in a path or query is; else INVALID_FIELD, nothing sent (int() made
    an id of 1.5 into 1: another order, grant or subscription read or cancelled than the one named)."""
    if isinstance(value, bool):
        raise PatxHttpError("INVALID_FIELD", f"{name} must be a whole number, got {value!r}", 0)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise PatxHttpError("INVALID_FIELD", f"{name} must be a whole number, got {value!r}", 0)


# The longest wait a refused GET (429) sits out before it is sent once more: a read changes nothing, and a program reading
# pages in a row then pays the account's read budget instead of failing between pages.
RATE_RETRY_MAX_MS = 2000


def retry_after_ms_of(message: str, retry_after: str | None) -> int | None:
    """The wait a refusal names: its message's `retry after N ms` (the read budget's, exact), else Retry-After in seconds."""
    named = re.search(r"retry after (\d+) ms", message)
    if named is not None:
        return int(named.group(1))
    if retry_after is not None and retry_after.strip().isdigit():
        return int(retry_after.strip()) * 1000
    return None


def content_sha256(body: bytes | None) -> str:
    """Lower-case hex SHA-256 of the body (of the empty body when there is none)."""
    return hashlib.sha256(body or b"").hexdigest()


def new_request_nonce() -> str:
    """96 random bits as 16 base64url characters."""
    return base64.urlsafe_b64encode(secrets.token_bytes(12)).decode("ascii")


def request_sign_text(method: str, host: str, path_and_query: str, chain_id: int, time_ms: int, nonce: str, sha256: str) -> str:
    return "\n".join([
        REQUEST_SIGNATURE_VERSION_LINE,
        f"method: {method.upper()}",
        f"host: {host}",
        f"path: {path_and_query}",
        f"chain: {chain_id}",
        f"time: {time_ms}",
        f"nonce: {nonce}",
        f"content-sha256: {sha256}",
    ])


def sign_request_headers(wallet: Wallet, method: str, host: str, path_and_query: str, chain_id: int, body: bytes | None = None,
                         time_ms: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """The x-patx-* headers of one signed request; `body` is exactly the bytes that will be sent."""
    sha = content_sha256(body)
    when = int(time.time() * 1000) if time_ms is None else time_ms
    once = new_request_nonce() if nonce is None else nonce
    text = request_sign_text(method, host, path_and_query, chain_id, when, once, sha)
    return {
        "x-patx-address": wallet.address,
        "x-patx-time": str(when),
        "x-patx-nonce": once,
        "x-patx-content-sha256": sha,
        "x-patx-signature": wallet.sign_message(text),
    }


def url_host(url: str) -> str:
    """host[:port] as a browser's URL.host gives it (lower case, the scheme's default port left out)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(parts.scheme)
    return host if parts.port is None or parts.port == default else f"{host}:{parts.port}"


@dataclass
class ExchangeHttp:
    """Where and as whom: the gateway's HTTP base (e.g. http://127.0.0.1:8480) and the wallet that signs."""

    url: str
    wallet: Wallet | None = None
    chain_id: int | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    _chain_read: int | None = field(default=None, repr=False)

    def get(self, path_and_query: str) -> Any:
        """A public GET: the answer's JSON, or PatxHttpError. Refused 429 for at most RATE_RETRY_MAX_MS, sent once more after the wait."""
        return self._read_again_after_wait(lambda: self._send("GET", path_and_query, None, {}))

    def signed(self, method: str, path_and_query: str, body: Any = None) -> Any:
        """A wallet-signed request: the answer's JSON, or PatxHttpError."""
        if self.wallet is None:
            raise PatxHttpError("NO_WALLET", f"{method} {path_and_query.split('?')[0]} is wallet-signed: give a wallet", 0)
        data = None if body is None else json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        full = urllib.parse.urljoin(self.url, path_and_query)
        parts = urllib.parse.urlsplit(full)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        wallet = self.wallet

        def send() -> Any:  # signed anew each time: a nonce is good for one request
            return self._send(method, path_and_query, data, sign_request_headers(wallet, method, url_host(full), path, self.chain(), data))
        # A read over the account's read budget changes nothing: sent once more after a short wait. Never a write.
        return self._read_again_after_wait(send) if method.upper() == "GET" else send()

    @staticmethod
    def _read_again_after_wait(send: Callable[[], Any]) -> Any:
        try:
            return send()
        except PatxHttpError as e:
            if e.status != 429 or e.retry_after_ms is None or e.retry_after_ms > RATE_RETRY_MAX_MS:
                raise
            time.sleep(e.retry_after_ms / 1000)
            return send()

    def chain(self) -> int:
        """The chain signed requests name: as given, else GET /v1/endpoints's (read once)."""
        if self.chain_id is not None:
            return self.chain_id
        if self._chain_read is None:
            self._chain_read = int(self.get("/v1/endpoints").get("chainId", 31337))
        return self._chain_read

    def _send(self, method: str, path_and_query: str, data: bytes | None, headers: dict[str, str]) -> Any:
        request = urllib.request.Request(urllib.parse.urljoin(self.url, path_and_query), data=data, method=method,
                                         headers={"accept": "application/json", "content-type": "application/json", **headers})
        retry_after: str | None = None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as res:
                status, text = res.status, res.read()
        except urllib.error.HTTPError as refusal:
            status, text, retry_after = refusal.code, refusal.read(), refusal.headers.get("Retry-After")
        except (socket.timeout, TimeoutError):
            raise PatxHttpError("TIMEOUT", f"the gateway at {self.url} did not answer in time", 0) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise PatxHttpError("UNREACHABLE", f"no PATX gateway answered at {self.url} ({reason})", 0) from None
        try:
            answer = json.loads(text)
        except ValueError as e:
            raise PatxHttpError("BAD_REPLY", f"the gateway at {self.url} answered something other than the API's JSON ({e})", status) from None
        if 200 <= status < 300:
            return answer
        body: JsonObject = answer if isinstance(answer, dict) else {}
        code = body.get("error") if isinstance(body.get("error"), str) else f"HTTP_{status}"
        details = body.get("details") if isinstance(body.get("details"), dict) else None
        message = str(body.get("message", ""))
        raise PatxHttpError(str(code), message, status, details, retry_after_ms_of(message, retry_after))
