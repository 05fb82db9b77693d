/**
 * The access grant's EIP-712 field list and the zero address, without ethers: the grants
 * commitment (commitment.ts) and the grants of an exercise (issue.ts) need these and no
 * signing, and `patx reconcile` loads them offline (grant.ts signs and verifies with ethers).
 */

/** EIP-712's field shape (ethers' TypedDataField). */
export interface GrantTypeField {
  name: string;
  type: string;
}

export const GRANT_TYPES: Record<string, GrantTypeField[]> = {
  AccessGrant: [
    { name: 'grantId', type: 'uint64' },
    { name: 'consumer', type: 'address' },
    { name: 'provider', type: 'address' },
    { name: 'listingId', type: 'uint64' },
    { name: 'listingVersion', type: 'uint32' },
    { name: 'seriesId', type: 'uint64' },
    { name: 'windowOpenMs', type: 'uint64' },
    { name: 'windowCloseMs', type: 'uint64' },
    { name: 'quantity', type: 'uint64' },
    { name: 'expiresAtMs', type: 'uint64' },
    { name: 'nonce', type: 'uint64' },
  ],
};

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
