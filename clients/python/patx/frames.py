"""A WebSocket carrying PATX frames (python3-websocket): one binary frame holds one ClientFrame or
ServerFrame. A reader thread decodes what arrives, hands each answer to the request that waits
for it (matched by request id) and queues the rest, the unsolicited frames, for the owner; a
heartbeat thread keeps the connection alive while the program does something else."""

from __future__ import annotations

import queue
import re
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import websocket
from google.protobuf.message import DecodeError

from . import patx_pb2 as pb


class PatxRequestError(Exception):
    """The server refused a request (an Error frame): `code` is the wire ErrorCode's name."""

    def __init__(self, code: str, message: str, field: str = "", retry_after_ms: int = 0) -> None:
        super().__init__(f"{code}: {message}" + (f" ({field})" if field else ""))
        self.code = code
        self.field = field
        # The ms the server asks to wait before sending it again (Error.retry_after_ms); 0 when it gave none.
        self.retry_after_ms = retry_after_ms

    def retry_wait_ms(self) -> int | None:
        """The wait this refusal names: the typed field, else (a server from before 2026-12-06) the message's
        `retry after N ms` or `in N ms`; None when it names none."""
        if self.retry_after_ms > 0:
            return self.retry_after_ms
        named = re.search(r"(?:retry after|again in) (\d+) ms", str(self))
        return None if named is None else int(named.group(1))


class PatxConnectionClosed(Exception):
    """The connection ended (`code`: the WebSocket close code, 4000 + ErrorCode when the server closed it for a reason)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"connection closed ({code}{': ' + reason if reason else ''})")
        self.code = code
        self.reason = reason


class PatxTimeout(Exception):
    """A request was not answered in time."""


class FrameSocket:
    def __init__(self, url: str, request_timeout_s: float = 10.0, connect_timeout_s: float = 10.0) -> None:
        self.url = url
        self.request_timeout_s = request_timeout_s
        self.unsolicited: queue.Queue[pb.ServerFrame] = queue.Queue()
        self.closed: PatxConnectionClosed | None = None
        self._pending: dict[int, Future[pb.ServerFrame]] = {}
        self._lock = threading.Lock()
        self._next_id = 1
        self._stop = threading.Event()
        self._last_received = time.monotonic()
        self._ws = websocket.create_connection(url, timeout=connect_timeout_s, enable_multithread=True)
        self._ws.settimeout(None)  # the reader blocks; the heartbeat thread notices a silent server
        self._reader = threading.Thread(target=self._read, name=f"patx-read {url}", daemon=True)
        self._reader.start()

    def request(self, **body: Any) -> pb.ServerFrame:
        """Sends one request (a ClientFrame field, e.g. `new_order=pb.NewOrder(...)`) and returns its answer.
        Raises PatxRequestError for an Error frame, PatxTimeout, PatxConnectionClosed."""
        future: Future[pb.ServerFrame] = Future()
        with self._lock:
            if self.closed is not None:
                raise self.closed
            request_id = self._next_id
            self._next_id = self._next_id + 1 if self._next_id < 0xFFFFFFFF else 1
            self._pending[request_id] = future
        self.send(pb.ClientFrame(request_id=request_id, **body))
        try:
            frame = future.result(timeout=self.request_timeout_s)
        except FutureTimeout:
            with self._lock:
                self._pending.pop(request_id, None)
            raise PatxTimeout(f"request {request_id} not answered in {self.request_timeout_s} s") from None
        if frame.WhichOneof("body") == "error":
            e = frame.error
            raise PatxRequestError(pb.ErrorCode.Name(e.code) if e.code in pb.ErrorCode.values() else str(e.code), e.message, e.field, e.retry_after_ms)
        return frame

    def send(self, frame: pb.ClientFrame) -> None:
        if self.closed is not None:
            raise self.closed
        try:
            self._ws.send(frame.SerializeToString(), opcode=websocket.ABNF.OPCODE_BINARY)
        except (websocket.WebSocketException, OSError) as e:
            raise self._closed_by(1006, str(e)) from None

    def next_unsolicited(self, timeout_s: float | None) -> pb.ServerFrame | None:
        """The next frame the server sent on its own, or None when none came in `timeout_s` (None: wait
        as long as it takes). PatxConnectionClosed once the connection ended and every frame was handed out."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            if self.closed is not None and self.unsolicited.empty():
                raise self.closed
            left = 0.5 if deadline is None else min(0.5, max(0.0, deadline - time.monotonic()))
            try:
                return self.unsolicited.get(timeout=left)  # in slices: a close must end the wait
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    return None

    def start_heartbeat(self, interval_s: float, timeout_s: float) -> None:
        """Sends a Heartbeat every `interval_s`; drops the connection if the server says nothing for `timeout_s`."""

        def beat() -> None:
            while not self._stop.wait(interval_s):
                if time.monotonic() - self._last_received > timeout_s:
                    self._closed_by(4016, "the server went silent")
                    self._ws.shutdown()
                    return
                try:
                    self.send(pb.ClientFrame(request_id=0, heartbeat=pb.Heartbeat(time_ms=int(time.time() * 1000))))
                except PatxConnectionClosed:
                    return

        threading.Thread(target=beat, name=f"patx-heartbeat {self.url}", daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        if self.closed is None:
            try:
                self._ws.close(status=1000, reason=b"bye")
            except (websocket.WebSocketException, OSError):
                pass
            self._closed_by(1000, "closed by the client")
        self._reader.join(timeout=2)

    def _read(self) -> None:
        while True:
            try:
                opcode, data = self._ws.recv_data()
            except (websocket.WebSocketException, OSError) as e:
                # Ended without a close frame: 1006 (RFC 6455 7.1.5). websocket-client's `status` is the handshake's 101.
                self._closed_by(1006, str(e))
                self._ws.shutdown()  # the socket is dead: its descriptor goes now, not at the owner's close()
                return
            self._last_received = time.monotonic()
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
                self._closed_by(code, data[2:].decode("utf-8", "replace"))
                self._ws.shutdown()  # websocket-client answered the close frame; nothing more comes
                return
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            frame = pb.ServerFrame()
            try:
                frame.ParseFromString(data)
            except DecodeError:
                continue  # not a frame of this protocol: nothing to act on
            with self._lock:
                waiting = self._pending.pop(frame.request_id, None) if frame.request_id != 0 else None
            if waiting is not None:
                waiting.set_result(frame)
            else:
                self.unsolicited.put(frame)

    def _closed_by(self, code: int, reason: str) -> PatxConnectionClosed:
        with self._lock:
            if self.closed is None:
                self.closed = PatxConnectionClosed(code, reason)
                self._stop.set()
                for waiting in self._pending.values():
                    waiting.set_exception(self.closed)
                self._pending.clear()
            return self.closed
