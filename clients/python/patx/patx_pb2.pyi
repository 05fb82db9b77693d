from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ACCOUNT: MassCancelScope
ACCOUNTS_FULL: ErrorCode
ADDRESS_IN_USE: RejectReason
ALL: MassCancelScope
ALREADY_AUTHENTICATED: ErrorCode
ALREADY_DELIVERED: RejectReason
ALREADY_INVITED: RejectReason
ALREADY_IN_ORGANISATION: RejectReason
ALREADY_IN_TIER: RejectReason
AMEND_NO_CHANGE: RejectReason
AUTH_FAILED: ErrorCode
BALANCE_LIMIT: RejectReason
BOOK: Channel
BOOK_FULL: RejectReason
BROKER: Role
BROKER_ALREADY_EXISTS: RejectReason
BUNDLE_LEG_UNFILLABLE: RejectReason
BUNDLE_PRICE_MOVED: RejectReason
BUY: Side
CALL: SeriesKind
CANCEL_BOTH: SelfTradePrevention
CANCEL_NEWEST: SelfTradePrevention
CANCEL_OLDEST: SelfTradePrevention
CANCEL_ON_DISCONNECT: CancelReason
CANCEL_ON_DISCONNECT_SESSIONS_FULL: RejectReason
CANCEL_REASON_UNSPECIFIED: CancelReason
CAPACITY_EXCEEDED: RejectReason
CHALLENGE_EXPIRED: ErrorCode
CHANGE_BUDGET_SPENT: SubscriptionChange
CHANGE_CANCELLED: SubscriptionChange
CHANGE_PAUSED_AFTER_SKIPS: SubscriptionChange
CHANGE_PUSH_AUTHORISATION_EXPIRED: SubscriptionChange
CHANGE_RESUMED: SubscriptionChange
CHANNEL_UNSPECIFIED: Channel
CLAIM_EXISTS: RejectReason
CLAIM_OPEN: RejectReason
CONSUMER: Role
CONTRACT_NOT_FOUND: ErrorCode
DECREMENT: SelfTradePrevention
DELIVERED: DeliveryState
DELIVERING_BUYERS: DeliveryState
DELIVERING_PROVIDERS: DeliveryState
DELIVERY_PENDING: DeliveryState
DELIVERY_PULL: SubscriptionDelivery
DELIVERY_REQUIRED: RejectReason
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_WEBHOOK: SubscriptionDelivery
DESCRIPTOR: _descriptor.FileDescriptor
DISPUTE_AWAITS_DECISION: RejectReason
DISPUTE_WINDOW_CLOSED: RejectReason
DUPLICATE_CLIENT_ORDER_ID: RejectReason
DUPLICATE_DEPOSIT: RejectReason
EMPTY_FRAME: ErrorCode
ERROR_CODE_UNSPECIFIED: ErrorCode
ESCROW_CLOSED: RejectReason
ESCROW_NOT_DUE: RejectReason
EVIDENCE_OF_DELIVERY: RejectReason
EXEC_CANCELED: ExecType
EXEC_EXPIRED: ExecType
EXEC_NEW: ExecType
EXEC_REJECTED: ExecType
EXEC_REPLACED: ExecType
EXEC_TRADE: ExecType
EXEC_TYPE_UNSPECIFIED: ExecType
EXPIRED: SeriesStatus
EXPIRY_TOO_EARLY: RejectReason
EXPOSURE_LIMIT_SERIES: RejectReason
EXPOSURE_LIMIT_WINDOW: RejectReason
FEE_ACCOUNT_SHORT: RejectReason
FOK: TimeInForce
FOK_NOT_FILLABLE: RejectReason
FORWARD: SeriesKind
FORWARD_CURVE: Channel
FORWARD_DELIVERY: CancelReason
FRAME_TOO_LARGE: ErrorCode
GTC: TimeInForce
GTD: TimeInForce
HALTED: SeriesStatus
HEARTBEAT_TIMEOUT: ErrorCode
INSTITUTION: Role
INSTITUTION_REQUIRED: RejectReason
INSUFFICIENT_BALANCE: RejectReason
INSUFFICIENT_COLLATERAL: RejectReason
INSUFFICIENT_FREE_PAT: ErrorCode
INSUFFICIENT_MARGIN: RejectReason
INSUFFICIENT_RIGHTS: RejectReason
INVALID_ADDRESS: RejectReason
INVALID_AMOUNT: RejectReason
INVALID_BUNDLE: RejectReason
INVALID_CONTRACT_KEY: RejectReason
INVALID_DECISION: RejectReason
INVALID_DISPUTE_REASON: RejectReason
INVALID_EXPIRY: RejectReason
INVALID_FIELD: ErrorCode
INVALID_LOT: RejectReason
INVALID_OPERATOR_NOTE: RejectReason
INVALID_ORDER_TYPE: RejectReason
INVALID_ORGANISATION: RejectReason
INVALID_PHASE: RejectReason
INVALID_PRICE: RejectReason
INVALID_PROVIDER_LISTING: RejectReason
INVALID_QUALIFICATION: RejectReason
INVALID_QUANTITY: RejectReason
INVALID_SEATS: RejectReason
INVALID_SERIES_SPEC: RejectReason
INVALID_SETTLEMENT: RejectReason
INVALID_STATUS_CHANGE: RejectReason
INVALID_SUBSCRIPTION: RejectReason
INVALID_TICK: RejectReason
INVALID_TIER: RejectReason
INVALID_USAGE_TERMS: RejectReason
INVALID_VERIFICATION: RejectReason
INVITATIONS_FULL: RejectReason
INVITATION_EXPIRED: RejectReason
IOC: TimeInForce
IOC_REMAINDER: CancelReason
KILL_SWITCH: CancelReason
KILL_SWITCH_ENGAGED: RejectReason
KILL_SWITCH_UNCHANGED: RejectReason
KIND_NOT_OPEN: RejectReason
LAST_ADMIN: RejectReason
LAST_TRADE: SettlementIndexMethod
LIMIT: OrderType
LIQUIDATION: CancelReason
LISTING_NOT_IN_SERIES: RejectReason
LISTING_SUPPLY_SHORT: RejectReason
LOGIN_FORMAT_OUTDATED: ErrorCode
MALFORMED_FRAME: ErrorCode
MARKET: OrderType
MARKET_MAKER_PROTECTION: CancelReason
MARKET_PROTECTION: CancelReason
MASS_CANCEL: CancelReason
MASS_CANCEL_SCOPE_UNSPECIFIED: MassCancelScope
MID_TRADE_BLEND: SettlementIndexMethod
MMP_NOT_TRIGGERED: RejectReason
MMP_TRIGGERED: RejectReason
NONE: RejectReason
NOT_AUTHENTICATED: ErrorCode
NOT_A_FORWARD: RejectReason
NOT_A_MEMBER: RejectReason
NOT_A_SYNTHETIC: RejectReason
NOT_EXERCISABLE: RejectReason
NOT_FEE_RECIPIENT: RejectReason
NOT_ORDER_OWNER: RejectReason
NOT_ORGANISATION_ADMIN: RejectReason
NOT_ORGANISATION_MEMBER: ErrorCode
NOT_PAUSED: RejectReason
NOT_PERMITTED: ErrorCode
NOT_USAGE_GRANT: RejectReason
NOT_YOUR_GRANT: RejectReason
NOT_YOUR_SUBSCRIPTION: RejectReason
NO_ACCOUNT: ErrorCode
NO_EVIDENCE: RejectReason
NO_LIQUIDITY: CancelReason
NO_OPEN_CLAIM: RejectReason
NO_OPEN_DISPUTE: RejectReason
NO_PUBLISHED_LISTING: RejectReason
NO_REFERENCE_PRICE: RejectReason
ON_LIST: SubscriptionTrigger
ON_OPEN: SubscriptionTrigger
OPERATOR: Role
OPTION: Channel
ORDER_CANCELED: OrdStatus
ORDER_EXPIRED: OrdStatus
ORDER_FILLED: OrdStatus
ORDER_NEW: OrdStatus
ORDER_PARTIALLY_FILLED: OrdStatus
ORDER_REJECTED: OrdStatus
ORDER_SIZE_LIMIT: RejectReason
ORDER_TYPE_UNSPECIFIED: OrderType
ORD_STATUS_UNSPECIFIED: OrdStatus
ORGANISATION_FULL: RejectReason
ORGANISATION_NOT_EMPTY: RejectReason
ORGANISATION_ROLE_UNSPECIFIED: OrganisationRole
ORG_ADMIN: OrganisationRole
ORG_READER: OrganisationRole
ORG_TRADER: OrganisationRole
PARAM_OUT_OF_RANGE: RejectReason
PAYOUT_HELD_UNVERIFIED: RejectReason
PHASE_NOT_ENABLED: RejectReason
POSITION_LIMIT: RejectReason
POST_ONLY_WOULD_CROSS: RejectReason
PRICE_OUTSIDE_BAND: RejectReason
PRICE_OUT_OF_LIMITS: RejectReason
PROVIDER: Role
PUT: SeriesKind
QUANTITY_TOO_LARGE: RejectReason
QUOTES: Channel
QUOTE_CROSSED: RejectReason
QUOTE_REPLACED: CancelReason
RATE_LIMITED: ErrorCode
REFERENCE: Channel
REFERENCE_PRICE: SettlementIndexMethod
ROLE_FORBIDDEN: ErrorCode
ROLE_NOT_ALLOWED: RejectReason
ROLE_UNSPECIFIED: Role
RULES_NOT_MET: RejectReason
RULES_TOO_OLD: RejectReason
SEATS_FULL: RejectReason
SELF_TRADE: CancelReason
SELF_TRADE_PREVENTION_UNSPECIFIED: SelfTradePrevention
SELL: Side
SERIES: MassCancelScope
SERIES_ALREADY_LISTED: RejectReason
SERIES_EXPIRED: RejectReason
SERIES_HALTED: RejectReason
SERIES_KIND_UNSPECIFIED: SeriesKind
SERIES_NOT_FOUND: ErrorCode
SERIES_NOT_OPEN_YET: RejectReason
SERIES_STATUS_UNSPECIFIED: SeriesStatus
SERVER_BUSY: ErrorCode
SERVICE_UNAVAILABLE: ErrorCode
SETTLEMENT: Channel
SETTLEMENT_INDEX_METHOD_UNSPECIFIED: SettlementIndexMethod
SETTLEMENT_OUT_OF_ORDER: RejectReason
SIDE_UNSPECIFIED: Side
SKIP_CAP_BELOW_ASK: SkipReason
SKIP_INSUFFICIENT_FUNDS: SkipReason
SKIP_NO_ASK: SkipReason
SKIP_NO_PROVIDER_SUPPLY: SkipReason
SKIP_ORDER_REJECTED: SkipReason
SKIP_REASON_UNSPECIFIED: SkipReason
SLOW_CONSUMER: ErrorCode
SPOT: SeriesKind
SPOT_SERIES_NOT_LISTED: RejectReason
STATUS: Channel
SUBSCRIPTION_ACTIVE: SubscriptionStatus
SUBSCRIPTION_CANCELLED: SubscriptionStatus
SUBSCRIPTION_CHANGE_UNSPECIFIED: SubscriptionChange
SUBSCRIPTION_DELIVERY_UNSPECIFIED: SubscriptionDelivery
SUBSCRIPTION_ENDED: SubscriptionStatus
SUBSCRIPTION_LIMIT: RejectReason
SUBSCRIPTION_PAUSED: SubscriptionStatus
SUBSCRIPTION_STATUS_UNSPECIFIED: SubscriptionStatus
SUBSCRIPTION_TRIGGER_UNSPECIFIED: SubscriptionTrigger
SYNTHETIC: SeriesKind
TEXT_FRAME: ErrorCode
THROTTLED: RejectReason
TIER_NOT_QUOTED: RejectReason
TIER_SEATS_FULL: RejectReason
TIME_IN_FORCE_UNSPECIFIED: TimeInForce
TOO_MANY_OPEN_ORDERS: RejectReason
TOO_MANY_PENDING_WITHDRAWALS: RejectReason
TOO_MANY_QUOTE_LEVELS: RejectReason
TOO_MANY_SESSIONS: ErrorCode
TOO_MANY_SUBSCRIPTIONS: ErrorCode
TRADES: Channel
TRADE_VWAP: SettlementIndexMethod
TRADING: SeriesStatus
UNDERLYING_NOT_LISTED: RejectReason
UNKNOWN_ACCOUNT: RejectReason
UNKNOWN_GRANT: RejectReason
UNKNOWN_INVITATION: RejectReason
UNKNOWN_ORDER: RejectReason
UNKNOWN_ORGANISATION: RejectReason
UNKNOWN_PARAM: RejectReason
UNKNOWN_RULES: RejectReason
UNKNOWN_SERIES: RejectReason
UNKNOWN_SUBSCRIPTION: RejectReason
UNKNOWN_TIER: RejectReason
UNKNOWN_TIER_SUBSCRIPTION: RejectReason
UNKNOWN_WITHDRAWAL: RejectReason
USAGE_GRANT: RejectReason
USER: CancelReason
VALUE_OUT_OF_RANGE: ErrorCode
WOULD_CROSS_OWN_QUOTES: RejectReason
WRONG_ENDPOINT: ErrorCode

class AccessGrant(_message.Message):
    __slots__ = ["consumer", "expires_at_ms", "grant_id", "listing_id", "listing_version", "nonce", "provider", "quantity", "series_id", "signature", "window_close_ms", "window_open_ms"]
    CONSUMER_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    GRANT_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_VERSION_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    WINDOW_CLOSE_MS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_OPEN_MS_FIELD_NUMBER: _ClassVar[int]
    consumer: str
    expires_at_ms: int
    grant_id: int
    listing_id: int
    listing_version: int
    nonce: int
    provider: str
    quantity: int
    series_id: int
    signature: bytes
    window_close_ms: int
    window_open_ms: int
    def __init__(self, grant_id: _Optional[int] = ..., consumer: _Optional[str] = ..., provider: _Optional[str] = ..., listing_id: _Optional[int] = ..., listing_version: _Optional[int] = ..., series_id: _Optional[int] = ..., window_open_ms: _Optional[int] = ..., window_close_ms: _Optional[int] = ..., quantity: _Optional[int] = ..., expires_at_ms: _Optional[int] = ..., nonce: _Optional[int] = ..., signature: _Optional[bytes] = ...) -> None: ...

class AccountQuery(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class AccountView(_message.Message):
    __slots__ = ["account_id", "address", "as_of_seq", "available_wei", "held_wei", "locked_wei", "open_orders", "own_deposits_wei", "payouts_held", "pending_withdrawal_wei", "positions", "role", "verified_provider"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_WEI_FIELD_NUMBER: _ClassVar[int]
    HELD_WEI_FIELD_NUMBER: _ClassVar[int]
    LOCKED_WEI_FIELD_NUMBER: _ClassVar[int]
    OPEN_ORDERS_FIELD_NUMBER: _ClassVar[int]
    OWN_DEPOSITS_WEI_FIELD_NUMBER: _ClassVar[int]
    PAYOUTS_HELD_FIELD_NUMBER: _ClassVar[int]
    PENDING_WITHDRAWAL_WEI_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    address: str
    as_of_seq: int
    available_wei: str
    held_wei: str
    locked_wei: str
    open_orders: int
    own_deposits_wei: str
    payouts_held: bool
    pending_withdrawal_wei: str
    positions: _containers.RepeatedCompositeFieldContainer[PositionView]
    role: Role
    verified_provider: bool
    def __init__(self, account_id: _Optional[int] = ..., role: _Optional[_Union[Role, str]] = ..., address: _Optional[str] = ..., available_wei: _Optional[str] = ..., held_wei: _Optional[str] = ..., pending_withdrawal_wei: _Optional[str] = ..., open_orders: _Optional[int] = ..., positions: _Optional[_Iterable[_Union[PositionView, _Mapping]]] = ..., as_of_seq: _Optional[int] = ..., locked_wei: _Optional[str] = ..., verified_provider: bool = ..., payouts_held: bool = ..., own_deposits_wei: _Optional[str] = ...) -> None: ...

class AmendOrder(_message.Message):
    __slots__ = ["new_price_micros", "new_qty", "order_id"]
    NEW_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    NEW_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    new_price_micros: int
    new_qty: int
    order_id: int
    def __init__(self, order_id: _Optional[int] = ..., new_qty: _Optional[int] = ..., new_price_micros: _Optional[int] = ...) -> None: ...

class BookSnapshot(_message.Message):
    __slots__ = ["asks", "bids", "checksum", "seq", "series_id"]
    ASKS_FIELD_NUMBER: _ClassVar[int]
    BIDS_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    asks: _containers.RepeatedCompositeFieldContainer[Level]
    bids: _containers.RepeatedCompositeFieldContainer[Level]
    checksum: int
    seq: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., bids: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., asks: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., checksum: _Optional[int] = ...) -> None: ...

class BookUpdate(_message.Message):
    __slots__ = ["asks", "bids", "checksum", "engine_seq", "prev_seq", "seq", "series_id"]
    ASKS_FIELD_NUMBER: _ClassVar[int]
    BIDS_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    ENGINE_SEQ_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    asks: _containers.RepeatedCompositeFieldContainer[Level]
    bids: _containers.RepeatedCompositeFieldContainer[Level]
    checksum: int
    engine_seq: int
    prev_seq: int
    seq: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., bids: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., asks: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., checksum: _Optional[int] = ..., engine_seq: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class CancelOrder(_message.Message):
    __slots__ = ["client_order_id", "order_id"]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    client_order_id: int
    order_id: int
    def __init__(self, order_id: _Optional[int] = ..., client_order_id: _Optional[int] = ...) -> None: ...

class CancelSubscription(_message.Message):
    __slots__ = ["subscription_id"]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    subscription_id: int
    def __init__(self, subscription_id: _Optional[int] = ...) -> None: ...

class Challenge(_message.Message):
    __slots__ = ["chain_id", "domain", "expiration_time", "expires_at_ms", "issued_at", "nonce", "server_time_ms", "sign_text", "siwe_nonce", "statement", "uri"]
    CHAIN_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    SERVER_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    SIGN_TEXT_FIELD_NUMBER: _ClassVar[int]
    SIWE_NONCE_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    URI_FIELD_NUMBER: _ClassVar[int]
    chain_id: int
    domain: str
    expiration_time: str
    expires_at_ms: int
    issued_at: str
    nonce: bytes
    server_time_ms: int
    sign_text: str
    siwe_nonce: str
    statement: str
    uri: str
    def __init__(self, nonce: _Optional[bytes] = ..., expires_at_ms: _Optional[int] = ..., sign_text: _Optional[str] = ..., server_time_ms: _Optional[int] = ..., domain: _Optional[str] = ..., uri: _Optional[str] = ..., chain_id: _Optional[int] = ..., statement: _Optional[str] = ..., siwe_nonce: _Optional[str] = ..., issued_at: _Optional[str] = ..., expiration_time: _Optional[str] = ...) -> None: ...

class ClientFrame(_message.Message):
    __slots__ = ["account_query", "amend_order", "cancel_order", "cancel_subscription", "create_subscription", "declare_capacity", "exercise", "heartbeat", "login", "mass_cancel", "mint", "new_order", "open_orders_query", "order_status_query", "request_id", "request_withdrawal", "resume_subscription", "series_query", "subscribe", "unsubscribe"]
    ACCOUNT_QUERY_FIELD_NUMBER: _ClassVar[int]
    AMEND_ORDER_FIELD_NUMBER: _ClassVar[int]
    CANCEL_ORDER_FIELD_NUMBER: _ClassVar[int]
    CANCEL_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DECLARE_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    MASS_CANCEL_FIELD_NUMBER: _ClassVar[int]
    MINT_FIELD_NUMBER: _ClassVar[int]
    NEW_ORDER_FIELD_NUMBER: _ClassVar[int]
    OPEN_ORDERS_QUERY_FIELD_NUMBER: _ClassVar[int]
    ORDER_STATUS_QUERY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_WITHDRAWAL_FIELD_NUMBER: _ClassVar[int]
    RESUME_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SERIES_QUERY_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBE_FIELD_NUMBER: _ClassVar[int]
    UNSUBSCRIBE_FIELD_NUMBER: _ClassVar[int]
    account_query: AccountQuery
    amend_order: AmendOrder
    cancel_order: CancelOrder
    cancel_subscription: CancelSubscription
    create_subscription: CreateSubscription
    declare_capacity: DeclareCapacity
    exercise: Exercise
    heartbeat: Heartbeat
    login: Login
    mass_cancel: MassCancel
    mint: Mint
    new_order: NewOrder
    open_orders_query: OpenOrdersQuery
    order_status_query: OrderStatusQuery
    request_id: int
    request_withdrawal: RequestWithdrawal
    resume_subscription: ResumeSubscription
    series_query: SeriesQuery
    subscribe: Subscribe
    unsubscribe: Unsubscribe
    def __init__(self, request_id: _Optional[int] = ..., login: _Optional[_Union[Login, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ..., new_order: _Optional[_Union[NewOrder, _Mapping]] = ..., cancel_order: _Optional[_Union[CancelOrder, _Mapping]] = ..., amend_order: _Optional[_Union[AmendOrder, _Mapping]] = ..., mass_cancel: _Optional[_Union[MassCancel, _Mapping]] = ..., declare_capacity: _Optional[_Union[DeclareCapacity, _Mapping]] = ..., mint: _Optional[_Union[Mint, _Mapping]] = ..., exercise: _Optional[_Union[Exercise, _Mapping]] = ..., request_withdrawal: _Optional[_Union[RequestWithdrawal, _Mapping]] = ..., account_query: _Optional[_Union[AccountQuery, _Mapping]] = ..., open_orders_query: _Optional[_Union[OpenOrdersQuery, _Mapping]] = ..., order_status_query: _Optional[_Union[OrderStatusQuery, _Mapping]] = ..., series_query: _Optional[_Union[SeriesQuery, _Mapping]] = ..., subscribe: _Optional[_Union[Subscribe, _Mapping]] = ..., unsubscribe: _Optional[_Union[Unsubscribe, _Mapping]] = ..., create_subscription: _Optional[_Union[CreateSubscription, _Mapping]] = ..., cancel_subscription: _Optional[_Union[CancelSubscription, _Mapping]] = ..., resume_subscription: _Optional[_Union[ResumeSubscription, _Mapping]] = ...) -> None: ...

class CommandAck(_message.Message):
    __slots__ = ["exercise_id", "grants", "reject_reason", "reports", "seq", "subscription_id", "time_ms", "withdrawal_id"]
    EXERCISE_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    REJECT_REASON_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_ID_FIELD_NUMBER: _ClassVar[int]
    exercise_id: int
    grants: _containers.RepeatedCompositeFieldContainer[AccessGrant]
    reject_reason: RejectReason
    reports: _containers.RepeatedCompositeFieldContainer[ExecutionReport]
    seq: int
    subscription_id: int
    time_ms: int
    withdrawal_id: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., reject_reason: _Optional[_Union[RejectReason, str]] = ..., reports: _Optional[_Iterable[_Union[ExecutionReport, _Mapping]]] = ..., withdrawal_id: _Optional[int] = ..., exercise_id: _Optional[int] = ..., grants: _Optional[_Iterable[_Union[AccessGrant, _Mapping]]] = ..., subscription_id: _Optional[int] = ...) -> None: ...

class CreateSubscription(_message.Message):
    __slots__ = ["auto_exercise", "budget_micros", "cap_price_micros", "contract", "include_current", "max_skips", "qty_per_window", "trigger"]
    AUTO_EXERCISE_FIELD_NUMBER: _ClassVar[int]
    BUDGET_MICROS_FIELD_NUMBER: _ClassVar[int]
    CAP_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CURRENT_FIELD_NUMBER: _ClassVar[int]
    MAX_SKIPS_FIELD_NUMBER: _ClassVar[int]
    QTY_PER_WINDOW_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    auto_exercise: bool
    budget_micros: int
    cap_price_micros: int
    contract: str
    include_current: bool
    max_skips: int
    qty_per_window: int
    trigger: SubscriptionTrigger
    def __init__(self, contract: _Optional[str] = ..., qty_per_window: _Optional[int] = ..., cap_price_micros: _Optional[int] = ..., budget_micros: _Optional[int] = ..., trigger: _Optional[_Union[SubscriptionTrigger, str]] = ..., auto_exercise: bool = ..., max_skips: _Optional[int] = ..., include_current: bool = ...) -> None: ...

class CurvePoint(_message.Message):
    __slots__ = ["ask_micros", "bid_micros", "close_at_ms", "kind", "mid_micros", "open_at_ms", "series_id"]
    ASK_MICROS_FIELD_NUMBER: _ClassVar[int]
    BID_MICROS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MID_MICROS_FIELD_NUMBER: _ClassVar[int]
    OPEN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    ask_micros: int
    bid_micros: int
    close_at_ms: int
    kind: SeriesKind
    mid_micros: int
    open_at_ms: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., kind: _Optional[_Union[SeriesKind, str]] = ..., open_at_ms: _Optional[int] = ..., close_at_ms: _Optional[int] = ..., bid_micros: _Optional[int] = ..., ask_micros: _Optional[int] = ..., mid_micros: _Optional[int] = ...) -> None: ...

class DeclareCapacity(_message.Message):
    __slots__ = ["capacity", "series_id"]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    capacity: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., capacity: _Optional[int] = ...) -> None: ...

class Error(_message.Message):
    __slots__ = ["code", "field", "message", "retry_after_ms"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_MS_FIELD_NUMBER: _ClassVar[int]
    code: ErrorCode
    field: str
    message: str
    retry_after_ms: int
    def __init__(self, code: _Optional[_Union[ErrorCode, str]] = ..., message: _Optional[str] = ..., field: _Optional[str] = ..., retry_after_ms: _Optional[int] = ...) -> None: ...

class ExecutionReport(_message.Message):
    __slots__ = ["canceled_qty", "client_order_id", "cum_qty", "exec_type", "fee_micros", "last_price_micros", "last_qty", "leaves_qty", "ord_status", "order_id", "order_qty", "price_micros", "reject_reason", "seq", "series_id", "side", "time_ms", "trade_id"]
    CANCELED_QTY_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CUM_QTY_FIELD_NUMBER: _ClassVar[int]
    EXEC_TYPE_FIELD_NUMBER: _ClassVar[int]
    FEE_MICROS_FIELD_NUMBER: _ClassVar[int]
    LAST_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    LAST_QTY_FIELD_NUMBER: _ClassVar[int]
    LEAVES_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_QTY_FIELD_NUMBER: _ClassVar[int]
    ORD_STATUS_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    REJECT_REASON_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    TRADE_ID_FIELD_NUMBER: _ClassVar[int]
    canceled_qty: int
    client_order_id: int
    cum_qty: int
    exec_type: ExecType
    fee_micros: int
    last_price_micros: int
    last_qty: int
    leaves_qty: int
    ord_status: OrdStatus
    order_id: int
    order_qty: int
    price_micros: int
    reject_reason: RejectReason
    seq: int
    series_id: int
    side: Side
    time_ms: int
    trade_id: int
    def __init__(self, seq: _Optional[int] = ..., exec_type: _Optional[_Union[ExecType, str]] = ..., ord_status: _Optional[_Union[OrdStatus, str]] = ..., order_id: _Optional[int] = ..., client_order_id: _Optional[int] = ..., series_id: _Optional[int] = ..., order_qty: _Optional[int] = ..., cum_qty: _Optional[int] = ..., leaves_qty: _Optional[int] = ..., last_qty: _Optional[int] = ..., last_price_micros: _Optional[int] = ..., canceled_qty: _Optional[int] = ..., reject_reason: _Optional[_Union[RejectReason, str]] = ..., trade_id: _Optional[int] = ..., time_ms: _Optional[int] = ..., fee_micros: _Optional[int] = ..., side: _Optional[_Union[Side, str]] = ..., price_micros: _Optional[int] = ...) -> None: ...

class Exercise(_message.Message):
    __slots__ = ["listing_id", "qty", "series_id"]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    listing_id: int
    qty: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., qty: _Optional[int] = ..., listing_id: _Optional[int] = ...) -> None: ...

class ForwardCurve(_message.Message):
    __slots__ = ["contract", "points", "prev_seq", "seq", "time_ms"]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    contract: str
    points: _containers.RepeatedCompositeFieldContainer[CurvePoint]
    prev_seq: int
    seq: int
    time_ms: int
    def __init__(self, contract: _Optional[str] = ..., seq: _Optional[int] = ..., points: _Optional[_Iterable[_Union[CurvePoint, _Mapping]]] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class ForwardDelivery(_message.Message):
    __slots__ = ["account_id", "collateral_returned_micros", "compensation_micros", "counterparty_id", "delivered_qty", "position_qty", "proceeds_micros", "refund_micros", "seq", "series_id", "shortfall_qty", "spot_series_id", "time_ms"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    COLLATERAL_RETURNED_MICROS_FIELD_NUMBER: _ClassVar[int]
    COMPENSATION_MICROS_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_QTY_FIELD_NUMBER: _ClassVar[int]
    POSITION_QTY_FIELD_NUMBER: _ClassVar[int]
    PROCEEDS_MICROS_FIELD_NUMBER: _ClassVar[int]
    REFUND_MICROS_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SHORTFALL_QTY_FIELD_NUMBER: _ClassVar[int]
    SPOT_SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    collateral_returned_micros: int
    compensation_micros: int
    counterparty_id: int
    delivered_qty: int
    position_qty: int
    proceeds_micros: int
    refund_micros: int
    seq: int
    series_id: int
    shortfall_qty: int
    spot_series_id: int
    time_ms: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., series_id: _Optional[int] = ..., spot_series_id: _Optional[int] = ..., account_id: _Optional[int] = ..., counterparty_id: _Optional[int] = ..., position_qty: _Optional[int] = ..., delivered_qty: _Optional[int] = ..., shortfall_qty: _Optional[int] = ..., proceeds_micros: _Optional[int] = ..., collateral_returned_micros: _Optional[int] = ..., refund_micros: _Optional[int] = ..., compensation_micros: _Optional[int] = ...) -> None: ...

class GrantIssued(_message.Message):
    __slots__ = ["grant_id", "seq", "series_id", "time_ms"]
    GRANT_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    grant_id: int
    seq: int
    series_id: int
    time_ms: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., series_id: _Optional[int] = ..., grant_id: _Optional[int] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ["time_ms"]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    time_ms: int
    def __init__(self, time_ms: _Optional[int] = ...) -> None: ...

class Level(_message.Message):
    __slots__ = ["price_micros", "qty"]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    price_micros: int
    qty: int
    def __init__(self, price_micros: _Optional[int] = ..., qty: _Optional[int] = ...) -> None: ...

class Login(_message.Message):
    __slots__ = ["address", "cancel_on_disconnect", "existing_only", "operator_token", "organisation_id", "role", "signature"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CANCEL_ON_DISCONNECT_FIELD_NUMBER: _ClassVar[int]
    EXISTING_ONLY_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    address: str
    cancel_on_disconnect: bool
    existing_only: bool
    operator_token: str
    organisation_id: int
    role: Role
    signature: bytes
    def __init__(self, address: _Optional[str] = ..., signature: _Optional[bytes] = ..., operator_token: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., cancel_on_disconnect: bool = ..., organisation_id: _Optional[int] = ..., existing_only: bool = ...) -> None: ...

class LoginAccepted(_message.Message):
    __slots__ = ["account_id", "account_opened", "address", "cancel_on_disconnect", "heartbeat_interval_ms", "heartbeat_timeout_ms", "max_messages_per_second", "organisation_id", "organisation_role", "role"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_OPENED_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CANCEL_ON_DISCONNECT_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_INTERVAL_MS_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_ROLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    account_opened: bool
    address: str
    cancel_on_disconnect: bool
    heartbeat_interval_ms: int
    heartbeat_timeout_ms: int
    max_messages_per_second: int
    organisation_id: int
    organisation_role: OrganisationRole
    role: Role
    def __init__(self, account_id: _Optional[int] = ..., role: _Optional[_Union[Role, str]] = ..., address: _Optional[str] = ..., heartbeat_interval_ms: _Optional[int] = ..., heartbeat_timeout_ms: _Optional[int] = ..., max_messages_per_second: _Optional[int] = ..., cancel_on_disconnect: bool = ..., account_opened: bool = ..., organisation_id: _Optional[int] = ..., organisation_role: _Optional[_Union[OrganisationRole, str]] = ...) -> None: ...

class MarginTopUp(_message.Message):
    __slots__ = ["account_id", "locked_micros", "mark_micros", "position_qty", "seq", "series_id", "time_ms", "top_up_micros"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_MICROS_FIELD_NUMBER: _ClassVar[int]
    MARK_MICROS_FIELD_NUMBER: _ClassVar[int]
    POSITION_QTY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    TOP_UP_MICROS_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    locked_micros: int
    mark_micros: int
    position_qty: int
    seq: int
    series_id: int
    time_ms: int
    top_up_micros: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., series_id: _Optional[int] = ..., account_id: _Optional[int] = ..., position_qty: _Optional[int] = ..., mark_micros: _Optional[int] = ..., top_up_micros: _Optional[int] = ..., locked_micros: _Optional[int] = ...) -> None: ...

class MassCancel(_message.Message):
    __slots__ = ["account_id", "scope", "series_id"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    scope: MassCancelScope
    series_id: int
    def __init__(self, scope: _Optional[_Union[MassCancelScope, str]] = ..., series_id: _Optional[int] = ..., account_id: _Optional[int] = ...) -> None: ...

class Mint(_message.Message):
    __slots__ = ["qty", "series_id"]
    QTY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    qty: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., qty: _Optional[int] = ...) -> None: ...

class NewOrder(_message.Message):
    __slots__ = ["client_order_id", "expire_at_ms", "order_type", "post_only", "price_micros", "qty", "self_trade_prevention", "series_id", "side", "time_in_force"]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    ORDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    POST_ONLY_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    SELF_TRADE_PREVENTION_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    TIME_IN_FORCE_FIELD_NUMBER: _ClassVar[int]
    client_order_id: int
    expire_at_ms: int
    order_type: OrderType
    post_only: bool
    price_micros: int
    qty: int
    self_trade_prevention: SelfTradePrevention
    series_id: int
    side: Side
    time_in_force: TimeInForce
    def __init__(self, series_id: _Optional[int] = ..., client_order_id: _Optional[int] = ..., side: _Optional[_Union[Side, str]] = ..., order_type: _Optional[_Union[OrderType, str]] = ..., time_in_force: _Optional[_Union[TimeInForce, str]] = ..., price_micros: _Optional[int] = ..., qty: _Optional[int] = ..., expire_at_ms: _Optional[int] = ..., post_only: bool = ..., self_trade_prevention: _Optional[_Union[SelfTradePrevention, str]] = ...) -> None: ...

class OpenOrders(_message.Message):
    __slots__ = ["as_of_seq", "next_after_order_id", "orders"]
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    NEXT_AFTER_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    as_of_seq: int
    next_after_order_id: int
    orders: _containers.RepeatedCompositeFieldContainer[OrderView]
    def __init__(self, orders: _Optional[_Iterable[_Union[OrderView, _Mapping]]] = ..., as_of_seq: _Optional[int] = ..., next_after_order_id: _Optional[int] = ...) -> None: ...

class OpenOrdersQuery(_message.Message):
    __slots__ = ["after_order_id", "limit", "series_id"]
    AFTER_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    after_order_id: int
    limit: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., limit: _Optional[int] = ..., after_order_id: _Optional[int] = ...) -> None: ...

class OptionModel(_message.Message):
    __slots__ = ["ask_micros", "bid_micros", "delta", "forward_exact_micros", "forward_micros", "gamma", "mark_micros", "prev_seq", "priced_at_ms", "seq", "series_id", "sigma_annual", "sigma_market_annual", "strike_micros", "theta", "time_years", "value_micros", "vega"]
    ASK_MICROS_FIELD_NUMBER: _ClassVar[int]
    BID_MICROS_FIELD_NUMBER: _ClassVar[int]
    DELTA_FIELD_NUMBER: _ClassVar[int]
    FORWARD_EXACT_MICROS_FIELD_NUMBER: _ClassVar[int]
    FORWARD_MICROS_FIELD_NUMBER: _ClassVar[int]
    GAMMA_FIELD_NUMBER: _ClassVar[int]
    MARK_MICROS_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    PRICED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIGMA_ANNUAL_FIELD_NUMBER: _ClassVar[int]
    SIGMA_MARKET_ANNUAL_FIELD_NUMBER: _ClassVar[int]
    STRIKE_MICROS_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    TIME_YEARS_FIELD_NUMBER: _ClassVar[int]
    VALUE_MICROS_FIELD_NUMBER: _ClassVar[int]
    VEGA_FIELD_NUMBER: _ClassVar[int]
    ask_micros: int
    bid_micros: int
    delta: float
    forward_exact_micros: float
    forward_micros: int
    gamma: float
    mark_micros: int
    prev_seq: int
    priced_at_ms: int
    seq: int
    series_id: int
    sigma_annual: float
    sigma_market_annual: float
    strike_micros: int
    theta: float
    time_years: float
    value_micros: float
    vega: float
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., priced_at_ms: _Optional[int] = ..., forward_micros: _Optional[int] = ..., mark_micros: _Optional[int] = ..., sigma_annual: _Optional[float] = ..., time_years: _Optional[float] = ..., value_micros: _Optional[float] = ..., delta: _Optional[float] = ..., gamma: _Optional[float] = ..., vega: _Optional[float] = ..., theta: _Optional[float] = ..., bid_micros: _Optional[int] = ..., ask_micros: _Optional[int] = ..., prev_seq: _Optional[int] = ..., forward_exact_micros: _Optional[float] = ..., sigma_market_annual: _Optional[float] = ..., strike_micros: _Optional[int] = ...) -> None: ...

class OrderStatus(_message.Message):
    __slots__ = ["as_of_seq", "cancel_reason", "client_order_id", "created_at_ms", "created_seq", "cum_qty", "expire_at_ms", "fee_micros", "filled_notional_micros", "leaves_qty", "ord_status", "order_id", "order_qty", "order_type", "post_only", "price_micros", "reject_reason", "series_id", "side", "time_in_force", "updated_at_ms", "updated_seq"]
    AS_OF_SEQ_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_SEQ_FIELD_NUMBER: _ClassVar[int]
    CUM_QTY_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FEE_MICROS_FIELD_NUMBER: _ClassVar[int]
    FILLED_NOTIONAL_MICROS_FIELD_NUMBER: _ClassVar[int]
    LEAVES_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    ORD_STATUS_FIELD_NUMBER: _ClassVar[int]
    POST_ONLY_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    REJECT_REASON_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    TIME_IN_FORCE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_SEQ_FIELD_NUMBER: _ClassVar[int]
    as_of_seq: int
    cancel_reason: CancelReason
    client_order_id: int
    created_at_ms: int
    created_seq: int
    cum_qty: int
    expire_at_ms: int
    fee_micros: int
    filled_notional_micros: int
    leaves_qty: int
    ord_status: OrdStatus
    order_id: int
    order_qty: int
    order_type: OrderType
    post_only: bool
    price_micros: int
    reject_reason: RejectReason
    series_id: int
    side: Side
    time_in_force: TimeInForce
    updated_at_ms: int
    updated_seq: int
    def __init__(self, order_id: _Optional[int] = ..., client_order_id: _Optional[int] = ..., series_id: _Optional[int] = ..., side: _Optional[_Union[Side, str]] = ..., order_type: _Optional[_Union[OrderType, str]] = ..., time_in_force: _Optional[_Union[TimeInForce, str]] = ..., post_only: bool = ..., price_micros: _Optional[int] = ..., order_qty: _Optional[int] = ..., cum_qty: _Optional[int] = ..., leaves_qty: _Optional[int] = ..., filled_notional_micros: _Optional[int] = ..., fee_micros: _Optional[int] = ..., ord_status: _Optional[_Union[OrdStatus, str]] = ..., cancel_reason: _Optional[_Union[CancelReason, str]] = ..., reject_reason: _Optional[_Union[RejectReason, str]] = ..., expire_at_ms: _Optional[int] = ..., created_seq: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., updated_seq: _Optional[int] = ..., updated_at_ms: _Optional[int] = ..., as_of_seq: _Optional[int] = ...) -> None: ...

class OrderStatusQuery(_message.Message):
    __slots__ = ["client_order_id", "order_id"]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    client_order_id: int
    order_id: int
    def __init__(self, order_id: _Optional[int] = ..., client_order_id: _Optional[int] = ...) -> None: ...

class OrderView(_message.Message):
    __slots__ = ["client_order_id", "cum_qty", "expire_at_ms", "is_quote", "leaves_qty", "order_id", "order_qty", "post_only", "price_micros", "series_id", "side", "time_in_force"]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CUM_QTY_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    IS_QUOTE_FIELD_NUMBER: _ClassVar[int]
    LEAVES_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_QTY_FIELD_NUMBER: _ClassVar[int]
    POST_ONLY_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    TIME_IN_FORCE_FIELD_NUMBER: _ClassVar[int]
    client_order_id: int
    cum_qty: int
    expire_at_ms: int
    is_quote: bool
    leaves_qty: int
    order_id: int
    order_qty: int
    post_only: bool
    price_micros: int
    series_id: int
    side: Side
    time_in_force: TimeInForce
    def __init__(self, order_id: _Optional[int] = ..., client_order_id: _Optional[int] = ..., series_id: _Optional[int] = ..., side: _Optional[_Union[Side, str]] = ..., price_micros: _Optional[int] = ..., order_qty: _Optional[int] = ..., cum_qty: _Optional[int] = ..., leaves_qty: _Optional[int] = ..., is_quote: bool = ..., time_in_force: _Optional[_Union[TimeInForce, str]] = ..., post_only: bool = ..., expire_at_ms: _Optional[int] = ...) -> None: ...

class PositionView(_message.Message):
    __slots__ = ["available", "capacity", "collateral_wei", "cost_wei", "escrow_wei", "exercised", "held", "kind", "minted", "series_id"]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    COLLATERAL_WEI_FIELD_NUMBER: _ClassVar[int]
    COST_WEI_FIELD_NUMBER: _ClassVar[int]
    ESCROW_WEI_FIELD_NUMBER: _ClassVar[int]
    EXERCISED_FIELD_NUMBER: _ClassVar[int]
    HELD_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MINTED_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    available: int
    capacity: int
    collateral_wei: str
    cost_wei: str
    escrow_wei: str
    exercised: int
    held: int
    kind: SeriesKind
    minted: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., available: _Optional[int] = ..., held: _Optional[int] = ..., capacity: _Optional[int] = ..., minted: _Optional[int] = ..., exercised: _Optional[int] = ..., kind: _Optional[_Union[SeriesKind, str]] = ..., escrow_wei: _Optional[str] = ..., collateral_wei: _Optional[str] = ..., cost_wei: _Optional[str] = ...) -> None: ...

class QuoteLadder(_message.Message):
    __slots__ = ["asks", "bids", "prev_seq", "seq", "series_id", "take_rate_bps", "taker_fee_bps", "time_ms"]
    ASKS_FIELD_NUMBER: _ClassVar[int]
    BIDS_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TAKER_FEE_BPS_FIELD_NUMBER: _ClassVar[int]
    TAKE_RATE_BPS_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    asks: _containers.RepeatedCompositeFieldContainer[Level]
    bids: _containers.RepeatedCompositeFieldContainer[Level]
    prev_seq: int
    seq: int
    series_id: int
    take_rate_bps: int
    taker_fee_bps: int
    time_ms: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., bids: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., asks: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ..., taker_fee_bps: _Optional[int] = ..., take_rate_bps: _Optional[int] = ...) -> None: ...

class ReferencePrice(_message.Message):
    __slots__ = ["prev_seq", "price_micros", "seq", "series_id", "time_ms"]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    prev_seq: int
    price_micros: int
    seq: int
    series_id: int
    time_ms: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., price_micros: _Optional[int] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class RequestWithdrawal(_message.Message):
    __slots__ = ["amount_wei"]
    AMOUNT_WEI_FIELD_NUMBER: _ClassVar[int]
    amount_wei: str
    def __init__(self, amount_wei: _Optional[str] = ...) -> None: ...

class ResumeSubscription(_message.Message):
    __slots__ = ["subscription_id"]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    subscription_id: int
    def __init__(self, subscription_id: _Optional[int] = ...) -> None: ...

class SeriesInfo(_message.Message):
    __slots__ = ["close_at_ms", "contract", "delivery", "kind", "last_trade_micros", "lot_size", "max_order_qty", "max_price_micros", "min_price_micros", "open_at_ms", "reference_price_micros", "series_id", "spot_series_id", "status", "strike_micros", "tick_micros"]
    CLOSE_AT_MS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LAST_TRADE_MICROS_FIELD_NUMBER: _ClassVar[int]
    LOT_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_ORDER_QTY_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    MIN_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    OPEN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STRIKE_MICROS_FIELD_NUMBER: _ClassVar[int]
    TICK_MICROS_FIELD_NUMBER: _ClassVar[int]
    close_at_ms: int
    contract: str
    delivery: DeliveryState
    kind: SeriesKind
    last_trade_micros: int
    lot_size: int
    max_order_qty: int
    max_price_micros: int
    min_price_micros: int
    open_at_ms: int
    reference_price_micros: int
    series_id: int
    spot_series_id: int
    status: SeriesStatus
    strike_micros: int
    tick_micros: int
    def __init__(self, series_id: _Optional[int] = ..., contract: _Optional[str] = ..., kind: _Optional[_Union[SeriesKind, str]] = ..., status: _Optional[_Union[SeriesStatus, str]] = ..., open_at_ms: _Optional[int] = ..., close_at_ms: _Optional[int] = ..., tick_micros: _Optional[int] = ..., lot_size: _Optional[int] = ..., min_price_micros: _Optional[int] = ..., max_price_micros: _Optional[int] = ..., max_order_qty: _Optional[int] = ..., reference_price_micros: _Optional[int] = ..., last_trade_micros: _Optional[int] = ..., delivery: _Optional[_Union[DeliveryState, str]] = ..., strike_micros: _Optional[int] = ..., spot_series_id: _Optional[int] = ...) -> None: ...

class SeriesList(_message.Message):
    __slots__ = ["series"]
    SERIES_FIELD_NUMBER: _ClassVar[int]
    series: _containers.RepeatedCompositeFieldContainer[SeriesInfo]
    def __init__(self, series: _Optional[_Iterable[_Union[SeriesInfo, _Mapping]]] = ...) -> None: ...

class SeriesQuery(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class SeriesStatusUpdate(_message.Message):
    __slots__ = ["prev_seq", "seq", "series_id", "status", "time_ms"]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    prev_seq: int
    seq: int
    series_id: int
    status: SeriesStatus
    time_ms: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., status: _Optional[_Union[SeriesStatus, str]] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class ServerFrame(_message.Message):
    __slots__ = ["account_view", "book_snapshot", "book_update", "challenge", "command_ack", "error", "execution_report", "forward_curve", "forward_delivery", "grant_issued", "heartbeat", "login_accepted", "margin_top_up", "open_orders", "option_model", "order_status", "quote_ladder", "reference_price", "request_id", "series_list", "series_status", "settlement_index", "subscribed", "subscription_update", "synthetic_liquidation", "synthetic_mark", "synthetic_settlement", "trades", "unsubscribed"]
    ACCOUNT_VIEW_FIELD_NUMBER: _ClassVar[int]
    BOOK_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    BOOK_UPDATE_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ACK_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_REPORT_FIELD_NUMBER: _ClassVar[int]
    FORWARD_CURVE_FIELD_NUMBER: _ClassVar[int]
    FORWARD_DELIVERY_FIELD_NUMBER: _ClassVar[int]
    GRANT_ISSUED_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    LOGIN_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    MARGIN_TOP_UP_FIELD_NUMBER: _ClassVar[int]
    OPEN_ORDERS_FIELD_NUMBER: _ClassVar[int]
    OPTION_MODEL_FIELD_NUMBER: _ClassVar[int]
    ORDER_STATUS_FIELD_NUMBER: _ClassVar[int]
    QUOTE_LADDER_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_PRICE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERIES_LIST_FIELD_NUMBER: _ClassVar[int]
    SERIES_STATUS_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_INDEX_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBED_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_UPDATE_FIELD_NUMBER: _ClassVar[int]
    SYNTHETIC_LIQUIDATION_FIELD_NUMBER: _ClassVar[int]
    SYNTHETIC_MARK_FIELD_NUMBER: _ClassVar[int]
    SYNTHETIC_SETTLEMENT_FIELD_NUMBER: _ClassVar[int]
    TRADES_FIELD_NUMBER: _ClassVar[int]
    UNSUBSCRIBED_FIELD_NUMBER: _ClassVar[int]
    account_view: AccountView
    book_snapshot: BookSnapshot
    book_update: BookUpdate
    challenge: Challenge
    command_ack: CommandAck
    error: Error
    execution_report: ExecutionReport
    forward_curve: ForwardCurve
    forward_delivery: ForwardDelivery
    grant_issued: GrantIssued
    heartbeat: Heartbeat
    login_accepted: LoginAccepted
    margin_top_up: MarginTopUp
    open_orders: OpenOrders
    option_model: OptionModel
    order_status: OrderStatus
    quote_ladder: QuoteLadder
    reference_price: ReferencePrice
    request_id: int
    series_list: SeriesList
    series_status: SeriesStatusUpdate
    settlement_index: SettlementIndex
    subscribed: Subscribed
    subscription_update: SubscriptionUpdate
    synthetic_liquidation: SyntheticLiquidation
    synthetic_mark: SyntheticMark
    synthetic_settlement: SyntheticSettlement
    trades: Trades
    unsubscribed: Unsubscribed
    def __init__(self, request_id: _Optional[int] = ..., challenge: _Optional[_Union[Challenge, _Mapping]] = ..., login_accepted: _Optional[_Union[LoginAccepted, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ..., error: _Optional[_Union[Error, _Mapping]] = ..., command_ack: _Optional[_Union[CommandAck, _Mapping]] = ..., execution_report: _Optional[_Union[ExecutionReport, _Mapping]] = ..., forward_delivery: _Optional[_Union[ForwardDelivery, _Mapping]] = ..., synthetic_liquidation: _Optional[_Union[SyntheticLiquidation, _Mapping]] = ..., synthetic_settlement: _Optional[_Union[SyntheticSettlement, _Mapping]] = ..., subscription_update: _Optional[_Union[SubscriptionUpdate, _Mapping]] = ..., margin_top_up: _Optional[_Union[MarginTopUp, _Mapping]] = ..., grant_issued: _Optional[_Union[GrantIssued, _Mapping]] = ..., account_view: _Optional[_Union[AccountView, _Mapping]] = ..., open_orders: _Optional[_Union[OpenOrders, _Mapping]] = ..., order_status: _Optional[_Union[OrderStatus, _Mapping]] = ..., series_list: _Optional[_Union[SeriesList, _Mapping]] = ..., subscribed: _Optional[_Union[Subscribed, _Mapping]] = ..., unsubscribed: _Optional[_Union[Unsubscribed, _Mapping]] = ..., book_snapshot: _Optional[_Union[BookSnapshot, _Mapping]] = ..., book_update: _Optional[_Union[BookUpdate, _Mapping]] = ..., quote_ladder: _Optional[_Union[QuoteLadder, _Mapping]] = ..., reference_price: _Optional[_Union[ReferencePrice, _Mapping]] = ..., series_status: _Optional[_Union[SeriesStatusUpdate, _Mapping]] = ..., trades: _Optional[_Union[Trades, _Mapping]] = ..., forward_curve: _Optional[_Union[ForwardCurve, _Mapping]] = ..., synthetic_mark: _Optional[_Union[SyntheticMark, _Mapping]] = ..., settlement_index: _Optional[_Union[SettlementIndex, _Mapping]] = ..., option_model: _Optional[_Union[OptionModel, _Mapping]] = ...) -> None: ...

class SettlementIndex(_message.Message):
    __slots__ = ["cutoff_at_ms", "index_micros", "method", "prev_seq", "seq", "series_id", "spot_series_id", "time_ms", "trade_qty", "trade_vwap_micros", "twap_mid_micros"]
    CUTOFF_AT_MS_FIELD_NUMBER: _ClassVar[int]
    INDEX_MICROS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SPOT_SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    TRADE_QTY_FIELD_NUMBER: _ClassVar[int]
    TRADE_VWAP_MICROS_FIELD_NUMBER: _ClassVar[int]
    TWAP_MID_MICROS_FIELD_NUMBER: _ClassVar[int]
    cutoff_at_ms: int
    index_micros: int
    method: SettlementIndexMethod
    prev_seq: int
    seq: int
    series_id: int
    spot_series_id: int
    time_ms: int
    trade_qty: int
    trade_vwap_micros: int
    twap_mid_micros: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., spot_series_id: _Optional[int] = ..., cutoff_at_ms: _Optional[int] = ..., index_micros: _Optional[int] = ..., method: _Optional[_Union[SettlementIndexMethod, str]] = ..., twap_mid_micros: _Optional[int] = ..., trade_vwap_micros: _Optional[int] = ..., trade_qty: _Optional[int] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class StreamPosition(_message.Message):
    __slots__ = ["channel", "seq"]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    channel: Channel
    seq: int
    def __init__(self, channel: _Optional[_Union[Channel, str]] = ..., seq: _Optional[int] = ...) -> None: ...

class Subscribe(_message.Message):
    __slots__ = ["channels", "contract", "series_id"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[Channel]
    contract: str
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[Channel, str]]] = ..., contract: _Optional[str] = ...) -> None: ...

class Subscribed(_message.Message):
    __slots__ = ["contract", "series_id", "streams"]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    STREAMS_FIELD_NUMBER: _ClassVar[int]
    contract: str
    series_id: int
    streams: _containers.RepeatedCompositeFieldContainer[StreamPosition]
    def __init__(self, series_id: _Optional[int] = ..., streams: _Optional[_Iterable[_Union[StreamPosition, _Mapping]]] = ..., contract: _Optional[str] = ...) -> None: ...

class SubscriptionCreated(_message.Message):
    __slots__ = ["auto_exercise", "budget_micros", "cap_price_micros", "contract", "delivery", "include_current", "max_skips", "qty_per_window", "trigger", "webhook_url"]
    AUTO_EXERCISE_FIELD_NUMBER: _ClassVar[int]
    BUDGET_MICROS_FIELD_NUMBER: _ClassVar[int]
    CAP_PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CURRENT_FIELD_NUMBER: _ClassVar[int]
    MAX_SKIPS_FIELD_NUMBER: _ClassVar[int]
    QTY_PER_WINDOW_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_URL_FIELD_NUMBER: _ClassVar[int]
    auto_exercise: bool
    budget_micros: int
    cap_price_micros: int
    contract: str
    delivery: SubscriptionDelivery
    include_current: bool
    max_skips: int
    qty_per_window: int
    trigger: SubscriptionTrigger
    webhook_url: str
    def __init__(self, contract: _Optional[str] = ..., qty_per_window: _Optional[int] = ..., cap_price_micros: _Optional[int] = ..., budget_micros: _Optional[int] = ..., trigger: _Optional[_Union[SubscriptionTrigger, str]] = ..., auto_exercise: bool = ..., max_skips: _Optional[int] = ..., delivery: _Optional[_Union[SubscriptionDelivery, str]] = ..., webhook_url: _Optional[str] = ..., include_current: bool = ...) -> None: ...

class SubscriptionExercised(_message.Message):
    __slots__ = ["exercise_id", "grants", "qty", "series_id"]
    EXERCISE_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    exercise_id: int
    grants: _containers.RepeatedCompositeFieldContainer[AccessGrant]
    qty: int
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., exercise_id: _Optional[int] = ..., qty: _Optional[int] = ..., grants: _Optional[_Iterable[_Union[AccessGrant, _Mapping]]] = ...) -> None: ...

class SubscriptionFilled(_message.Message):
    __slots__ = ["cost_micros", "qty", "requested_qty", "series_id", "spent_micros"]
    COST_MICROS_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_QTY_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SPENT_MICROS_FIELD_NUMBER: _ClassVar[int]
    cost_micros: int
    qty: int
    requested_qty: int
    series_id: int
    spent_micros: int
    def __init__(self, series_id: _Optional[int] = ..., requested_qty: _Optional[int] = ..., qty: _Optional[int] = ..., cost_micros: _Optional[int] = ..., spent_micros: _Optional[int] = ...) -> None: ...

class SubscriptionSkipped(_message.Message):
    __slots__ = ["ask_micros", "reason", "reject_reason", "series_id", "skips_in_row"]
    ASK_MICROS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REJECT_REASON_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SKIPS_IN_ROW_FIELD_NUMBER: _ClassVar[int]
    ask_micros: int
    reason: SkipReason
    reject_reason: RejectReason
    series_id: int
    skips_in_row: int
    def __init__(self, series_id: _Optional[int] = ..., reason: _Optional[_Union[SkipReason, str]] = ..., ask_micros: _Optional[int] = ..., reject_reason: _Optional[_Union[RejectReason, str]] = ..., skips_in_row: _Optional[int] = ...) -> None: ...

class SubscriptionStatusChanged(_message.Message):
    __slots__ = ["change", "status"]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    change: SubscriptionChange
    status: SubscriptionStatus
    def __init__(self, status: _Optional[_Union[SubscriptionStatus, str]] = ..., change: _Optional[_Union[SubscriptionChange, str]] = ...) -> None: ...

class SubscriptionUpdate(_message.Message):
    __slots__ = ["account_id", "created", "exercised", "filled", "seq", "skipped", "status_changed", "subscription_id", "time_ms"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    EXERCISED_FIELD_NUMBER: _ClassVar[int]
    FILLED_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    STATUS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    created: SubscriptionCreated
    exercised: SubscriptionExercised
    filled: SubscriptionFilled
    seq: int
    skipped: SubscriptionSkipped
    status_changed: SubscriptionStatusChanged
    subscription_id: int
    time_ms: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., subscription_id: _Optional[int] = ..., account_id: _Optional[int] = ..., created: _Optional[_Union[SubscriptionCreated, _Mapping]] = ..., filled: _Optional[_Union[SubscriptionFilled, _Mapping]] = ..., skipped: _Optional[_Union[SubscriptionSkipped, _Mapping]] = ..., exercised: _Optional[_Union[SubscriptionExercised, _Mapping]] = ..., status_changed: _Optional[_Union[SubscriptionStatusChanged, _Mapping]] = ...) -> None: ...

class SyntheticLiquidation(_message.Message):
    __slots__ = ["account_id", "broker_id", "locked_micros", "mark_micros", "owed_micros", "penalty_micros", "position_qty", "seq", "series_id", "time_ms"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_MICROS_FIELD_NUMBER: _ClassVar[int]
    MARK_MICROS_FIELD_NUMBER: _ClassVar[int]
    OWED_MICROS_FIELD_NUMBER: _ClassVar[int]
    PENALTY_MICROS_FIELD_NUMBER: _ClassVar[int]
    POSITION_QTY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    broker_id: int
    locked_micros: int
    mark_micros: int
    owed_micros: int
    penalty_micros: int
    position_qty: int
    seq: int
    series_id: int
    time_ms: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., series_id: _Optional[int] = ..., account_id: _Optional[int] = ..., broker_id: _Optional[int] = ..., position_qty: _Optional[int] = ..., mark_micros: _Optional[int] = ..., penalty_micros: _Optional[int] = ..., owed_micros: _Optional[int] = ..., locked_micros: _Optional[int] = ...) -> None: ...

class SyntheticMark(_message.Message):
    __slots__ = ["holders", "liquidations", "mark_at_ms", "mark_micros", "method", "prev_seq", "seq", "series_id", "time_ms"]
    HOLDERS_FIELD_NUMBER: _ClassVar[int]
    LIQUIDATIONS_FIELD_NUMBER: _ClassVar[int]
    MARK_AT_MS_FIELD_NUMBER: _ClassVar[int]
    MARK_MICROS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    holders: int
    liquidations: int
    mark_at_ms: int
    mark_micros: int
    method: SettlementIndexMethod
    prev_seq: int
    seq: int
    series_id: int
    time_ms: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., mark_at_ms: _Optional[int] = ..., mark_micros: _Optional[int] = ..., method: _Optional[_Union[SettlementIndexMethod, str]] = ..., holders: _Optional[int] = ..., liquidations: _Optional[int] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class SyntheticSettlement(_message.Message):
    __slots__ = ["account_id", "cost_micros", "haircut_micros", "index_micros", "payout_micros", "position_qty", "seq", "series_id", "shortfall_micros", "time_ms", "value_micros"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    COST_MICROS_FIELD_NUMBER: _ClassVar[int]
    HAIRCUT_MICROS_FIELD_NUMBER: _ClassVar[int]
    INDEX_MICROS_FIELD_NUMBER: _ClassVar[int]
    PAYOUT_MICROS_FIELD_NUMBER: _ClassVar[int]
    POSITION_QTY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    SHORTFALL_MICROS_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    VALUE_MICROS_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    cost_micros: int
    haircut_micros: int
    index_micros: int
    payout_micros: int
    position_qty: int
    seq: int
    series_id: int
    shortfall_micros: int
    time_ms: int
    value_micros: int
    def __init__(self, seq: _Optional[int] = ..., time_ms: _Optional[int] = ..., series_id: _Optional[int] = ..., account_id: _Optional[int] = ..., position_qty: _Optional[int] = ..., cost_micros: _Optional[int] = ..., index_micros: _Optional[int] = ..., payout_micros: _Optional[int] = ..., shortfall_micros: _Optional[int] = ..., haircut_micros: _Optional[int] = ..., value_micros: _Optional[int] = ...) -> None: ...

class Trade(_message.Message):
    __slots__ = ["prev_seq", "price_micros", "qty", "seq", "series_id", "taker_side", "time_ms", "trade_id"]
    PREV_SEQ_FIELD_NUMBER: _ClassVar[int]
    PRICE_MICROS_FIELD_NUMBER: _ClassVar[int]
    QTY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    TAKER_SIDE_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    TRADE_ID_FIELD_NUMBER: _ClassVar[int]
    prev_seq: int
    price_micros: int
    qty: int
    seq: int
    series_id: int
    taker_side: Side
    time_ms: int
    trade_id: int
    def __init__(self, series_id: _Optional[int] = ..., seq: _Optional[int] = ..., trade_id: _Optional[int] = ..., price_micros: _Optional[int] = ..., qty: _Optional[int] = ..., taker_side: _Optional[_Union[Side, str]] = ..., time_ms: _Optional[int] = ..., prev_seq: _Optional[int] = ...) -> None: ...

class Trades(_message.Message):
    __slots__ = ["trades"]
    TRADES_FIELD_NUMBER: _ClassVar[int]
    trades: _containers.RepeatedCompositeFieldContainer[Trade]
    def __init__(self, trades: _Optional[_Iterable[_Union[Trade, _Mapping]]] = ...) -> None: ...

class Unsubscribe(_message.Message):
    __slots__ = ["channels", "contract", "series_id"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[Channel]
    contract: str
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[Channel, str]]] = ..., contract: _Optional[str] = ...) -> None: ...

class Unsubscribed(_message.Message):
    __slots__ = ["channels", "contract", "series_id"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[Channel]
    contract: str
    series_id: int
    def __init__(self, series_id: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[Channel, str]]] = ..., contract: _Optional[str] = ...) -> None: ...

class Side(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class OrderType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TimeInForce(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SelfTradePrevention(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MassCancelScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SeriesKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SeriesStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ExecType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class OrdStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CancelReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class RejectReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ErrorCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class OrganisationRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SettlementIndexMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SubscriptionTrigger(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SubscriptionDelivery(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SubscriptionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SubscriptionChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SkipReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
