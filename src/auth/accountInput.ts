/**
 * The user's account as given on the command line (`--to`, `login`), parsed by the one handle parser
 * (src/model/handle.ts) and, when it is not one, a UsageError (exit 2) that says what a handle looks like
 * instead of a network error about a server named `me` (issue 10 item 3).
 */
import { UsageError } from '../errors.js';
import { formatAccountHandle, parseAccount, type AccountHandle, type HandleProblem } from '../model/handle.js';

export const HANDLE_SHAPE = 'A handle looks like @you@your.server (e.g. @me@example.social, or @me@localhost:3000 for a server on another port), or is your profile link (https://example.social/@me).';

/** `what` is how the user gave it, for the message: `--to "x"` or `"x"`. */
export function accountOrUsageError(input: string, what: string): AccountHandle {
  const parsed = parseAccount(input);
  if (parsed.ok) return parsed.handle;
  throw new UsageError(`${what} ${handleProblemText(input, parsed.problem)}`, { hint: HANDLE_SHAPE });
}

/** `--to` as the one spelling used for keys (token store, journal): `user@host[:port]`, lower case. */
export function destinationOf(input: string): string {
  return formatAccountHandle(accountOrUsageError(input, `--to "${input}"`)).toLowerCase();
}

export function handleProblemText(input: string, problem: HandleProblem): string {
  switch (problem) {
    case 'empty':
      return 'is empty: it should name your new account.';
    case 'no_server':
      return `names no server: "${input.trim().replace(/^@/, '').replace(/@$/, '')}" on which server?`;
    case 'not_a_profile':
      return 'is a link, but not to a profile page.';
    case 'malformed':
      return 'is not a fediverse handle.';
  }
}
