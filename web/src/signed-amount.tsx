/**
 * A signed PAT amount in a table cell, drawn one way across the console (the statement, transfers, cash settlements):
 * + for what came in, − (U+2212) for what went out, green and red as the console's changes; no sign for 0.
 */
import type { ComponentChildren } from 'preact';
import { pat } from './format.js';

/** `text` is the amount without its sign (PAT as format.ts writes it); `sign` says which way it went; `children` follow it (a note). */
export function SignedCell({ sign, text, testid, title, children }: { sign: number; text: string; testid: string; title?: string; children?: ComponentChildren }) {
  const cls = sign > 0 ? 'num change-up' : sign < 0 ? 'num change-down' : 'num';
  return (
    <td class={cls} data-testid={testid} title={title}>
      {sign > 0 ? '+' : sign < 0 ? '−' : ''}
      {text}
      {children}
    </td>
  );
}

/** A signed amount of µPAT. */
export function SignedPat({ micros, testid, title, children }: { micros: number; testid: string; title?: string; children?: ComponentChildren }) {
  return (
    <SignedCell sign={Math.sign(micros)} text={pat(Math.abs(micros))} testid={testid} {...(title === undefined ? {} : { title })}>
      {children}
    </SignedCell>
  );
}
