/**
 * The vault's events as logs carry them, for the exchange's chain watcher (rpc-chain-view.ts) and
 * the client's deposits (src/client/deposit.ts) alike: no imports, so the web console's bundle
 * takes it too. Checked against the compiled contract in test/settlement/end-to-end.test.ts.
 */

/** topic0 of Deposited(address indexed depositor, uint256 amountWei, uint256 balanceWei) (contracts/PATXVault.sol). */
export const DEPOSITED_TOPIC = '0x73a19dd210f1a7f902193214c0ee91dd35ee5b4d920cba8d519eca65a7b488ca';
