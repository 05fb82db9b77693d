/** How the console writes a contract's key in a table cell. */
import { Fragment } from 'preact';

/** A contract ('SEGMENT|WINDOW|LO-HI') that wraps in a narrow table between its parts, never inside one. */
export function ContractName({ contract }: { contract: string }) {
  return (
    <>
      {contract.split('|').map((part, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              |<wbr />
            </>
          )}
          <span class="acct-contract-part">{part}</span>
        </Fragment>
      ))}
    </>
  );
}
