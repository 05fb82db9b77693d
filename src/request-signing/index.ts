/**
 * Wallet-signed HTTP requests: the text a wallet signs and the headers that carry it
 * (request-signature.ts). No Node module and nothing of the exchange: the client, the web
 * console, the intake (which hashes bodies) and the gateway (which checks) share one definition.
 */
export { contentSha256, newRequestNonce, NONCE_PATTERN, REQUEST_SIGNATURE_VERSION_LINE, requestSignText, signRequestHeaders, type RequestSigner, type SignedRequestFields } from './request-signature.js';
