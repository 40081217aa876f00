/**
 * Actions as the journal holds them. An event carries the whole action on its first line; journals written
 * before actions became a union (version 1 still) hold the older flat shape
 * `{ key, type, target, list, contact, confidence }`, which is upgraded here so that `status`, reports and a
 * resumed run read both.
 */
import type { Confidence, ContactRef } from '../model/match.js';
import type { Platform } from '../model/types.js';
import { reasonFromJournal } from '../plan/reasons.js';
import type { Action, ActionState } from '../plan/types.js';
import type { JournalEvent } from './events.js';

/** The action an event describes: its own `action` (upgraded if old), else what the key and target say. */
export function actionOfEvent(e: JournalEvent): Action {
  const raw = e.action as unknown;
  if (isRecord(raw) && raw.key === e.key && raw.type === e.type) {
    const upgraded = upgradeAction(raw, e);
    if (upgraded) return upgraded;
  }
  return actionFromKey(e);
}

export function stateOfEvent(e: JournalEvent, action: Action): ActionState {
  return { action, status: e.status, reason: reasonFromJournal(e.reason, e.detail) };
}

function upgradeAction(raw: Record<string, unknown>, e: JournalEvent): Action | null {
  const contact = (isRecord(raw.contact) ? raw.contact : null) as ContactRef | null;
  const confidence = (typeof raw.confidence === 'string' ? raw.confidence : null) as Confidence | null;
  switch (e.type) {
    case 'follow':
    case 'block':
    case 'mute': {
      const handle = typeof raw.handle === 'string' ? raw.handle : typeof raw.target === 'string' ? raw.target : null;
      return handle === null ? null : { key: e.key, type: e.type, handle, contact, confidence };
    }
    case 'list_add': {
      const handle = typeof raw.handle === 'string' ? raw.handle : typeof raw.target === 'string' ? raw.target : null;
      const list = typeof raw.list === 'string' ? raw.list : listOfKey(e.key);
      return handle === null || list === null ? null : { key: e.key, type: 'list_add', list, handle, contact, confidence };
    }
    case 'post':
    case 'media':
    case 'video':
      // Post and media actions were never journaled in the old shape (they were only skipped): a record
      // with a `source` is the current shape.
      return isRecord(raw.source) ? (raw as unknown as Action) : null;
  }
}

/** A minimal action from the key alone, for events that carry none (later events of an action). */
function actionFromKey(e: JournalEvent): Action {
  switch (e.type) {
    case 'follow':
    case 'block':
    case 'mute':
      return { key: e.key, type: e.type, handle: e.target, contact: null, confidence: null };
    case 'list_add':
      return { key: e.key, type: 'list_add', list: listOfKey(e.key) ?? '', handle: e.target, contact: null, confidence: null };
    case 'post': {
      const [platform, id] = splitSource(e.target);
      return {
        key: e.key, type: 'post', source: { platform, id, createdAt: null, url: null }, part: 1, parts: 1, text: '',
        spoilerText: null, sensitive: false, visibility: 'unlisted', language: null, replyTo: null, media: [], backdateTo: null,
      };
    }
    case 'media': {
      const rest = e.key.split(':');
      return {
        key: e.key, type: 'media', source: { platform: (rest[1] ?? 'twitter') as Platform, postId: rest[2] ?? '' },
        archive: null, path: e.target, mediaType: 'other', alt: null, size: null,
      };
    }
    case 'video': {
      const [platform, id] = splitSource(e.target);
      return {
        key: e.key, type: 'video', source: { platform, id, createdAt: null, url: null }, archive: '', path: '', size: null,
        name: id, description: null, tags: [], privacy: 'unlisted', originallyPublishedAt: null, language: null, category: null, channel: '',
      };
    }
  }
}

/** `list_add:<list>:<handle>`: the list name may itself hold colons, the handle never does. */
function listOfKey(key: string): string | null {
  const rest = key.slice('list_add:'.length);
  const cut = rest.lastIndexOf(':');
  return cut > 0 ? rest.slice(0, cut) : null;
}

function splitSource(target: string): [Platform, string] {
  const cut = target.indexOf(':');
  return [(cut > 0 ? target.slice(0, cut) : 'twitter') as Platform, cut > 0 ? target.slice(cut + 1) : target];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
