import { render } from 'preact';
import { App } from './app.js';
import { market } from './market.js';
import './styles.css';
import { labelTableCells } from './table-labels.js';

void market.start().catch((error: unknown) => {
  market.error = `could not load the market (${error instanceof Error ? error.message : String(error)})`;
});
const root = document.getElementById('app')!;
render(<App />, root);
labelTableCells(root);
