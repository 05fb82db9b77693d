"""FrameSocket's end of a connection, against a WebSocket server of a few lines on 127.0.0.1: the
handshake, then a close frame or a dropped socket. No exchange needed."""

from __future__ import annotations

import base64
import hashlib
import socket
import threading
import unittest
from typing import Callable

from patx.frames import FrameSocket, PatxConnectionClosed

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 1.3


def serve_once(after_handshake: Callable[[socket.socket], None]) -> tuple[str, threading.Thread]:
    """A server taking one connection: it answers the handshake with 101, then hands the socket to `after_handshake`."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def run() -> None:
        with listener:
            conn, _ = listener.accept()
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(4096)
            key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n") if line.lower().startswith(b"sec-websocket-key:"))
            accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            after_handshake(conn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return f"ws://127.0.0.1:{port}/v1/market", thread


def ended(frames: FrameSocket) -> PatxConnectionClosed:
    """How the connection ended, once the reader saw it end (within 5 s)."""
    try:
        while frames.next_unsolicited(timeout_s=5) is not None:
            pass
    except PatxConnectionClosed as closed:
        return closed
    raise AssertionError("the connection did not end in 5 s")


class ConnectionEnd(unittest.TestCase):
    def test_a_dropped_connection_is_1006(self) -> None:
        # The server process killed: the socket ends with no close frame. websocket-client's `status` is the
        # handshake's HTTP status (101), which was once reported as the close code.
        url, server = serve_once(lambda conn: conn.close())
        frames = FrameSocket(url)
        closed = ended(frames)
        server.join(timeout=5)
        self.assertEqual(closed.code, 1006)
        self.assertIn("connection closed (1006", str(closed))

    def test_a_close_frame_gives_its_code_and_reason(self) -> None:
        payload = (4016).to_bytes(2, "big") + b"HEARTBEAT_TIMEOUT"

        def close_with_reason(conn: socket.socket) -> None:
            conn.sendall(bytes([0x88, len(payload)]) + payload)
            conn.recv(4096)  # the client's close frame
            conn.close()

        url, server = serve_once(close_with_reason)
        frames = FrameSocket(url)
        closed = ended(frames)
        server.join(timeout=5)
        self.assertEqual((closed.code, closed.reason), (4016, "HEARTBEAT_TIMEOUT"))


if __name__ == "__main__":
    unittest.main()
