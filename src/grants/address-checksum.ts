/**
 * EIP-55 checksummed addresses with the keccak package rather than ethers' getAddress, which
 * loads all of ethers (0.3–0.4 s of CPU) for a CLI call that needs nothing else of it.
 * Same results as getAddress for a 0x-prefixed 40-hex-digit address (test/grants/address-checksum.test.ts).
 */
import createKeccakHash from 'keccak';

/** `address` (0x + 40 hex digits) checksummed; a mixed-case address with a wrong checksum is refused, as getAddress refuses it. */
export function checksumAddress(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new TypeError(`not an address: ${address}`);
  const lower = address.slice(2).toLowerCase();
  const hash = createKeccakHash('keccak256').update(lower, 'ascii').digest('hex');
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  const body = address.slice(2);
  if (body !== body.toLowerCase() && body !== body.toUpperCase() && address !== out) throw new TypeError(`bad address checksum: ${address}`);
  return out;
}
