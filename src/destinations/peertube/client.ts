/**
 * The PeerTube destination: follows as channel subscriptions and video uploads into a channel. PeerTube's
 * user API has no blocks or mutes of the Mastodon kind, no statuses and no lists, so those capabilities
 * are absent and their actions are skipped as `unsupported_by_destination`.
 */
import type { DestinationProfile } from '../profile.js';
import type { CallResult, Destination, RemoteAccount } from '../types.js';
import { PeerTubeApi, type PeerTubeApiOptions } from './api.js';
import { readMe, readProfile } from './profile.js';
import { PeerTubeSubscriptions } from './subscriptions.js';
import { PeerTubeVideos } from './videos.js';

export interface PeerTubeClientOptions extends PeerTubeApiOptions {
  /** `--channel`: the channel videos go into; null for the account's first. */
  channel: string | null;
  software?: { name: string; version: string | null };
}

export class PeerTubeClient implements Destination {
  readonly accounts: PeerTubeSubscriptions;
  readonly videos: PeerTubeVideos;
  readonly api: PeerTubeApi;
  private known: Promise<DestinationProfile> | null = null;

  constructor(private readonly options: PeerTubeClientOptions) {
    this.api = new PeerTubeApi(options);
    this.accounts = new PeerTubeSubscriptions(this.api);
    this.videos = new PeerTubeVideos(this.api);
  }

  async whoami(): Promise<CallResult<RemoteAccount>> {
    const me = await readMe(this.api);
    if (!me.ok) return me;
    return { ok: true, value: { id: me.value.accountId, acct: `${me.value.username}@${this.api.host}`.toLowerCase(), locked: false } };
  }

  profile(): Promise<DestinationProfile> {
    this.known ??= readProfile(this.api, this.options.software ?? { name: 'peertube', version: null }, this.options.channel);
    return this.known;
  }
}
