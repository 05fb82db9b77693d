"""The account's orders over HTTP, live or ended (docs/http-api.md, "Orders"): what became of an
order after a disconnect, a cancel-on-disconnect, a kill switch or an expiry. Wallet-signed calls
to /v1/orders; an order the account does not have is a PatxHttpError 404 UNKNOWN_ORDER. Over the
trading WebSocket the same is TradingClient.order_status."""

from __future__ import annotations

from urllib.parse import urlencode

from .http import ExchangeHttp, JsonObject, whole


def get_order(http: ExchangeHttp, order_id: int, organisation: bool = False) -> JsonObject:
    """{order, asOfSeq}: one order by the engine's id, its state now or its final state (status,
    cumQty, avgPriceMicros, cancelReason such as CANCEL_ON_DISCONNECT, ...)."""
    query = "?organisation=true" if organisation else ""
    result: JsonObject = http.signed("GET", f"/v1/orders/{whole(order_id, 'order_id')}{query}")
    return result


def get_order_by_client_id(http: ExchangeHttp, client_order_id: int, organisation: bool = False) -> JsonObject:
    """{order, asOfSeq}: the newest order sent with this client id, or its refusal (orderId 0, status REJECTED)."""
    params: dict[str, str | int] = {"clientOrderId": whole(client_order_id, 'client_order_id')}
    if organisation:
        params["organisation"] = "true"
    result: JsonObject = http.signed("GET", f"/v1/orders?{urlencode(params)}")
    return result


def list_orders(http: ExchangeHttp, series_id: int | None = None, status: str | None = None, limit: int = 100,
                before: int | None = None, organisation: bool = False) -> JsonObject:
    """{orders, next, asOfSeq}: newest (highest order id) first; status 'open' or 'closed'; `next` is the
    `before` of the following page (None on the last)."""
    params: dict[str, str | int] = {"limit": whole(limit, 'limit')}
    if series_id is not None:
        params["seriesId"] = whole(series_id, 'series_id')
    if status is not None:
        params["status"] = status
    if before is not None:
        params["before"] = int(before)
    if organisation:
        params["organisation"] = "true"
    result: JsonObject = http.signed("GET", f"/v1/orders?{urlencode(params)}")
    return result
