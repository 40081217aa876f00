/** Lists on the Mastodon client API (reference/destinations.md 2.6). */
import type { CallResult, ListsPort, RemoteAccount, RemoteList, WriteOptions } from '../types.js';
import { badResponse, type MastodonApi } from './api.js';
import { readAccounts, readList, readLists } from './entities.js';

export class MastodonLists implements ListsPort {
  constructor(private readonly api: MastodonApi) {}

  async lists(): Promise<CallResult<RemoteList[]>> {
    const r = await this.api.call('GET', '/api/v1/lists');
    if (!r.ok) return r;
    const lists = readLists(r.value.body);
    return lists ? { ok: true, value: lists } : badResponse('lists');
  }

  async createList(title: string, options: WriteOptions): Promise<CallResult<RemoteList>> {
    const r = await this.api.call('POST', '/api/v1/lists', { form: [['title', title]], idempotencyKey: options.idempotencyKey });
    if (!r.ok) return r;
    const list = readList(r.value.body);
    return list ? { ok: true, value: list } : badResponse('lists');
  }

  async addToList(listId: string, accountIds: string[], options: WriteOptions): Promise<CallResult<void>> {
    const r = await this.api.call('POST', `/api/v1/lists/${encodeURIComponent(listId)}/accounts`, {
      form: accountIds.map((id) => ['account_ids[]', id]),
      idempotencyKey: options.idempotencyKey,
    });
    return r.ok ? { ok: true, value: undefined } : r;
  }

  listAccounts(listId: string): Promise<CallResult<RemoteAccount[]>> {
    return this.api.allPages(`/api/v1/lists/${encodeURIComponent(listId)}/accounts`, readAccounts);
  }

  async listsOf(accountId: string): Promise<CallResult<RemoteList[]>> {
    const r = await this.api.call('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/lists`);
    if (!r.ok) return r;
    const lists = readLists(r.value.body);
    return lists ? { ok: true, value: lists } : badResponse('accounts/lists');
  }
}
