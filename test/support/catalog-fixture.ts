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
