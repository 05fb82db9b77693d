"""A subscriber's copy of one series' L2 book, kept from a BookSnapshot and the BookUpdates after
it, checking what the protocol promises: each update's prev_seq is the seq of the message before
(seqs are journal seqs: they skip), and the CRC-32 of the top ten levels matches the checksum the
update carries. A gap or a mismatch marks the copy stale (`problem`); the market-data client then
subscribes again for a fresh snapshot."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

CHECKSUM_LEVELS = 10


class LevelLike(Protocol):
    @property
    def price_micros(self) -> int: ...
    @property
    def qty(self) -> int: ...


@dataclass(frozen=True)
class Level:
    price_micros: int
    qty: int


@dataclass(frozen=True)
class BookProblem:
    """`kind` 'gap' (expected: the seq the update should have followed, got: its prev_seq) or
    'checksum' (expected: the server's, got: the one computed here)."""

    kind: str
    seq: int
    expected: int
    got: int


def book_checksum(bids: Sequence[LevelLike], asks: Sequence[LevelLike]) -> int:
    """CRC-32 (zlib's) of `bid1price:bid1qty:ask1price:ask1qty:bid2price:...` over the top ten
    levels a side, best first, a missing level skipped (an empty book hashes '', 0)."""
    parts: list[str] = []
    for i in range(CHECKSUM_LEVELS):
        bid = bids[i] if i < len(bids) else None
        ask = asks[i] if i < len(asks) else None
        if bid is None and ask is None:
            break
        if bid is not None:
            parts += [str(bid.price_micros), str(bid.qty)]
        if ask is not None:
            parts += [str(ask.price_micros), str(ask.qty)]
    return zlib.crc32(":".join(parts).encode("ascii")) & 0xFFFFFFFF


class LocalBook:
    def __init__(self, series_id: int) -> None:
        self.series_id = series_id
        self.seq = -1  # of the last snapshot or update applied; -1 before the first snapshot
        self.problem: BookProblem | None = None
        self._bids: dict[int, int] = {}
        self._asks: dict[int, int] = {}

    @property
    def ready(self) -> bool:
        return self.seq >= 0 and self.problem is None

    def apply_snapshot(self, seq: int, bids: Iterable[LevelLike], asks: Iterable[LevelLike], checksum: int) -> bool:
        self._bids = {level.price_micros: level.qty for level in bids}
        self._asks = {level.price_micros: level.qty for level in asks}
        self.seq = seq
        self.problem = None
        return self._verify(checksum)

    def apply_update(self, seq: int, prev_seq: int, bids: Iterable[LevelLike], asks: Iterable[LevelLike], checksum: int) -> bool:
        """Applies an update; False (and `problem` set) on a gap or a checksum mismatch."""
        if not self.ready:
            return False
        if prev_seq != self.seq:
            self.problem = BookProblem("gap", seq, self.seq, prev_seq)
            return False
        for side, levels in ((self._bids, bids), (self._asks, asks)):
            for level in levels:
                if level.qty == 0:
                    side.pop(level.price_micros, None)
                else:
                    side[level.price_micros] = level.qty
        self.seq = seq
        return self._verify(checksum)

    def bids(self, max_levels: int | None = None) -> list[Level]:
        """Best (highest) first."""
        return _levels(self._bids, True, max_levels)

    def asks(self, max_levels: int | None = None) -> list[Level]:
        """Best (lowest) first."""
        return _levels(self._asks, False, max_levels)

    def checksum(self) -> int:
        return book_checksum(self.bids(CHECKSUM_LEVELS), self.asks(CHECKSUM_LEVELS))

    def _verify(self, expected: int) -> bool:
        computed = self.checksum()
        if computed == expected:
            return True
        self.problem = BookProblem("checksum", self.seq, expected, computed)
        return False


def _levels(side: dict[int, int], descending: bool, max_levels: int | None) -> list[Level]:
    prices = sorted(side, reverse=descending)[:max_levels]
    return [Level(price, side[price]) for price in prices]
