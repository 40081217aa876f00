/**
 * Meta timestamps: Unix seconds in nearly every file (`timestamp`, `creation_timestamp`), milliseconds in
 * messages (`timestamp_ms`), ISO-like strings in the oldest Instagram files ("2018-11-03T12:34:56").
 * Zero means "unset" in Meta files and becomes null (toIsoUtc already treats 0 that way).
 */
import { toIsoUtc } from '../../model/dates.js';

/** The first of the record's fields (in the order given) that holds a real date, as ISO 8601 UTC. */
export function metaTime(record: Record<string, unknown> | null, ...fields: string[]): string | null {
  if (!record) return null;
  for (const field of fields) {
    const iso = toIsoUtc(record[field]);
    if (iso !== null) return iso;
  }
  return null;
}

/** The earlier of two ISO dates, either of which may be null. */
export function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}
