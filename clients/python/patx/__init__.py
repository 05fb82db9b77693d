"""The Python client for PATX (docs/protocol.md): login, signed HTTP, order entry and market data
over the WebSocket endpoints (protobuf frames, proto/patx.proto), grants and downloads with
receipts, subscriptions. Depends only on what Debian packages: python3-protobuf,
python3-websocket, python3-ecdsa, python3-pycryptodome."""

from . import patx_pb2 as pb
from .book import BookProblem, Level, LocalBook, book_checksum
from .frames import PatxConnectionClosed, PatxRequestError, PatxTimeout
from .grants import Download, download_file, download_with_grant, get_my_grant, grant_of, iter_my_grants, left_to_use, list_grant_receipts, list_my_grants
from .http import ExchangeHttp, PatxHttpError, sign_request_headers
from .market import Endpoints, deposit_credited, discover, get_account, get_series, list_series, url_from_env, wait_for_credit, wait_for_deposit
from .market_data import MarketDataClient, MarketEvent
from .signing import Wallet, recover_address
from .trading import PatxSignInError, TradingClient, reject_name, sign_in_message

__all__ = [
    "pb", "BookProblem", "Level", "LocalBook", "book_checksum", "PatxConnectionClosed", "PatxRequestError", "PatxTimeout",
    "Download", "download_file", "download_with_grant", "get_my_grant", "grant_of", "iter_my_grants", "left_to_use", "list_grant_receipts", "list_my_grants",
    "ExchangeHttp", "PatxHttpError", "sign_request_headers", "Endpoints", "discover", "get_account", "get_series", "list_series",
    "url_from_env", "wait_for_credit", "wait_for_deposit", "deposit_credited", "MarketDataClient", "MarketEvent", "Wallet", "recover_address",
    "PatxSignInError", "TradingClient", "reject_name", "sign_in_message",
]
