/**
 * The user's own Instagram account: `personal_information.json` (2021+)
 * `{"profile_user": [{"string_map_data": {"Username": {"value"}, "Name": {"value"}}}]}`, or the
 * 2018-20 `profile.json` `{"username", "name"}`. The `string_map_data` labels are localized
 * (reference/formats.md section 3.3); the English ones are tried first, then a few translations.
 */
import type { Account } from '../../model/types.js';
import { asRecord, asText, readMetaJson } from '../meta/json.js';
import type { ParseContext } from '../types.js';
import { INSTAGRAM_PROFILE, instagramEntries } from './files.js';

const USERNAME_LABELS = ['Username', "Nom d'utilisateur", 'Benutzername', 'Nombre de usuario', 'Gebruikersnaam', 'Nome utente'];
const NAME_LABELS = ['Name', 'Nom', 'Nombre', 'Naam', 'Nome'];

export function instagramAccount(json: unknown): Account | null {
  const root = asRecord(json);
  if (!root) return null;
  const users = Array.isArray(root.profile_user) ? root.profile_user : [];
  const map = asRecord(asRecord(users[0])?.string_map_data);
  const pick = (labels: readonly string[]): string | null => {
    for (const label of labels) {
      const value = asText(asRecord(map?.[label])?.value);
      if (value !== null) return value;
    }
    return null;
  };
  const username = map ? pick(USERNAME_LABELS) : asText(root.username);
  const displayName = map ? pick(NAME_LABELS) : asText(root.name);
  if (username === null && displayName === null) return null;
  return { platform: 'instagram', id: null, username, displayName };
}

export async function readInstagramAccount(context: ParseContext): Promise<Account | null> {
  for (const entry of instagramEntries(context.archive, INSTAGRAM_PROFILE)) {
    const account = instagramAccount(await readMetaJson(context, entry, { importance: 'extra', platformName: 'Instagram' }));
    if (account) return account;
  }
  return null;
}
