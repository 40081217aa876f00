/** What the account already follows, blocks, mutes and lists; a part the server cannot tell is empty. */
import { normalizeAcct, type Destination } from '../../destinations/types.js';
import { RemoteError } from '../../errors.js';
import type { Model } from '../../model/types.js';
import { defaultListName, type ExistingState } from '../../plan/index.js';
import type { RunImportOptions } from './types.js';

export async function readExisting(
  d: Destination, account: string, ownAcct: string, model: Model, options: RunImportOptions, warn: (m: string) => void,
): Promise<ExistingState> {
  const existing = emptyExisting();
  const accounts = d.accounts;
  if (!accounts) return existing;
  const domain = account.split('@')[1] ?? '';
  const own = normalizeAcct(ownAcct, domain);
  const handles = (accts: { acct: string }[]) => new Set(accts.map((a) => normalizeAcct(a.acct, domain)).filter((a) => a !== own));
  const following = await accounts.following();
  if (following.ok) existing.following = handles(following.value);
  else throw new RemoteError(`Cannot read whom your account follows: ${following.failure.reason}.`, { hint: 'Check the server, then run the same command again.' });
  if (options.blocks) {
    const blocked = d.moderation ? await d.moderation.blocked() : null;
    // A server without blocks (PeerTube) skips block actions as unsupported: nothing to read.
    if (blocked !== null && blocked.ok) existing.blocked = handles(blocked.value);
    else if (blocked !== null) warn(`could not read your blocks (${blocked.failure.reason}); blocks already there will be sent again`);
  }
  if (options.mutes) {
    const muted = d.moderation ? await d.moderation.muted() : null;
    if (muted !== null && muted.ok) existing.muted = handles(muted.value);
    else if (muted !== null) warn(`could not read your mutes (${muted.failure.reason}); mutes already there will be sent again`);
  }
  if (options.lists && d.lists) {
    const lists = await d.lists.lists();
    const wanted = new Set(model.sources.map((s) => defaultListName(s.platform)));
    if (lists.ok) {
      for (const l of lists.value.filter((x) => wanted.has(x.title))) {
        const members = await d.lists.listAccounts(l.id);
        existing.lists.set(l.title, members.ok ? handles(members.value) : new Set());
      }
    } else warn(`could not read your lists (${lists.failure.reason})`);
  }
  return existing;
}

export function emptyExisting(): ExistingState {
  return { following: new Set(), blocked: new Set(), muted: new Set(), lists: new Map() };
}
