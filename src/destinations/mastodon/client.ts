/**
 * The Mastodon client API as a Destination (DESIGN.md section 5; reference/destinations.md section 2):
 * the signed-in account, the server's profile, and the capabilities every server of this API has
 * (Mastodon, GoToSocial, Pleroma/Akkoma, snac, Friendica, Iceshrimp...). Where one lacks an endpoint the
 * answer is a CallFailure the caller can report, never a crash.
 */
import type { CallResult, Destination, DestinationProfile, RemoteAccount } from '../types.js';
import { MastodonAccounts } from './accounts.js';
import { badResponse, MastodonApi, type MastodonApiOptions } from './api.js';
import { readAccount } from './entities.js';
import { MastodonLists } from './lists.js';
import { MastodonMedia } from './media.js';
import type { Software } from '../nodeinfo.js';
import { readMastodonProfile } from './profile.js';
import { MastodonStatuses } from './statuses.js';

export interface MastodonClientOptions extends MastodonApiOptions {
  /** The domain of the signed-in account's handle; bare local `acct`s get it. Default: the API host. */
  localDomain?: string;
  /** The server's software when already read from nodeinfo (the profile then does not read it again). */
  software?: Software;
}

export class MastodonClient implements Destination {
  readonly accounts: MastodonAccounts;
  /** Blocks and mutes: the same endpoints family as follows on the Mastodon API. */
  readonly moderation: MastodonAccounts;
  readonly lists: MastodonLists;
  readonly statuses: MastodonStatuses;
  readonly media: MastodonMedia;
  private readonly api: MastodonApi;
  private me: RemoteAccount | null = null;
  private known: Promise<DestinationProfile> | null = null;

  private readonly software: Software | undefined;

  constructor(options: MastodonClientOptions) {
    this.api = new MastodonApi(options);
    this.software = options.software;
    const localDomain = (options.localDomain ?? this.api.base.host).toLowerCase();
    const whoami = () => this.whoami();
    this.accounts = new MastodonAccounts(this.api, localDomain, whoami);
    this.moderation = this.accounts;
    this.lists = new MastodonLists(this.api);
    this.statuses = new MastodonStatuses(this.api, whoami);
    this.media = new MastodonMedia(this.api);
  }

  get origin(): string {
    return this.api.origin;
  }

  async whoami(): Promise<CallResult<RemoteAccount>> {
    if (this.me) return { ok: true, value: this.me };
    const r = await this.api.call('GET', '/api/v1/accounts/verify_credentials');
    if (!r.ok) return r;
    const account = readAccount(r.value.body);
    if (!account) return badResponse('verify_credentials');
    this.me = account;
    return { ok: true, value: account };
  }

  profile(): Promise<DestinationProfile> {
    this.known ??= readMastodonProfile({
      http: this.api.http, origin: this.api.origin, signal: this.api.signal, ...(this.software ? { software: this.software } : {}),
    });
    return this.known;
  }
}
