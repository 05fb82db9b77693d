/** Washing (issue 73): accounts related on-chain to a provider do not raise its trust; the operator sees a flag. */
export { WalletLinks, MAX_LINKS_PER_ADDRESS, type TokenTransfer, type WalletLink, type LinkDirection } from './wallet-links.js';
export { relationOf, candidateWallets, type Relation, type RelationKind, type LinkReader } from './relation.js';
export { WashGuard, RATING_ALWAYS_COUNTS_AT_MOST, WASHING_REASON, type AccountWallets, type WashFlag, type WashLedger, type WashCatalog } from './guard.js';
export { TransferWatcher, type TransferWatcherDeps } from './transfer-watcher.js';
export { WASHING_OPERATIONS, washFlagsRoute, MAX_FLAGS_PAGE } from './routes.js';
export { startWashing, type Washing, type WashingDeps } from './start.js';
