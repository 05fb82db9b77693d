"""Subscriptions over HTTP (docs/subscriptions.md): standing instructions to buy each new window of
a contract at the broker's ask, never above a cap a right nor past a budget. Wallet-signed calls to
/v1/subscriptions; a refusal is a PatxHttpError (UNKNOWN_CONTRACT, SEATS_FULL, NOT_PAUSED, ...).
Over the trading WebSocket the same is TradingClient.subscribe."""

from __future__ import annotations

from typing import Any

from .http import ExchangeHttp, JsonObject, whole


def subscribe(http: ExchangeHttp, contract: str, qty_per_window: int, cap_price_micros: int, budget_micros: int, **terms: Any) -> JsonObject:
    """Creates one (terms: trigger 'list'|'open', autoExercise, maxSkips, includeCurrent, delivery)."""
    body = {"contract": contract, "qtyPerWindow": qty_per_window, "capPriceMicros": cap_price_micros, "budgetMicros": budget_micros, **terms}
    result: JsonObject = http.signed("POST", "/v1/subscriptions", body)
    return result


def list_subscriptions(http: ExchangeHttp, offset: int = 0, limit: int = 20) -> JsonObject:
    result: JsonObject = http.signed("GET", f"/v1/subscriptions?offset={whole(offset, 'offset')}&limit={whole(limit, 'limit')}")
    return result


def get_subscription(http: ExchangeHttp, subscription_id: int) -> JsonObject:
    """{subscription, activity}: its terms and state, and what it did (filled, skipped, exercised, status)."""
    result: JsonObject = http.signed("GET", f"/v1/subscriptions/{whole(subscription_id, 'subscription_id')}")
    return result


def cancel_subscription(http: ExchangeHttp, subscription_id: int) -> JsonObject:
    result: JsonObject = http.signed("POST", f"/v1/subscriptions/{whole(subscription_id, 'subscription_id')}/cancel")
    return result


def resume_subscription(http: ExchangeHttp, subscription_id: int) -> JsonObject:
    result: JsonObject = http.signed("POST", f"/v1/subscriptions/{whole(subscription_id, 'subscription_id')}/resume")
    return result
