/**
 * A listing as a provider sends it (POST /v1/provider/listings), and the CSV
 * sample behind it: fresh timestamps, optionally with nulls or duplicate ids.
 */
export function csv(rows: number, opts: { nulls?: boolean; duplicates?: boolean } = {}): string {
  const lines = ['id,seen,city,score'];
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    const id = opts.duplicates === true ? i % 3 : i;
    const city = opts.nulls === true && i % 2 === 0 ? '' : ['oslo', 'lima', 'kyiv'][i % 3];
    lines.push(`${id},${new Date(now - i * 60_000).toISOString()},${city},${(i % 10) / 10}`);
  }
  return `${lines.join('\n')}\n`;
}

export function listingInput(over: Record<string, unknown> = {}, sample = csv(50)): Record<string, unknown> {
  return {
    segment: 'AUTO_INTENT',
    title: 'Test intent <b>signals</b>',
    description: 'In-market signals for testing, measured on a sample of fifty rows with fresh timestamps.',
    schema: {
      columns: [
        { name: 'id', type: 'integer', nullable: false, description: 'record id' },
        { name: 'seen', type: 'timestamp', description: 'when seen' },
        { name: 'city', type: 'string', description: 'city' },
        { name: 'score', type: 'number', description: 'score' },
      ],
      timestampColumn: 'seen',
      keyColumns: ['id'],
    },
    provenance: { source: 'first-party events', collectionMethod: 'page tags', legalBasis: 'consent', personalData: false },
    licence: { permittedUses: ['analytics'], retentionDays: 30, redistribution: false },
    cadence: 'daily',
    deliveryEndpoint: 'https://provider.example/records',
    changeLog: 'v1',
    sample: { format: 'csv', base64: Buffer.from(sample).toString('base64') },
    ...over,
  };
}

const hex = (c: string): string => c.repeat(64);

/** A model feed's disclosures as a provider posts them (docs/catalog.md, "Model feeds"). */
export function modelFeedBlock(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    modelCard: {
      modelId: 'auto-intent-momentum',
      summary: 'Predicts the next ten minutes of the AUTO_INTENT spot price from its own order flow, for traders of intent rights.',
      method: 'Gradient-boosted trees on order-flow features, trained walk-forward with monthly refits.',
      inputs: 'The exchange trades and candles, point-in-time.',
      limitations: 'Thin markets; regime changes.',
      riskStatement: 'Past performance does not guarantee future results; signals can lose money.',
    },
    lineage: { packSha: hex('a'), indicatorSetSha: hex('b'), modelConfigSha: hex('c'), policySha: hex('d') },
    target: { kind: 'external', description: '10-minute forward return of the AUTO_INTENT index' },
    horizonMs: 600_000,
    outcomeGraceMs: 86_400_000,
    notionalPat: '100',
    backtest: {
      fromMs: Date.UTC(2025, 0, 1),
      toMs: Date.UTC(2025, 11, 31),
      signals: 500,
      meanNetBps: 4.2,
      stdevNetBps: 30,
      hitRate: 0.54,
      maxDrawdownBps: 350,
      feesBps: 1.5,
      curve: [
        { atMs: Date.UTC(2025, 0, 1), cumulativeNetBps: 0 },
        { atMs: Date.UTC(2025, 11, 31), cumulativeNetBps: 2100 },
      ],
    },
    ...over,
  };
}

/** A model feed's sample: signals in the required columns. */
export function signalCsv(rows: number, instrument = '1'): string {
  const lines = ['signal_id,signal_time,instrument,position'];
  const now = Date.now();
  for (let i = 0; i < rows; i++) lines.push(`s-${i},${new Date(now - i * 60_000).toISOString()},${instrument},${i % 2 === 0 ? 1 : -0.5}`);
  return `${lines.join('\n')}\n`;
}

/** A model-feed listing as a provider sends it. */
export function modelFeedInput(over: Record<string, unknown> = {}, feed: Record<string, unknown> = {}): Record<string, unknown> {
  return listingInput(
    {
      kind: 'model-feed',
      title: 'AUTO_INTENT momentum signals',
      schema: {
        columns: [
          { name: 'signal_id', type: 'string', nullable: false, description: 'the signal id' },
          { name: 'signal_time', type: 'timestamp', nullable: false, description: 'when the model signalled' },
          { name: 'instrument', type: 'string', nullable: false, description: 'the series id' },
          { name: 'position', type: 'number', nullable: false, description: 'recommended exposure, -1..1' },
        ],
        timestampColumn: 'signal_time',
        keyColumns: ['signal_id'],
      },
      cadence: 'realtime',
      modelFeed: modelFeedBlock(feed),
      ...over,
    },
    signalCsv(50),
  );
}
