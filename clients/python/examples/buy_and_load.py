"""Buys data and loads it, notebook style: each step a cell.

    PATX_URL=http://127.0.0.1:8480 PATX_KEY=0x<your private key> python3 clients/python/examples/buy_and_load.py

PATX_KEY's account must hold PAT. The script buys one right of a listed spot series at the
broker's ask, exercises it for a signed access grant, downloads the records at the provider's
gate (sending the receipt) and loads them into a pandas DataFrame when pandas is installed
(apt-get install python3-pandas), a list of dicts otherwise."""

# %% Where the exchange is, and who buys
from __future__ import annotations

import os
import sys
import time
from typing import Any

from patx import ExchangeHttp, TradingClient, Wallet, discover, download_with_grant, get_series, grant_of, list_series, pb, reject_name, url_from_env

endpoints = discover(url_from_env())
wallet = Wallet(os.environ["PATX_KEY"])
http = ExchangeHttp(endpoints.http_url, wallet)
print(f"buying as {wallet.address} at {endpoints.http_url}")

# %% A listing, and one of its spot series the broker sells now (it asks once a provider has sold it rights)
def offers(listing_id: int) -> list[dict[str, Any]]:
    live = (get_series(http, s["seriesId"]) for s in list_series(http, listing=listing_id, kind="SPOT", status="TRADING"))
    return [s for s in live if s["book"]["asks"] and s["openAtMs"] <= time.time() * 1000]


for _ in range(60):  # none yet: the demo's provider sells the broker rights every few seconds
    found = next(((lst, o[0]) for lst in http.get("/v1/listings")["listings"] if (o := offers(lst["id"]))), None)
    if found is not None:
        break
    time.sleep(1)
else:
    sys.exit("no listed series has an ask from the broker now: try again later")
listing, series = found
ask = series["book"]["asks"][0]
print(f"listing {listing['id']} ({listing['title']}): series {series['seriesId']} {series['contract']}, ask {ask['priceMicros'] / 1e6:.4f} PAT")

# %% Buy one right, and exercise it for a signed grant. The limit is a few ticks above the ask (the broker
# may requote meanwhile); an IOC buy fills at the resting ask's own price, or not at all.
limit = min(series["maxPriceMicros"], ask["priceMicros"] + 5 * series["tickMicros"])
with TradingClient.connect(endpoints.trade_url, wallet=wallet) as client:
    ack = client.new_order(series_id=series["seriesId"], client_order_id=int(time.time() * 1000), side=pb.BUY,
                           time_in_force=pb.IOC, price_micros=limit, qty=1)
    bought = sum(r.last_qty for r in ack.reports if r.exec_type == pb.EXEC_TRADE)
    if bought == 0:
        sys.exit(f"nothing bought ({reject_name(ack)}): the ask moved, run it again")
    exercised = client.exercise(series["seriesId"], bought)
grant, signature = grant_of(exercised.grants[0])
print(f"bought {bought}; grant {grant['grantId']} for {grant['quantity']} download(s)")

# %% Download at the provider's gate: the delivery statement is checked and the receipt sent
download = download_with_grant(http, grant, signature)
for _ in range(30):
    if download.outcome != "refused" or download.error != "NOT_READY":
        break
    time.sleep(1)  # the window has no records yet
    download = download_with_grant(http, grant, signature)
print(f"{download.outcome}: {len(download.records)} records; receipt {'sent' if download.receipt else download.receipt_skipped or download.error}")

# %% Load them
try:
    import pandas as pd

    frame = pd.DataFrame(download.records)
    print(frame.head())
    print(f"DataFrame: {frame.shape[0]} rows x {frame.shape[1]} columns")
except ImportError:
    rows = [r for r in download.records if isinstance(r, dict)]
    print(f"pandas is not installed: {len(rows)} records as dicts, e.g. {rows[:1]}")
