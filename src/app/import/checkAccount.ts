/**
 * The signed-in account, read once (`verify_credentials`) and checked against --to before any journal or
 * write: the journal is kept per account, and a token of another account (LEAVE_PLATFORM_TOKEN with the
 * wrong --to) would act on that account while recording it as this one's progress.
 */
import type { Destination } from '../../destinations/types.js';
import { RemoteError, UsageError } from '../../errors.js';
import { normalizeHandle } from '../../model/handle.js';

/** The account's own `acct` (left out of its own follows). */
export async function checkAccount(destination: Destination, account: string): Promise<string> {
  const me = await destination.whoami();
  if (!me.ok) {
    throw new RemoteError(`Cannot use the account ${account}: ${me.failure.reason}.`, {
      hint: me.failure.kind === 'unauthorized'
        ? `The server refused the sign-in. Run \`leave-platform login ${account}\` again (or check LEAVE_PLATFORM_TOKEN).`
        : 'Check the server, then run the same command again.',
    });
  }
  if (!sameUser(me.value.acct, account)) {
    throw new UsageError(`The token in use signs in as ${me.value.acct}, not ${account}.`, {
      hint: `Give the --to of the account the token belongs to, or run \`leave-platform login ${account}\`.`,
    });
  }
  return me.value.acct;
}

/**
 * Whether `verify_credentials`' `acct` is the account `user@host`. The API was found from `user@host`'s
 * own domain, so the username decides: local accounts come back bare, and a server whose API host is not
 * its handle domain may name either host.
 */
function sameUser(acct: string, account: string): boolean {
  return normalizeHandle(acct).split('@')[0] === account.split('@')[0];
}
