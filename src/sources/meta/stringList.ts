/**
 * The three shapes Meta uses for "a list of people" (reference/formats.md sections 2.1, 3.2, 3.3):
 *
 *   1. `{ "title": "", "string_list_data": [{ "href", "value", "timestamp" }] }`  the value holds the name
 *   2. `{ "title": "<name>", "string_list_data": [{ "href": ".../_u/<name>", "timestamp" }] }`  no value
 *   3. `{ "timestamp", "media": [], "label_values": [{ "label": "Username", "value" }, ...], "fbid" }`
 *      the generic record Meta has been moving files to since 2025
 *
 * All three coexist inside one export. This module only reads them into one flat record; what the
 * fields mean (an Instagram username, a Facebook display name) is for the platform module to say.
 */
import { asRecord, asText } from './json.js';
import { metaTime } from './time.js';

export interface ListedItem {
  title: string | null;
  value: string | null;
  href: string | null;
  timestamp: string | null;
  /** `label_values` as label → value (the labels are English in every export seen; others are kept as is). */
  labels: Map<string, string>;
  /** Hrefs given by `label_values` entries. */
  labelHrefs: string[];
  fbid: string | null;
}

/** One list item in any of the three shapes, or null when it has none of their fields. */
export function readListedItem(item: unknown): ListedItem | null {
  const record = asRecord(item);
  if (!record) return null;
  const listed: ListedItem = {
    title: asText(record.title),
    value: null,
    href: null,
    timestamp: metaTime(record, 'timestamp'),
    labels: new Map(),
    labelHrefs: [],
    fbid: asText(record.fbid) ?? (typeof record.fbid === 'number' ? String(record.fbid) : null),
  };
  const strings = Array.isArray(record.string_list_data) ? record.string_list_data : [];
  for (const s of strings) {
    const data = asRecord(s);
    if (!data) continue;
    listed.value ??= asText(data.value);
    listed.href ??= asText(data.href);
    listed.timestamp ??= metaTime(data, 'timestamp');
  }
  const labels = Array.isArray(record.label_values) ? record.label_values : [];
  for (const l of labels) {
    const data = asRecord(l);
    if (!data) continue;
    const label = asText(data.label);
    const value = asText(data.value);
    if (label !== null && value !== null && !listed.labels.has(label)) listed.labels.set(label, value);
    const href = asText(data.href);
    if (href !== null) listed.labelHrefs.push(href);
  }
  const empty = listed.title === null && listed.value === null && listed.href === null
    && listed.labels.size === 0 && listed.labelHrefs.length === 0;
  return empty ? null : listed;
}

/**
 * The items of a list file: a bare array, a bare single generic record (Instagram 2026
 * `blocked_profiles.json` with one entry), or an object whose value under one of `keys` is the array.
 * Returns null when the value has none of these shapes.
 */
export function listItems(value: unknown, keys: readonly string[]): unknown[] | null {
  if (Array.isArray(value)) return value;
  const record = asRecord(value);
  if (!record) return null;
  for (const key of keys) {
    const list = record[key];
    if (Array.isArray(list)) return list;
    // Meta writes a list that has no entries in some files as null.
    if (key in record && list === null) return [];
  }
  if (Array.isArray(record.label_values) || Array.isArray(record.string_list_data)) return [record];
  return null;
}
