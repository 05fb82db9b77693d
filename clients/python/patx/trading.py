"""Order entry: connects to `/v1/trade`, logs in with Sign-In with Ethereum (EIP-4361) or the
operator's token, sends commands and returns each one's CommandAck (sent once the command is
journaled), and queues the reports other commands caused (fills of resting orders, expiries,
forward deliveries, subscription updates) for `next_report`.

    with TradingClient.connect("ws://127.0.0.1:8480/v1/trade", wallet=Wallet(key)) as client:
        ack = client.new_order(series_id=1, client_order_id=1, side=pb.BUY, price_micros=800_000, qty=2)
"""

from __future__ import annotations

import re
import time
from typing import Any, Iterator

from . import patx_pb2 as pb
from .frames import FrameSocket, PatxRequestError
from .http import url_host
from .signing import Wallet, checksum_address

# The longest wait for the account's read budget open_orders sits out between pages before it gives up (RATE_LIMITED).
MAX_READ_WAIT_S = 10.0


def _msg(cls: Any, **fields: Any) -> Any:
    """A command's message from its fields. A value the wire cannot carry (a negative quantity in an unsigned field,
    a number past 64 bits, a wrong type) is refused here as the exchange refuses a bad field: PatxRequestError
    INVALID_FIELD, nothing sent (protobuf's own ValueError or TypeError escaped the client's typed errors)."""
    try:
        return cls(**fields)
    except (ValueError, TypeError) as e:
        raise PatxRequestError("INVALID_FIELD", f"{cls.DESCRIPTOR.name}: {e}") from None

_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


class PatxSignInError(Exception):
    """The client refused to sign a login challenge (DOMAIN_MISMATCH, CHAIN_MISMATCH, MALFORMED_CHALLENGE); nothing was sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def sign_in_message(challenge: pb.Challenge, address: str, domain: str, chain_id: int | None = None) -> str:
    """The EIP-4361 text a challenge asks `address` to sign, once checked: its domain must be the
    host connected to (a challenge relayed by another site is refused), its chain `chain_id` if given."""
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", challenge.domain) or not re.fullmatch(r"[A-Za-z0-9]{8,}", challenge.siwe_nonce) \
            or not _ISO_TIME.match(challenge.issued_at) or not _ISO_TIME.match(challenge.expiration_time) or challenge.chain_id < 1:
        raise PatxSignInError("MALFORMED_CHALLENGE", "the server's challenge is no sign-in message: is it an older PATX?")
    if challenge.domain.lower() != domain.lower():
        raise PatxSignInError("DOMAIN_MISMATCH", f"the challenge is for {challenge.domain}, not {domain} (the host connected to): not signed")
    if chain_id is not None and challenge.chain_id != chain_id:
        raise PatxSignInError("CHAIN_MISMATCH", f"the challenge is for chain {challenge.chain_id}, not {chain_id}: not signed")
    return "\n".join([
        f"{challenge.domain} wants you to sign in with your Ethereum account:",
        checksum_address(address),
        "",
        challenge.statement,
        "",
        f"URI: {challenge.uri}",
        "Version: 1",
        f"Chain ID: {challenge.chain_id}",
        f"Nonce: {challenge.siwe_nonce}",
        f"Issued At: {challenge.issued_at}",
        f"Expiration Time: {challenge.expiration_time}",
    ])


def reject_name(ack: pb.CommandAck) -> str:
    """The reject reason's name ('NONE' when accepted)."""
    return str(pb.RejectReason.Name(ack.reject_reason)) if ack.reject_reason in pb.RejectReason.values() else str(ack.reject_reason)


class TradingClient:
    def __init__(self, socket: FrameSocket, login: pb.LoginAccepted) -> None:
        self.socket = socket
        self.login = login
        self.account_id: int = login.account_id

    @classmethod
    def connect(cls, url: str, wallet: Wallet | None = None, operator_token: str | None = None, role: pb.Role = pb.CONSUMER,
                cancel_on_disconnect: bool = False, sign_in_domain: str | None = None, chain_id: int | None = None,
                request_timeout_s: float = 10.0) -> TradingClient:
        """Connects and logs in. PatxRequestError when the login is refused, PatxSignInError when the challenge is not one to sign."""
        socket = FrameSocket(url, request_timeout_s)
        try:
            challenge = socket.next_unsolicited(request_timeout_s)
            if challenge is None or challenge.WhichOneof("body") != "challenge":
                raise PatxSignInError("MALFORMED_CHALLENGE", "the server sent no challenge")
            login = pb.Login(role=role, cancel_on_disconnect=cancel_on_disconnect)
            if operator_token is not None:
                login.operator_token = operator_token
            elif wallet is not None:
                text = sign_in_message(challenge.challenge, wallet.address, sign_in_domain or url_host(url), chain_id)
                login.address = wallet.address
                login.signature = bytes.fromhex(wallet.sign_message(text)[2:])
            else:
                raise ValueError("give a wallet or an operator token")
            accepted = socket.request(login=login).login_accepted
            socket.start_heartbeat(max(0.05, accepted.heartbeat_interval_ms / 2000), accepted.heartbeat_timeout_ms / 1000)
            return cls(socket, accepted)
        except BaseException:
            socket.close()
            raise

    def __enter__(self) -> TradingClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def command(self, **body: Any) -> pb.CommandAck:
        """Sends a command; its CommandAck once journaled (a refusal is in `reject_reason`, or the reports)."""
        reply = self.socket.request(**body)
        if reply.WhichOneof("body") != "command_ack":
            raise PatxRequestError("UNEXPECTED_REPLY", f"expected a CommandAck, got {reply.WhichOneof('body')}")
        return reply.command_ack

    def new_order(self, series_id: int, client_order_id: int, side: pb.Side, qty: int, price_micros: int = 0,
                  order_type: pb.OrderType = pb.LIMIT, time_in_force: pb.TimeInForce = pb.GTC, expire_at_ms: int = 0, post_only: bool = False,
                  self_trade_prevention: pb.SelfTradePrevention = pb.CANCEL_NEWEST) -> pb.CommandAck:
        return self.command(new_order=_msg(pb.NewOrder, series_id=series_id, client_order_id=client_order_id, side=side, order_type=order_type,
                                                  time_in_force=time_in_force, price_micros=price_micros, qty=qty, expire_at_ms=expire_at_ms,
                                                  post_only=post_only, self_trade_prevention=self_trade_prevention))

    def cancel(self, order_id: int = 0, client_order_id: int = 0) -> pb.CommandAck:
        return self.command(cancel_order=_msg(pb.CancelOrder, order_id=order_id, client_order_id=client_order_id))

    def amend(self, order_id: int, new_qty: int, new_price_micros: int) -> pb.CommandAck:
        return self.command(amend_order=_msg(pb.AmendOrder, order_id=order_id, new_qty=new_qty, new_price_micros=new_price_micros))

    def mass_cancel(self, series_id: int = 0) -> pb.CommandAck:
        return self.command(mass_cancel=_msg(pb.MassCancel, scope=pb.ACCOUNT, series_id=series_id))

    def declare_capacity(self, series_id: int, capacity: int) -> pb.CommandAck:
        return self.command(declare_capacity=_msg(pb.DeclareCapacity, series_id=series_id, capacity=capacity))

    def mint(self, series_id: int, qty: int) -> pb.CommandAck:
        return self.command(mint=_msg(pb.Mint, series_id=series_id, qty=qty))

    def exercise(self, series_id: int, qty: int) -> pb.CommandAck:
        """Redeems rights: the ack's `grants` are the signed access grants (grants.download_with_grant uses one)."""
        return self.command(exercise=_msg(pb.Exercise, series_id=series_id, qty=qty))

    def request_withdrawal(self, amount_wei: int) -> pb.CommandAck:
        return self.command(request_withdrawal=_msg(pb.RequestWithdrawal, amount_wei=str(amount_wei)))

    def subscribe(self, contract: str, qty_per_window: int, cap_price_micros: int, budget_micros: int, **terms: Any) -> pb.CommandAck:
        """A standing purchase of each new window (pull delivery); the ack's `subscription_id` names it."""
        return self.command(create_subscription=_msg(pb.CreateSubscription, contract=contract, qty_per_window=qty_per_window,
                                                                      cap_price_micros=cap_price_micros, budget_micros=budget_micros, **terms))

    def cancel_subscription(self, subscription_id: int) -> pb.CommandAck:
        return self.command(cancel_subscription=_msg(pb.CancelSubscription, subscription_id=subscription_id))

    def resume_subscription(self, subscription_id: int) -> pb.CommandAck:
        return self.command(resume_subscription=_msg(pb.ResumeSubscription, subscription_id=subscription_id))

    def account(self) -> pb.AccountView:
        return self.socket.request(account_query=pb.AccountQuery()).account_view

    def open_orders(self, series_id: int = 0) -> list[pb.OrderView]:
        """Every open order (of one series, or all with 0), ascending by order id, read a page at a time. The account's
        read budget pays about two full pages a second: a page refused RATE_LIMITED is asked again after the wait its
        refusal names (up to MAX_READ_WAIT_S)."""
        orders: list[pb.OrderView] = []
        after = 0
        while True:
            page = self._page_within_read_budget(series_id, after)
            orders.extend(page.orders)
            after = page.next_after_order_id
            if after == 0:
                return orders

    def _page_within_read_budget(self, series_id: int, after_order_id: int) -> pb.OpenOrders:
        while True:
            try:
                return self.open_orders_page(series_id=series_id, after_order_id=after_order_id)
            except PatxRequestError as e:
                wait_ms = e.retry_wait_ms() if e.code == "RATE_LIMITED" else None
                if wait_ms is None or wait_ms / 1000 > MAX_READ_WAIT_S:
                    raise
                time.sleep(wait_ms / 1000)

    def open_orders_page(self, series_id: int = 0, limit: int = 0, after_order_id: int = 0) -> pb.OpenOrders:
        """One page: at most `limit` orders (0: 1,000, the most) after `after_order_id`; next_after_order_id is 0 on the last."""
        query = pb.OpenOrdersQuery(series_id=series_id, limit=limit, after_order_id=after_order_id)
        return self.socket.request(open_orders_query=query).open_orders

    def order_status(self, order_id: int = 0, client_order_id: int = 0) -> pb.OrderStatus:
        """What became of one of the account's orders, live or ended: by the engine's id, or (order_id 0) the
        newest sent with `client_order_id`; answered in order with this session's commands. An order the
        account does not have answers ord_status 0 and reject_reason UNKNOWN_ORDER. After a disconnect, ask by
        the client id of each order sent and not acked: unknown means it never arrived (send it again)."""
        query = pb.OrderStatusQuery(order_id=order_id, client_order_id=client_order_id)
        return self.socket.request(order_status_query=query).order_status

    def series(self) -> list[pb.SeriesInfo]:
        return list(self.socket.request(series_query=pb.SeriesQuery()).series_list.series)

    def next_report(self, timeout_s: float | None = None) -> pb.ServerFrame | None:
        """The next frame the server sent on its own: an execution report of a resting order, a
        forward delivery, a subscription update, a settlement (heartbeats are skipped); None after `timeout_s`."""
        while True:
            frame = self.socket.next_unsolicited(timeout_s)
            if frame is None or frame.WhichOneof("body") != "heartbeat":
                return frame

    def reports(self, timeout_s: float) -> Iterator[pb.ServerFrame]:
        """The unsolicited frames until none has come for `timeout_s`."""
        while (frame := self.next_report(timeout_s)) is not None:
            yield frame

    def close(self) -> None:
        self.socket.close()
