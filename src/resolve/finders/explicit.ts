/**
 * The explicit finder: handles and profile URLs the contact wrote about themselves, in the display name
 * (where many people put `@user@host` in 2022), bio, location, website and profile URL. Offline.
 * Direct messages are out of scope: they are not the contact's public words.
 */
import type { Confidence } from '../../model/match.js';
import type { Contact } from '../../model/types.js';
import { findHandlesInText, formatHandle, handleFromProfileUrl, parseHandle } from '../handles.js';
import type { Candidate, Finder } from './types.js';

export function explicitFinder(): Finder {
  return { name: 'explicit', stage: 1, find: async (contact) => explicitCandidates(contact) };
}

export function explicitCandidates(contact: Contact): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (handle: string, detail: string, base: Confidence = 'high') => {
    const key = handle.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ handle, finder: 'explicit', detail, base });
  };
  // A Mastodon export names contacts by their full handle already.
  if (contact.platform === 'mastodon' && contact.username) {
    const h = parseHandle(contact.username);
    if (h) add(formatHandle(h), `the ${contact.platform} export names ${contact.username}`);
  }
  for (const f of findHandlesInText(contact.displayName)) add(formatHandle(f.handle), `display name says ${f.text}`);
  // A bio also names other people ("married to @bob@x.y"): there a handle is `high` only when it looks
  // like the contact's own (similar name) or the bio says it is (a single handle after "moved to",
  // "find me", an elephant...); any other handle is `medium`, reported but not followed by default.
  for (const [field, text] of [['bio', contact.bio], ['location', contact.location]] as const) {
    const found = findHandlesInText(text);
    for (const f of found) {
      const own = resemblesContact(f.handle.user, contact) || (found.length === 1 && saysItIsOwn(text ?? '', f.text));
      add(formatHandle(f.handle), `${field} says ${f.text}`, own ? 'high' : 'medium');
    }
  }
  for (const url of [...contact.urls, ...(contact.profileUrl ? [contact.profileUrl] : [])]) {
    const h = handleFromProfileUrl(url);
    if (h) add(formatHandle(h), `${url === contact.profileUrl ? 'profile URL' : 'website'} is ${url}`);
  }
  return out;
}

const OWN_CUES = /(?:\b(?:moved|now|also|find me|me)(?:\s+(?:to|at|on|here))?|\bmastodon|\bfediverse|\bfedi|\u{1F418}|\u{1F9A3}|\u{1F449}|\u2192|:)\s*$/iu;

function saysItIsOwn(text: string, written: string): boolean {
  const at = text.indexOf(written.replace(/^@/, ''));
  const before = text.slice(Math.max(0, at - 40), at).replace(/[@\s]+$/, '');
  return OWN_CUES.test(before);
}

/** The handle's user part looks like the contact's username or name (case, punctuation and digits aside). */
export function resemblesContact(user: string, contact: Contact): boolean {
  const norm = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  const u = norm(user);
  if (u.length < 3) return false;
  const names = [contact.username ?? '', ...(contact.displayName ?? '').split(/\s+/), (contact.displayName ?? '')]
    .map(norm).filter((n) => n.length >= 3);
  return names.some((n) => n === u || n.includes(u) || u.includes(n));
}
