/**
 * Where the sandbox (`npm run sandbox`, PATX_PROFILE=sandbox) keeps its state and listens:
 * apart from `npm start`'s, so both run at once. A module of constants only, so the CLI can
 * default to the sandbox's places without loading the sandbox's profile (and the engine).
 */
export const SANDBOX_DATA_DIR = './data-sandbox';
export const SANDBOX_PORTS = { gateway: 8580, marketData: 8581, providerServer: 8590, chain: 8645 } as const;
