/** Small builders for planner, report and CSV tests: a model with contacts and their matches. */
import type { Clock } from '../../src/clock.js';
import type { Confidence, Match, MatchStatus } from '../../src/model/match.js';
import type { Contact, Model, Platform, Relation } from '../../src/model/types.js';
import type { ExistingState } from '../../src/plan/types.js';
import type { PlanOptions } from '../../src/plan/planActions.js';

export function contact(platform: Platform, username: string, relations: Relation[], extra: Partial<Contact> = {}): Contact {
  return {
    platform, id: `id-${username}`, username, displayName: username.toUpperCase(), profileUrl: null, bio: null,
    urls: [], location: null, relations, since: null, ...extra,
  };
}

export function model(contacts: Contact[]): Model {
  const platforms = [...new Set(contacts.map((c) => c.platform))];
  return { version: 1, sources: platforms.map((p) => ({ platform: p, files: ['export.zip'], layout: null })), account: null, contacts, posts: [] };
}

export function match(c: Contact, handle: string | null, confidence: Confidence | null, status: MatchStatus = 'found', extra: Partial<Match> = {}): Match {
  return {
    contact: { platform: c.platform, id: c.id, username: c.username, displayName: c.displayName },
    status, handle, actor: handle ? `https://${handle.split('@')[1]}/users/${handle.split('@')[0]}` : null,
    confidence, evidence: handle ? [{ finder: 'guess', verifier: 'backlink', detail: `profile links https://twitter.com/${c.username}` }] : [],
    movedFrom: null, locked: false, ...extra,
  };
}

export function emptyExisting(): ExistingState {
  return { following: new Set(), blocked: new Set(), muted: new Set(), lists: new Map() };
}

export function options(extra: Partial<PlanOptions> = {}): PlanOptions {
  return { minConfidence: 'high', follows: true, followFollowers: false, blocks: false, mutes: false, lists: false, followLimit: 7500, ...extra };
}

export function fixedClock(iso = '2024-05-01T10:00:00.000Z'): Clock & { advance(ms: number): void } {
  let now = Date.parse(iso);
  return { now: () => now, sleep: async (ms) => { now += ms; }, advance: (ms) => { now += ms; } };
}
