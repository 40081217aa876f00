/**
 * The journal's line format (DESIGN.md section 6), version 1. One JSON object per line:
 * - line 1, the header: `{"format":"leave-platform-journal","v":1,"createdAt":...,"destination":...,"fingerprint":...}`;
 * - then events: `{"v":1,"at":ISO,"key":...,"type":...,"target":...,"status":...,"reason"?,"detail"?,"remoteId"?,"action"?}`
 *   (`reason` is a code from src/plan/reasons.ts; journals written before codes hold a sentence there, read as
 *   the detail of `other`; an `action` of the older flat shape is upgraded on reading: src/journal/actions.ts);
 * - and repair markers `{"v":1,"at":ISO,"repair":"..."}`, written right after a line that an interruption
 *   cut off, so that replay knows that line is to be ignored (the file itself is never rewritten).
 */
import { ACTION_STATUSES, ACTION_TYPES, type Action, type ActionStatus, type ActionType } from '../plan/types.js';

export const JOURNAL_VERSION = 1 as const;
export const JOURNAL_FORMAT = 'leave-platform-journal' as const;


export interface JournalHeader {
  format: typeof JOURNAL_FORMAT;
  v: typeof JOURNAL_VERSION;
  createdAt: string;
  destination: string | null;
  fingerprint: string | null;
}

export interface JournalEvent {
  v: typeof JOURNAL_VERSION;
  at: string;
  key: string;
  type: ActionType;
  target: string;
  status: ActionStatus;
  /** A reason code (src/plan/reasons.ts); a sentence in journals from before codes. */
  reason?: string | null;
  /** A technical detail for the reason (the server's own message). */
  detail?: string | null;
  /** The server's id for what was made or acted on (account id, status id, media id). */
  remoteId?: string | null;
  /** The whole action, usually on its first event, so that `status` and reports can show the contact. */
  action?: Action;
}

/** What callers pass to `append`: the journal stamps `v` and `at` unless given. */
export type JournalEventInput = Omit<JournalEvent, 'v' | 'at'> & Partial<Pick<JournalEvent, 'v' | 'at'>>;

export interface RepairMarker {
  v: typeof JOURNAL_VERSION;
  at: string;
  repair: string;
}

export type ParsedLine =
  | { kind: 'event'; event: JournalEvent }
  | { kind: 'repair'; marker: RepairMarker }
  | { kind: 'newer'; version: number }
  | { kind: 'corrupt'; why: string };

export function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'corrupt', why: 'not JSON' };
  }
  if (!isRecord(value)) return { kind: 'corrupt', why: 'not a JSON object' };
  if (typeof value.v === 'number' && value.v > JOURNAL_VERSION) return { kind: 'newer', version: value.v };
  if (value.v !== JOURNAL_VERSION) return { kind: 'corrupt', why: 'no version' };
  if (typeof value.at !== 'string') return { kind: 'corrupt', why: 'no time' };
  if (typeof value.repair === 'string') return { kind: 'repair', marker: value as unknown as RepairMarker };
  const why = eventProblem(value);
  return why === null ? { kind: 'event', event: value as unknown as JournalEvent } : { kind: 'corrupt', why };
}

/** Why a record is not a valid event, or null. */
export function eventProblem(value: Record<string, unknown>): string | null {
  if (typeof value.key !== 'string' || value.key === '') return 'no key';
  if (!(ACTION_TYPES as readonly string[]).includes(value.type as string)) return `unknown type ${JSON.stringify(value.type)}`;
  if (typeof value.target !== 'string') return 'no target';
  if (!ACTION_STATUSES.includes(value.status as ActionStatus)) return `unknown status ${JSON.stringify(value.status)}`;
  if (value.reason !== undefined && value.reason !== null && typeof value.reason !== 'string') return 'bad reason';
  if (value.detail !== undefined && value.detail !== null && typeof value.detail !== 'string') return 'bad detail';
  if (value.remoteId !== undefined && value.remoteId !== null && typeof value.remoteId !== 'string') return 'bad remoteId';
  if (value.action !== undefined) {
    const a = value.action;
    if (!isRecord(a) || a.key !== value.key || typeof a.type !== 'string') return 'bad action';
  }
  return null;
}

export type ParsedHeader = { kind: 'header'; header: JournalHeader } | { kind: 'newer'; version: number } | { kind: 'corrupt' };

export function parseHeader(line: string): ParsedHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'corrupt' };
  }
  if (!isRecord(value) || value.format !== JOURNAL_FORMAT || typeof value.v !== 'number') return { kind: 'corrupt' };
  if (value.v > JOURNAL_VERSION) return { kind: 'newer', version: value.v };
  if (value.v !== JOURNAL_VERSION) return { kind: 'corrupt' };
  return { kind: 'header', header: value as unknown as JournalHeader };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
