/** Where the bench server's broker quotes every series: consumers' IOC buys at the ask trade, bids below it rest. */
export const BENCH_ASK_MICROS = 2_000_000;
export const BENCH_BID_MICROS = 1_800_000;
