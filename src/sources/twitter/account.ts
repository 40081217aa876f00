/**
 * The archive owner's account: account.js (`{ "account": { accountId, username, accountDisplayName } }`),
 * falling back to the manifest's `userInfo` (`accountId`, `userName`, `displayName`).
 */
import type { Account } from '../../model/types.js';
import { asObject, stringOrNull, type Manifest } from './files.js';

export function accountFrom(accountElements: readonly unknown[], manifest: Manifest | null): Account | null {
  for (const element of accountElements) {
    const outer = asObject(element);
    const a = asObject(outer?.['account']) ?? outer;
    if (!a) continue;
    const id = stringOrNull(a['accountId']);
    const username = stringOrNull(a['username']);
    if (id === null && username === null) continue;
    return {
      platform: 'twitter',
      id,
      username,
      displayName: stringOrNull(a['accountDisplayName']) ?? manifest?.userInfo.displayName ?? null,
    };
  }
  if (manifest && (manifest.userInfo.accountId || manifest.userInfo.userName)) {
    return {
      platform: 'twitter',
      id: manifest.userInfo.accountId,
      username: manifest.userInfo.userName,
      displayName: manifest.userInfo.displayName,
    };
  }
  return null;
}

/**
 * Whether the account's tweets are protected (followers only), from protected-history.js
 * (`{ "protectedHistory": { protectedAt, action: "Protect" | "Unprotect" } }`, last six months only).
 * The latest action wins; no history means public.
 */
export function isProtected(historyElements: readonly unknown[]): boolean {
  let latest: { at: string; action: string } | null = null;
  for (const element of historyElements) {
    const outer = asObject(element);
    const h = asObject(outer?.['protectedHistory']) ?? outer;
    const at = stringOrNull(h?.['protectedAt']);
    const action = stringOrNull(h?.['action']);
    if (at === null || action === null) continue;
    if (latest === null || at > latest.at) latest = { at, action };
  }
  return latest?.action.toLowerCase() === 'protect';
}
