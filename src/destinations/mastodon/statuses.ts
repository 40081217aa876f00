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

  async recentOwn(limit: number): Promise<CallResult<RemoteStatus[]>> {
    const me = await this.whoami();
    if (!me.ok) return me;
    const r = await this.api.call('GET', `/api/v1/accounts/${encodeURIComponent(me.value.id)}/statuses`, {
      query: [['limit', String(Math.min(limit, MAX_PAGE))]],
    });
    if (!r.ok) return r;
    const statuses = readStatuses(r.value.body);
    return statuses ? { ok: true, value: statuses } : badResponse('account statuses');
  }
}
