/**
 * The user's own fediverse account as they type it (`--to`, `login`, WebFinger subjects): the one parser
 * of account handles. Pure.
 *
 * A handle is `user@host` (RFC 7565 `acct:` URI without the scheme). Unlike the handles found in other
 * people's bios (src/resolve/handles.ts, DNS names only, so that text never names a request to
 * 127.0.0.1), the user's own server may be a development server on another port, as Mastodon
 * (`LOCAL_DOMAIN=localhost:3000`) and GoToSocial run them: `me@localhost:3000` is a handle, and WebFinger
 * goes to that host and port. Whether such an address may be asked is the network guard's decision
 * (src/net/addressGuard.ts, --allow-private-network), not the parser's.
 */

/** `@Jack@Example.Social ` → `jack@example.social`: the one spelling of an account handle used as a key. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

export interface AccountHandle {
  /** As written (servers compare it case-insensitively). */
  user: string;
  /** Lower case, IDNA (punycode) form, with `:port` when it is not the https default; IPv6 in brackets. */
  host: string;
}

/** Why a text is not a handle, as a code: the CLI and auth layers put it in words (handleProblemText). */
export type HandleProblem =
  /** Nothing given. */
  | 'empty'
  /** `@me`: a user with no server. */
  | 'no_server'
  /** A URL that names no account (`https://host/@me/123` is a post, `https://host/about` a page). */
  | 'not_a_profile'
  /** Anything else: several `@`, spaces, a malformed host or port. */
  | 'malformed';

export type HandleParse = { ok: true; handle: AccountHandle } | { ok: false; problem: HandleProblem };

// Mastodon usernames are [a-z0-9_] with inner dots and dashes; other servers allow more (Misskey,
// Pleroma, PeerTube channels). Refused: what cannot be in the user part of an acct: URI (RFC 7565 section 7).
const USER_REFUSED = /[\s@/\\?#%<>"'`:]/;

/** Parses `@user@host`, `user@host`, `acct:user@host` (host may carry `:port`). No URLs: see parseAccount. */
export function parseHandleText(input: string): HandleParse {
  let text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (/^acct:/i.test(text)) text = text.slice(5);
  if (text.startsWith('@')) text = text.slice(1);
  const at = text.indexOf('@');
  if (at < 0) return { ok: false, problem: text === '' ? 'empty' : 'no_server' };
  if (at === 0 || at !== text.lastIndexOf('@')) return { ok: false, problem: 'malformed' };
  const user = text.slice(0, at);
  const host = normalizeServerHost(text.slice(at + 1));
  if (USER_REFUSED.test(user)) return { ok: false, problem: 'malformed' };
  if (host === null) return { ok: false, problem: text.slice(at + 1) === '' ? 'no_server' : 'malformed' };
  return { ok: true, handle: { user, host } };
}

/**
 * The user's account, written as a handle or as its profile page: `https://host/@user`, `/users/user`,
 * `/u/user` (Pleroma, Misskey), `/c/channel` and `/a/account` (PeerTube); `https://host/@user@other` names
 * `user@other`. A profile URL's port stays with its host.
 */
export function parseAccount(input: string): HandleParse {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) return handleOfProfileUrl(text);
  return parseHandleText(text);
}

/** `user@host`, the form Match.handle and the token store use (no leading `@`); the host as parsed. */
export function formatAccountHandle(h: AccountHandle): string {
  return `${h.user}@${h.host}`;
}

/**
 * A server name as the user types it (`example.social`, `localhost:3000`, `127.0.0.1:8080`, `[::1]:3000`):
 * lower case, IDNA, with a port only when given, or null when it is not one. A single-label name is a
 * server only when it is `localhost` or has a port: `me` alone is far more likely a handle without its
 * server than a host on the local network.
 */
export function normalizeServerHost(raw: string): string | null {
  // Pure and asked again and again for the same few hosts (every contact of a server, every row of a batch):
  // answered from a small memo instead of parsing a URL each time.
  const known = HOST_MEMO.get(raw);
  if (known !== undefined) return known;
  const host = parseServerHost(raw);
  if (HOST_MEMO.size >= HOST_MEMO_MAX) HOST_MEMO.clear();
  HOST_MEMO.set(raw, host);
  return host;
}

const HOST_MEMO = new Map<string, string | null>();
const HOST_MEMO_MAX = 10_000;

function parseServerHost(raw: string): string | null {
  const text = raw.trim().replace(/\.(?=$|:)/, '');
  if (text === '' || text.length > 260 || /[\s@/\\?#%<>"'`]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`https://${text}/`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  const hostname = url.hostname;
  if (hostname === '') return null;
  // A port is digits only (the URL parser would take `host:` too), and the parser drops `:443`, the https default.
  const bracketEnd = text.startsWith('[') ? text.indexOf(']') + 1 : 0;
  const port = (bracketEnd > 0 ? /^(?::(\d{1,5}))?$/ : /^[^:]*(?::(\d{1,5}))?$/).exec(text.slice(bracketEnd));
  if (!port) return null;
  const givenPort = port[1];
  const bracketed = hostname.startsWith('[');
  const dotted = hostname.includes('.');
  if (!bracketed && !dotted && hostname !== 'localhost' && givenPort === undefined) return null;
  if (!bracketed && !hostname.split('.').every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l))) return null;
  return url.host;
}

function handleOfProfileUrl(raw: string): HandleParse {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (url.username || url.password) return { ok: false, problem: 'malformed' };
  const host = normalizeServerHost(url.host);
  if (host === null) return { ok: false, problem: 'malformed' };
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const [first, second] = parts;
  let user: string | undefined;
  if (first?.startsWith('@') && parts.length <= 2) {
    const rest = first.slice(1);
    if (rest.includes('@')) return parseHandleText(rest);
    // `/@user/123` is a post, not a profile; `/@user/media` still names the account.
    if (second !== undefined && /^[0-9]+$/.test(second)) return { ok: false, problem: 'not_a_profile' };
    user = rest;
  } else if ((first === 'users' || first === 'u' || first === 'c' || first === 'a') && second && parts.length <= 2) {
    user = second.startsWith('@') ? second.slice(1) : second;
  }
  if (user === undefined || user === '' || USER_REFUSED.test(user)) return { ok: false, problem: 'not_a_profile' };
  return { ok: true, handle: { user, host } };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
