/**
 * The user's own account from `profile_information.json`: `{"profile": {...}}` (2018-22) or
 * `{"profile_v2": {...}}` (2023+), with `name.full_name`, `username` (newer) and `profile_uri`.
 */
import type { Account } from '../../model/types.js';
import { asRecord, asText, readMetaJson } from '../meta/json.js';
import type { ParseContext } from '../types.js';
import { FACEBOOK_PROFILE, facebookEntries } from './files.js';

export function facebookAccount(json: unknown): Account | null {
  const root = asRecord(json);
  const profile = asRecord(root?.profile_v2) ?? asRecord(root?.profile);
  if (!profile) return null;
  const displayName = asText(asRecord(profile.name)?.full_name) ?? asText(profile.name);
  const username = asText(profile.username) ?? usernameFromProfileUri(asText(profile.profile_uri));
  if (displayName === null && username === null) return null;
  return { platform: 'facebook', id: null, username, displayName };
}

/** "https://www.facebook.com/jane.doe" → "jane.doe"; numeric profile.php?id= URIs carry no username. */
function usernameFromProfileUri(uri: string | null): string | null {
  if (uri === null) return null;
  try {
    const url = new URL(uri);
    if (!/(^|\.)facebook\.com$/i.test(url.hostname)) return null;
    const first = url.pathname.split('/').filter(Boolean)[0];
    return first && first !== 'profile.php' ? decodeURIComponent(first) : null;
  } catch {
    return null;
  }
}

export async function readFacebookAccount(context: ParseContext): Promise<Account | null> {
  for (const entry of facebookEntries(context.archive, FACEBOOK_PROFILE)) {
    const json = await readMetaJson(context, entry, { importance: 'extra', platformName: 'Facebook' });
    const account = facebookAccount(json);
    if (account) return account;
  }
  return null;
}
