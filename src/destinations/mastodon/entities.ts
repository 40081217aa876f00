/**
 * Reading the Mastodon API's JSON entities defensively: a server is untrusted input, and the many
 * servers that speak this API (snac, GoToSocial, Pleroma, ...) each leave out different fields.
 * Field names per docs content/en/entities/{Account,Relationship,List}.md.
 */
import { decodeHTML } from 'entities';
import type { RemoteAccount, RemoteList, RemoteMedia, RemoteRelationship, RemoteStatus } from '../types.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function readAccount(v: unknown): RemoteAccount | null {
  if (!isObject(v)) return null;
  const id = idOf(v.id);
  const acct = typeof v.acct === 'string' ? v.acct : typeof v.username === 'string' ? v.username : null;
  if (id === null || acct === null) return null;
  return { id, acct, locked: v.locked === true };
}

export function readAccounts(v: unknown): RemoteAccount[] | null {
  if (!Array.isArray(v)) return null;
  return v.map(readAccount).filter((a): a is RemoteAccount => a !== null);
}

export function readRelationship(v: unknown): RemoteRelationship | null {
  if (!isObject(v)) return null;
  const id = idOf(v.id);
  if (id === null) return null;
  return {
    id,
    following: v.following === true,
    requested: v.requested === true,
    blocking: v.blocking === true,
    muting: v.muting === true,
  };
}

export function readRelationships(v: unknown): RemoteRelationship[] | null {
  if (!Array.isArray(v)) return null;
  return v.map(readRelationship).filter((r): r is RemoteRelationship => r !== null);
}

export function readList(v: unknown): RemoteList | null {
  if (!isObject(v)) return null;
  const id = idOf(v.id);
  if (id === null || typeof v.title !== 'string') return null;
  return { id, title: v.title };
}

export function readLists(v: unknown): RemoteList[] | null {
  if (!Array.isArray(v)) return null;
  return v.map(readList).filter((l): l is RemoteList => l !== null);
}

/** The `error` (and `error_description`) of Mastodon's Error entity, when the body is one. */
export function readErrorMessage(v: unknown): string | null {
  if (!isObject(v)) return null;
  const parts = [v.error, v.error_description].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length ? parts.join(': ').slice(0, 300) : null;
}

export { isObject };

/**
 * A Status (docs: entities/Status.md); its text is the plain-text source `text` where the server gives it
 * (snac and GoToSocial do for one's own statuses), else the HTML `content` as plain text. The source comes
 * first because `content` is not always HTML made from the text: snac puts the text in unescaped, so
 * "a < b and b > c" reads as a tag and would lose its middle. A ScheduledStatus is not a Status.
 */
export function readStatus(v: unknown): RemoteStatus | null {
  if (!isObject(v)) return null;
  const id = idOf(v.id);
  if (id === null || typeof v.created_at !== 'string') return null;
  const media = Array.isArray(v.media_attachments) ? v.media_attachments.map((m) => (isObject(m) ? idOf(m.id) : null)) : [];
  return {
    id,
    createdAt: v.created_at,
    inReplyToId: idOf(v.in_reply_to_id),
    text: typeof v.text === 'string' && v.text.trim() !== '' ? v.text : typeof v.content === 'string' ? htmlToText(v.content) : '',
    mediaIds: media.filter((m): m is string => m !== null),
    visibility: typeof v.visibility === 'string' ? v.visibility : null,
  };
}

export function readStatuses(v: unknown): RemoteStatus[] | null {
  if (!Array.isArray(v)) return null;
  return v.map(readStatus).filter((s): s is RemoteStatus => s !== null);
}

/** A MediaAttachment (docs: entities/MediaAttachment.md): ready once the server gives its `url`. */
export function readMedia(v: unknown, processing: boolean): RemoteMedia | null {
  if (!isObject(v)) return null;
  const id = idOf(v.id);
  if (id === null) return null;
  return { id, ready: !processing && (typeof v.url === 'string' || v.url === undefined) };
}

/** Status HTML as text: line breaks and paragraphs kept as newlines, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text).trim();
}
