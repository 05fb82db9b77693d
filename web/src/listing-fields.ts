/**
 * The listing form's fields, in the order the form shows them, each with the label it has there
 * and what the label adds in brackets. The form renders these labels and every problem names its
 * field by the same words (listing-problems.ts), so a message says what the provider sees.
 */
import { DEFAULT_MAX_SAMPLE_BYTES } from '../../src/catalog/data-schema.js';

export const LISTING_FIELDS = [
  'segment',
  'title',
  'cadence',
  'deliveryEndpoint',
  'description',
  'columns',
  'timestampColumn',
  'keyColumns',
  'source',
  'collectionMethod',
  'legalBasis',
  'personalData',
  'permittedUses',
  'retentionDays',
  'redistribution',
  'changeLog',
  'sample',
] as const;
export type ListingField = (typeof LISTING_FIELDS)[number];

/** Bytes as a person reads a file's size: 10 MiB, 512 KiB. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

/** Each field's label on the form, and the hint the form shows after it. */
export const FIELD_LABELS: Record<ListingField, { label: string; hint?: string }> = {
  segment: { label: 'Segment' },
  title: { label: 'Title' },
  cadence: { label: 'Cadence' },
  deliveryEndpoint: { label: 'Delivery endpoint', hint: 'your gate' },
  description: { label: 'Description' },
  columns: { label: 'Columns', hint: 'one per line: name: type, ? for nullable' },
  timestampColumn: { label: 'Timestamp column' },
  keyColumns: { label: 'Key columns', hint: 'comma-separated' },
  source: { label: 'Source' },
  collectionMethod: { label: 'Collection method' },
  legalBasis: { label: 'Legal basis' },
  personalData: { label: 'Personal data' },
  permittedUses: { label: 'Permitted uses' },
  retentionDays: { label: 'Retention (days)' },
  redistribution: { label: 'Redistribution allowed' },
  changeLog: { label: 'What changed', hint: 'change log' },
  sample: { label: 'Sample', hint: `.csv, .jsonl, .parquet; at most ${sizeText(DEFAULT_MAX_SAMPLE_BYTES)}` },
};

/** The label of a field as a problem names it. */
export function labelOf(field: ListingField): string {
  return FIELD_LABELS[field].label;
}
