"""Lists the exchange's series with the broker's quotes: the first thing to run against PATX.

    PATX_URL=http://127.0.0.1:8480 python3 clients/python/example.py

PATX_URL is the gateway's HTTP base (default http://127.0.0.1:8480, what `npm start` serves);
order entry and market data are found from GET /v1/endpoints. The broker's quotes come from the
market-data WebSocket: each series' QUOTES snapshot, its whole ladder."""

from __future__ import annotations

import sys

from patx import MarketDataClient, PatxHttpError, discover, pb, url_from_env


def pat(micros: int) -> str:
    """µPAT as PAT with exactly four decimals, as the console shows it."""
    return f"{micros // 1_000_000}.{micros % 1_000_000 // 100:04d}"


def main() -> int:
    url = url_from_env()
    try:
        endpoints = discover(url)
    except PatxHttpError as e:
        print(f"cannot reach PATX at {url}: {e} (start it with `npm start`, or set PATX_URL)", file=sys.stderr)
        return 1
    print(f"PATX at {endpoints.http_url}: order entry {endpoints.trade_url}, market data {endpoints.market_url}, chain {endpoints.chain_id}")
    with MarketDataClient.connect(endpoints.market_url) as md:
        series = [s for s in md.series() if s.status == pb.TRADING]
        print(f"{len(series)} series trading")
        for s in series:
            md.subscribe(s.series_id, [pb.QUOTES])
        ladders: dict[int, pb.QuoteLadder] = {}
        while len(ladders) < len(series):
            event = md.next_event(5.0)
            if event is None:
                break
            if event.kind == "quote_ladder" and isinstance(event.message, pb.QuoteLadder):
                ladders[event.series_id] = event.message
    for s in series:
        ladder = ladders.get(s.series_id)
        bid = f"{pat(ladder.bids[0].price_micros)} x {ladder.bids[0].qty}" if ladder and ladder.bids else "-"
        ask = f"{pat(ladder.asks[0].price_micros)} x {ladder.asks[0].qty}" if ladder and ladder.asks else "-"
        print(f"  {s.series_id:>4}  {pb.SeriesKind.Name(s.kind):<9} {s.contract:<28} bid {bid:<16} ask {ask}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
