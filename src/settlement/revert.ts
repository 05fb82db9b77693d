/** Decodes a revert carried by an ethers error against every settlement contract's custom errors. */
import { Interface, type InterfaceAbi } from 'ethers';
import { artifact } from './contracts/artifacts.js';
import { CONTRACT_NAMES } from './contracts/compile.js';

let errors: Interface | undefined;

function allErrors(): Interface {
  errors ??= new Interface(
    CONTRACT_NAMES.flatMap((n) => (artifact(n).abi as Array<{ type: string }>).filter((f) => f.type === 'error')) as InterfaceAbi,
  );
  return errors;
}

export interface DecodedRevert {
  name: string;
  args: unknown[];
}

/** The custom error in an ethers error (looked for through nested `error`/`info.error`), if any. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 6; depth++) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
      const parsed = allErrors().parseError(data);
      return parsed === null ? undefined : { name: parsed.name, args: [...parsed.args] };
    }
    e = (e as { error?: unknown }).error ?? (e as { info?: { error?: unknown } }).info?.error;
  }
  return undefined;
}
