import { render } from 'preact';
import { App } from './app.js';
import { market } from './market.js';
import './styles.css';

void market.start().catch((error: unknown) => {
  market.error = `could not load the market (${error instanceof Error ? error.message : String(error)})`;
});
render(<App />, document.getElementById('app')!);
