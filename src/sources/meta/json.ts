/**
 * Reading one Meta export file: JSON, with the mojibake repaired on every string and key.
 * A file that is not valid JSON (most often a download cut short) is either fatal or a warning,
 * as the caller decides: core lists are fatal (silently migrating half a follow list is worse than
 * stopping), extras such as the profile or the block list only warn.
 */
import { InputError } from '../../errors.js';
import type { ArchiveEntry } from '../../archive/types.js';
import type { ParseContext } from '../types.js';
import { repairDeep } from './mojibake.js';

/** How an entry is named in messages: the archive part as the user named it, then the path inside it. */
export function entryLabel(entry: ArchiveEntry): string {
  return `${entry.archive}: ${entry.path}`;
}

export type Importance = 'core' | 'extra';

export interface MetaJsonOptions {
  /** `core`: an unreadable file throws an InputError; `extra`: it is reported through context.warn. */
  importance: Importance;
  /** "Facebook" or "Instagram", for the message. */
  platformName: string;
}

/** The repaired JSON value of the entry, or null when an `extra` file could not be read (a warning is given). */
export async function readMetaJson(
  context: ParseContext,
  entry: ArchiveEntry,
  options: MetaJsonOptions,
): Promise<unknown> {
  let text: string;
  try {
    text = await context.archive.readText(entry);
  } catch (cause) {
    return fail(context, entry, options, `could not be read (${messageOf(cause)})`, cause);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const cut = text.trim() === '' ? 'is empty' : `is not valid JSON, perhaps cut short (${messageOf(cause)})`;
    return fail(context, entry, options, cut, cause);
  }
  return repairDeep(parsed);
}

function fail(
  context: ParseContext,
  entry: ArchiveEntry,
  options: MetaJsonOptions,
  what: string,
  cause: unknown,
): null {
  const message = `${options.platformName} export file ${entryLabel(entry)} ${what}.`;
  if (options.importance === 'core') {
    throw new InputError(message, {
      cause,
      file: entryLabel(entry),
      hint: 'Download the export again (every part of it) and run the same command with the new files.',
    });
  }
  context.warn({ file: entryLabel(entry), message: `${message} Skipped it.` });
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A plain (non-array) JSON object, or null. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A non-empty trimmed string, or null. */
export function asText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  return s === '' ? null : s;
}
