/**
 * Collecting contacts from several lists (friends, following, followers, blocked...) into one contact
 * per platform identity with all its relations merged (DESIGN.md section 3).
 */
import type { Contact, Platform, Relation } from '../../model/types.js';
import { earlier } from './time.js';

export interface ContactFields {
  id?: string | null;
  username?: string | null;
  displayName?: string | null;
  profileUrl?: string | null;
  bio?: string | null;
  urls?: string[];
  location?: string | null;
}

export class ContactBook {
  private readonly byKey = new Map<string, Contact>();

  /**
   * Adds one relation of one identity. `key` identifies the person within the platform (a lower-cased
   * username, or for Facebook a name with its occurrence number); fields fill what is still null.
   */
  add(platform: Platform, key: string, fields: ContactFields, relation: Relation, since: string | null): void {
    const fullKey = `${platform}\u0000${key}`;
    let contact = this.byKey.get(fullKey);
    if (!contact) {
      contact = {
        platform, id: null, username: null, displayName: null, profileUrl: null, bio: null,
        urls: [], location: null, relations: [], since: null,
      };
      this.byKey.set(fullKey, contact);
    }
    contact.id ??= fields.id ?? null;
    contact.username ??= fields.username ?? null;
    contact.displayName ??= fields.displayName ?? null;
    contact.profileUrl ??= fields.profileUrl ?? null;
    contact.bio ??= fields.bio ?? null;
    contact.location ??= fields.location ?? null;
    for (const url of fields.urls ?? []) if (!contact.urls.includes(url)) contact.urls.push(url);
    if (!contact.relations.includes(relation)) contact.relations.push(relation);
    contact.since = earlier(contact.since, since);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Contacts in the order they were first seen. */
  contacts(): Contact[] {
    return [...this.byKey.values()];
  }

  contactsOf(platform: Platform): Contact[] {
    return this.contacts().filter((c) => c.platform === platform);
  }
}
