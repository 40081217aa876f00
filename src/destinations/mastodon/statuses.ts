/**
 * Posting on the Mastodon client API (reference/destinations.md 2.4): `POST /api/v1/statuses` with an
 * Idempotency-Key, counted in the `statuses` rate family (300 per 3 hours). A backdated import sends the
 * original date as a past `scheduled_at`, which GoToSocial 0.18+ documents as a quiet import
 * (docs/user_guide/importing_posts.md); the planner only asks for it where the server documents it.
 */
import type { CallResult, NewStatus, RemoteAccount, RemoteStatus, StatusesPort, WriteOptions } from '../types.js';
import { badResponse, type MastodonApi } from './api.js';
import { readStatus, readStatuses } from './entities.js';

/** Mastodon answers at most 40 statuses per page (docs: methods/accounts.md, statuses). */
const MAX_PAGE = 40;

export class MastodonStatuses implements StatusesPort {
  constructor(private readonly api: MastodonApi, private readonly whoami: () => Promise<CallResult<RemoteAccount>>) {}

  async create(status: NewStatus, options: WriteOptions): Promise<CallResult<RemoteStatus>> {
    const form: [string, string][] = [['status', status.text], ['visibility', status.visibility]];
    for (const id of status.mediaIds) form.push(['media_ids[]', id]);
    if (status.inReplyToId) form.push(['in_reply_to_id', status.inReplyToId]);
    if (status.spoilerText) form.push(['spoiler_text', status.spoilerText]);
    if (status.sensitive) form.push(['sensitive', 'true']);
    if (status.language) form.push(['language', status.language]);
    if (status.backdateTo) form.push(['scheduled_at', status.backdateTo]);
    const r = await this.api.call('POST', '/api/v1/statuses', { form, family: 'statuses', idempotencyKey: options.idempotencyKey });
    if (!r.ok) return r;
    const created = readStatus(r.value.body);
    return created ? { ok: true, value: created } : badResponse('statuses');
  }

  /**
   * Up to `limit` of the account's latest statuses, newest first: pages of 40 going back with `max_id`
   * (docs: api/guidelines.md#pagination) until `limit`, the end of the list, or a page with nothing new
   * (a server that ignores `max_id`, as snac may, answers the same page again).
   */
  async recentOwn(limit: number, downTo?: string): Promise<CallResult<RemoteStatus[]>> {
    const floor = downTo === undefined ? Number.NaN : Date.parse(downTo);
    const me = await this.whoami();
    if (!me.ok) return me;
    const out: RemoteStatus[] = [];
    const seen = new Set<string>();
    while (out.length < limit) {
      const want = Math.min(limit - out.length, MAX_PAGE);
      const query: [string, string][] = [['limit', String(want)]];
      const oldest = out[out.length - 1];
      if (oldest) query.push(['max_id', oldest.id]);
      const r = await this.api.call('GET', `/api/v1/accounts/${encodeURIComponent(me.value.id)}/statuses`, { query });
      if (!r.ok) return r;
      const page = readStatuses(r.value.body);
      if (!page) return badResponse('account statuses');
      const fresh = page.filter((s) => !seen.has(s.id));
      for (const s of fresh) seen.add(s.id);
      out.push(...fresh);
      if (fresh.length === 0 || page.length < want) break;
      if (!Number.isNaN(floor) && fresh.some((st) => Date.parse(st.createdAt) < floor)) break;
    }
    return { ok: true, value: out.slice(0, limit) };
  }
}
