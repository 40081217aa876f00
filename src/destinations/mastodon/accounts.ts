/** Following, blocking and muting on the Mastodon client API (reference/destinations.md 2.2, 2.3, 2.6). */
import { normalizeAcct, type AccountsPort, type CallResult, type RemoteAccount, type RemoteRelationship, type WriteOptions } from '../types.js';
import { badResponse, type MastodonApi } from './api.js';
import { readAccount, readAccounts, readRelationship, readRelationships } from './entities.js';
import type { RateFamily } from './rateLimit.js';

/** How many ids one relationships request carries (Mastodon accepts up to 40 per docs examples). */
const RELATIONSHIP_BATCH = 40;

export class MastodonAccounts implements AccountsPort {
  constructor(
    private readonly api: MastodonApi,
    private readonly localDomain: string,
    private readonly whoami: () => Promise<CallResult<RemoteAccount>>,
  ) {}

  async lookup(handle: string): Promise<CallResult<RemoteAccount | null>> {
    const wanted = normalizeAcct(handle, this.localDomain);
    const r = await this.api.call('GET', '/api/v2/search', {
      query: [['q', `@${wanted}`], ['type', 'accounts'], ['resolve', 'true'], ['limit', '5']],
    });
    if (!r.ok) {
      // Servers without v2 search (or that refuse it) may still have the v1 lookup.
      if (r.failure.kind !== 'not_found') return r;
      return this.lookupV1(wanted);
    }
    const body = r.value.body;
    const accounts = readAccounts(typeof body === 'object' && body !== null ? (body as { accounts?: unknown }).accounts : null);
    if (!accounts) return badResponse('search');
    return { ok: true, value: accounts.find((a) => normalizeAcct(a.acct, this.localDomain) === wanted) ?? null };
  }

  private async lookupV1(wanted: string): Promise<CallResult<RemoteAccount | null>> {
    const r = await this.api.call('GET', '/api/v1/accounts/lookup', { query: [['acct', wanted]] });
    if (!r.ok) return r.failure.kind === 'not_found' ? { ok: true, value: null } : r;
    const account = readAccount(r.value.body);
    if (!account) return badResponse('accounts/lookup');
    return { ok: true, value: normalizeAcct(account.acct, this.localDomain) === wanted ? account : null };
  }

  follow(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/follow`, options, 'follows');
  }

  block(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/block`, options, 'requests');
  }

  mute(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/mute`, options, 'requests');
  }

  private async relationshipWrite(path: string, options: WriteOptions, family: RateFamily): Promise<CallResult<RemoteRelationship>> {
    // A connection dropped under the write is retried by the HTTP client: it carries an Idempotency-Key.
    const r = await this.api.call('POST', path, { family, idempotencyKey: options.idempotencyKey });
    if (!r.ok) return r;
    const rel = readRelationship(r.value.body);
    return rel ? { ok: true, value: rel } : badResponse(path);
  }

  async relationships(accountIds: string[]): Promise<CallResult<RemoteRelationship[]>> {
    const out = new Map<string, RemoteRelationship>();
    for (let i = 0; i < accountIds.length; i += RELATIONSHIP_BATCH) {
      const batch = accountIds.slice(i, i + RELATIONSHIP_BATCH);
      const r = await this.relationshipBatch(batch);
      if (!r.ok) return r;
      for (const rel of r.value) out.set(rel.id, rel);
      // Some servers (snac) answer for the first id only: ask for the rest one at a time.
      for (const id of batch) {
        if (out.has(id) || batch.length === 1) continue;
        const single = await this.relationshipBatch([id]);
        if (!single.ok) return single;
        for (const rel of single.value) out.set(rel.id, rel);
      }
    }
    return { ok: true, value: accountIds.map((id) => out.get(id)).filter((r): r is RemoteRelationship => r !== undefined) };
  }

  private async relationshipBatch(ids: string[]): Promise<CallResult<RemoteRelationship[]>> {
    const r = await this.api.call('GET', '/api/v1/accounts/relationships', { query: ids.map((id) => ['id[]', id]) });
    if (!r.ok) return r;
    const rels = readRelationships(r.value.body);
    return rels ? { ok: true, value: rels } : badResponse('relationships');
  }

  async following(): Promise<CallResult<RemoteAccount[]>> {
    const me = await this.whoami();
    if (!me.ok) return me;
    return this.api.allPages(`/api/v1/accounts/${encodeURIComponent(me.value.id)}/following`, readAccounts);
  }

  blocked(): Promise<CallResult<RemoteAccount[]>> {
    return this.api.allPages('/api/v1/blocks', readAccounts);
  }

  muted(): Promise<CallResult<RemoteAccount[]>> {
    return this.api.allPages('/api/v1/mutes', readAccounts);
  }
}
