/**
 * Follows on PeerTube are subscriptions to video channels (`Group` actors), keyed by the channel's handle
 * `name@host` (`POST /api/v1/users/me/subscriptions {uri}`, reference/destinations.md section 4). The server
 * answers 204 and subscribes asynchronously (a job follows the remote channel), so a new subscription is
 * `pending` until `/api/v1/users/me/subscriptions/exist` shows it; a subscription that is not shown is sent
 * again after a crash (a second POST of the same handle is harmless).
 */
import type { CallResult, FollowsPort, RemoteAccount, RemoteRelationship, WriteOptions } from '../types.js';
import type { PeerTubeApi } from './api.js';

export class PeerTubeSubscriptions implements FollowsPort {
  /** The server shows no request state: a follow it does not show yet is still pending (see follow.ts). */
  readonly settlesLater = true;

  constructor(private readonly api: PeerTubeApi) {}

  /** Finds a channel by handle; the search lets the server fetch a remote channel it does not know yet. */
  async lookup(handle: string): Promise<CallResult<RemoteAccount | null>> {
    const wanted = handle.replace(/^@/, '').toLowerCase();
    const r = await this.api.json({ path: '/api/v1/search/video-channels', query: [['search', wanted], ['count', '10']] });
    if (!r.ok) return r;
    const data = (r.value as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) return { ok: false, failure: { kind: 'bad_response', status: 200, reason: 'search: not a list' } };
    const found = data.map((c) => channelHandle(c, this.api.host)).find((h) => h === wanted);
    return { ok: true, value: found ? { id: found, acct: found, locked: false } : null };
  }

  async follow(accountId: string, _options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    const r = await this.api.json({ method: 'POST', path: '/api/v1/users/me/subscriptions', json: { uri: accountId } });
    if (!r.ok) return r;
    return { ok: true, value: { id: accountId, following: false, requested: true, blocking: false, muting: false } };
  }

  async relationships(accountIds: string[]): Promise<CallResult<RemoteRelationship[]>> {
    if (accountIds.length === 0) return { ok: true, value: [] };
    const r = await this.api.json({ path: '/api/v1/users/me/subscriptions/exist', query: accountIds.map((id) => ['uris', id]) });
    if (!r.ok) return r;
    const exist = (r.value ?? {}) as Record<string, unknown>;
    return {
      ok: true,
      value: accountIds.map((id) => ({ id, following: exist[id] === true, requested: false, blocking: false, muting: false })),
    };
  }

  async following(): Promise<CallResult<RemoteAccount[]>> {
    const r = await this.api.all('/api/v1/users/me/subscriptions');
    if (!r.ok) return r;
    return {
      ok: true,
      value: r.value.map((c) => channelHandle(c, this.api.host)).filter((h): h is string => h !== null).map((h) => ({ id: h, acct: h, locked: false })),
    };
  }
}

/** `name@host` of a VideoChannel entity (a local channel's `host` is the server's own). */
function channelHandle(c: unknown, localHost: string): string | null {
  if (typeof c !== 'object' || c === null) return null;
  const o = c as { name?: unknown; host?: unknown };
  if (typeof o.name !== 'string') return null;
  const host = typeof o.host === 'string' && o.host !== '' ? o.host : localHost;
  return `${o.name}@${host}`.toLowerCase();
}
