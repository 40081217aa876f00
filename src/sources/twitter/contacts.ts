/**
 * Contacts from the relation files: following.js, follower.js, block.js, mute.js (and their parts), merged per
 * account id, with names recovered from the user's tweets (names.ts). Each record holds only `accountId`
 * (+ `userLink` since about 2020), so everything else stays null unless recovered (reference/formats.md 1.2).
 *
 * Lists: lists-created.js / lists-member.js / lists-subscribed.js hold list URLs only, never who is on the
 * user's lists, so no `list:<name>` relation can be derived from a Twitter archive.
 */
import type { Contact, Relation } from '../../model/types.js';
import { asObject, stringOrNull } from './files.js';
import type { NameBook } from './names.js';

/** Relation file type -> the record's wrapper key and the relation it gives. */
export const RELATION_FILES = {
  following: { wrapper: 'following', relation: 'following' },
  follower: { wrapper: 'follower', relation: 'follower' },
  block: { wrapper: 'blocking', relation: 'blocked' },
  mute: { wrapper: 'muting', relation: 'muted' },
} as const satisfies Record<string, { wrapper: string; relation: Relation }>;
export type RelationFile = keyof typeof RELATION_FILES;

const RELATION_ORDER: Relation[] = ['following', 'follower', 'blocked', 'muted'];

/** The account id of one relation record (`{ "following": { accountId } }` or a bare `{ accountId }`), or null. */
export function relationAccountId(element: unknown, file: RelationFile): string | null {
  const outer = asObject(element);
  if (!outer) return null;
  const inner = asObject(outer[RELATION_FILES[file].wrapper]) ?? outer;
  const id = stringOrNull(inner['accountId']);
  return id !== null && /^\d+$/.test(id) ? id : null;
}

/** Contacts merged per account id, relations merged, in first-seen order. */
export class ContactBook {
  private readonly byId = new Map<string, Set<Relation>>();

  add(id: string, relation: Relation): void {
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(relation);
  }

  get size(): number {
    return this.byId.size;
  }

  toContacts(names: NameBook): Contact[] {
    const out: Contact[] = [];
    for (const [id, relations] of this.byId) {
      const { username, displayName } = names.get(id);
      out.push({
        platform: 'twitter',
        id,
        username,
        displayName,
        profileUrl: username === null ? null : `https://twitter.com/${username}`,
        bio: null,
        urls: [],
        location: null,
        relations: [...relations].sort((a, b) => RELATION_ORDER.indexOf(a) - RELATION_ORDER.indexOf(b)),
        since: null,
      });
    }
    return out;
  }
}
