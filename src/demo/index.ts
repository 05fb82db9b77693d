/** Demo participants for a living market on first start (see demo-market.ts). */
export { consumerPurchase, consumerSeries, providerSale, restockNow, startDemoMarket, CONSUMER_LEAVES, type Best, type DemoMarket, type DemoMarketOptions } from './demo-market.js';
export { demoRecords, publishDemoListings, setDemoListingTerms, DEMO_PROVIDER_KEY } from './demo-listings.js';
