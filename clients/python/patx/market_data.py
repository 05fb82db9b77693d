"""Public market data: connects to `/v1/market`, subscribes to series' channels, keeps a LocalBook
per series from its snapshot and updates (subscribing again for a fresh snapshot when an update
arrives out of sequence or its checksum does not match), and checks every other stream's
prev_seq chain. Frames are handled in the caller's thread, as `next_event` hands them out.

    with MarketDataClient.connect("ws://127.0.0.1:8481/v1/market") as md:
        md.subscribe(1)
        book = md.wait_book(1)
        print(book.bids(5), book.asks(5))
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable

from google.protobuf.message import Message

from . import patx_pb2 as pb
from .book import BookProblem, LocalBook
from .frames import FrameSocket, PatxRequestError

# The unsolicited frames that carry one stream's message, and the channel of each.
_STREAMS = {"quote_ladder": pb.QUOTES, "reference_price": pb.REFERENCE, "series_status": pb.STATUS,
            "synthetic_mark": pb.SETTLEMENT, "settlement_index": pb.SETTLEMENT, "option_model": pb.OPTION}


@dataclass(frozen=True)
class MarketEvent:
    """What `next_event` hands out. `kind`: 'book' (a book in sync after a snapshot or update: `book`),
    'resync' (a book went stale: `problem`; a fresh snapshot was asked for), 'gap' (a stream other than
    the book missed messages: `expected`, `got`), or the frame's own name ('trade', 'quote_ladder',
    'reference_price', 'series_status', 'forward_curve', ...) with its message."""

    kind: str
    series_id: int
    message: Message | None = None
    book: LocalBook | None = None
    problem: BookProblem | None = None
    channel: int = 0
    expected: int = 0
    got: int = 0


class MarketDataClient:
    def __init__(self, socket: FrameSocket) -> None:
        self.socket = socket
        self.books: dict[int, LocalBook] = {}
        self.resyncs = 0
        self._last_seq: dict[tuple[int, int], int] = {}
        self._pending: list[MarketEvent] = []

    @classmethod
    def connect(cls, url: str, request_timeout_s: float = 10.0) -> MarketDataClient:
        socket = FrameSocket(url, request_timeout_s)
        socket.start_heartbeat(2.0, 15.0)
        return cls(socket)

    def __enter__(self) -> MarketDataClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def subscribe(self, series_id: int, channels: Iterable[pb.Channel] = ()) -> pb.Subscribed:
        """Subscribes to a series' channels (its five by default); the snapshots follow as events."""
        wanted = list(channels)
        if not wanted or pb.BOOK in wanted:
            self.books[series_id] = LocalBook(series_id)
        subscribed = self.socket.request(subscribe=pb.Subscribe(series_id=series_id, channels=wanted)).subscribed
        for stream in subscribed.streams:
            if stream.channel != pb.BOOK:
                self._last_seq[(series_id, stream.channel)] = stream.seq
        return subscribed

    def unsubscribe(self, series_id: int, channels: Iterable[pb.Channel] = ()) -> None:
        wanted = list(channels)
        self.socket.request(unsubscribe=pb.Unsubscribe(series_id=series_id, channels=wanted))
        if not wanted or pb.BOOK in wanted:
            self.books.pop(series_id, None)

    def subscribe_curve(self, contract: str) -> pb.Subscribed:
        """A contract's forward curve: each ForwardCurve is whole, so a gap needs no resubscribe."""
        subscribed = self.socket.request(subscribe=pb.Subscribe(contract=contract, channels=[pb.FORWARD_CURVE])).subscribed
        return subscribed

    def series(self) -> list[pb.SeriesInfo]:
        return list(self.socket.request(series_query=pb.SeriesQuery()).series_list.series)

    def book(self, series_id: int) -> LocalBook | None:
        return self.books.get(series_id)

    def next_event(self, timeout_s: float | None = None) -> MarketEvent | None:
        """Handles the next frame from the server; the event it made, or None after `timeout_s`."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while not self._pending:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            frame = self.socket.next_unsolicited(left)
            if frame is None:
                return None
            self._receive(frame)
        return self._pending.pop(0)

    def wait_book(self, series_id: int, timeout_s: float = 10.0) -> LocalBook:
        """Handles frames until the series' book is in sync; PatxRequestError TIMEOUT otherwise."""
        deadline = time.monotonic() + timeout_s
        while True:
            book = self.books.get(series_id)
            if book is not None and book.ready:
                return book
            if self.next_event(max(0.0, deadline - time.monotonic())) is None and time.monotonic() >= deadline:
                raise PatxRequestError("TIMEOUT", f"no book of series {series_id} in {timeout_s} s")

    def close(self) -> None:
        self.socket.close()

    def _receive(self, frame: pb.ServerFrame) -> None:
        body = frame.WhichOneof("body")
        if body == "book_snapshot":
            s = frame.book_snapshot
            book = self.books.get(s.series_id)
            if book is not None:
                self._book_changed(book, book.apply_snapshot(s.seq, s.bids, s.asks, s.checksum))
        elif body == "book_update":
            u = frame.book_update
            book = self.books.get(u.series_id)
            if book is not None and book.seq >= 0:  # seq -1: a resync is under way
                self._book_changed(book, book.apply_update(u.seq, u.prev_seq, u.bids, u.asks, u.checksum))
        elif body == "trades":
            for trade in frame.trades.trades:
                self._track(trade.series_id, pb.TRADES, trade.seq, trade.prev_seq)
                self._pending.append(MarketEvent("trade", trade.series_id, trade))
        elif body == "forward_curve":
            self._pending.append(MarketEvent("forward_curve", 0, frame.forward_curve))
        elif body in _STREAMS:
            message = getattr(frame, body)
            self._track(message.series_id, _STREAMS[body], message.seq, message.prev_seq)
            self._pending.append(MarketEvent(body, message.series_id, message))

    def _book_changed(self, book: LocalBook, in_sync: bool) -> None:
        if in_sync:
            self._pending.append(MarketEvent("book", book.series_id, book=book))
            return
        self.resyncs += 1
        self._pending.append(MarketEvent("resync", book.series_id, problem=book.problem))
        book.seq = -1
        self.socket.request(unsubscribe=pb.Unsubscribe(series_id=book.series_id, channels=[pb.BOOK]))
        for _ in range(10):  # the snapshot budget refills within a second
            try:
                self.socket.request(subscribe=pb.Subscribe(series_id=book.series_id, channels=[pb.BOOK]))
                return
            except PatxRequestError as e:
                if e.code != "RATE_LIMITED":
                    raise
                time.sleep((e.retry_wait_ms() or 1000) / 1000)

    def _track(self, series_id: int, channel: int, seq: int, prev_seq: int) -> None:
        """A snapshot repeats the subscription's seq; every later message names the one before it."""
        last = self._last_seq.get((series_id, channel))
        if last is not None and seq != last and prev_seq != last:
            self._pending.append(MarketEvent("gap", series_id, channel=channel, expected=last, got=prev_seq))
        self._last_seq[(series_id, channel)] = seq
