/**
 * The test fediverse the PeerTube server stands in: accounts (`Person`) and their channels (`Group`) on any
 * host, the videos on each channel, and their JSON as PeerTube's REST API gives it (VideoChannel, Account,
 * Video in ../shared/specs/peertube-openapi.yaml). Ids are small integers, as PeerTube's database ids are.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelSpec, VideoSpec } from './types.js';

export interface AccountRecord {
  id: number;
  name: string;
  host: string;
  displayName: string;
  description: string | null;
  userId: number | null;
}

export interface ChannelRecord {
  id: number;
  name: string;
  host: string;
  displayName: string;
  description: string | null;
  support: string | null;
  owner: AccountRecord;
  followersCount: number;
}

export interface VideoRecord {
  id: number;
  uuid: string;
  shortUUID: string;
  name: string;
  channel: ChannelRecord;
  privacy: number;
  originallyPublishedAt: string | null;
  description: string | null;
  language: string | null;
  category: number | null;
  licence: number | null;
  createdAt: string;
}

const PRIVACY_LABELS: Record<number, string> = { 1: 'Public', 2: 'Unlisted', 3: 'Private', 4: 'Internal', 5: 'Password protected' };
const CREATED = '2024-01-01T00:00:00.000Z';

/** flickrBase58, the alphabet of the `short-uuid` package PeerTube uses for `shortUUID`. */
const BASE58 = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';

export function shortUuidOf(uuid: string): string {
  let n = BigInt(`0x${uuid.replace(/-/gu, '')}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  return out || '1';
}

export class World {
  readonly accounts: AccountRecord[] = [];
  readonly channels: ChannelRecord[] = [];
  readonly videos: VideoRecord[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  addAccount(name: string, host: string, extra: Partial<Pick<AccountRecord, 'displayName' | 'description' | 'userId'>> = {}): AccountRecord {
    const existing = this.account(name, host);
    if (existing) return existing;
    const a: AccountRecord = {
      id: this.nextId++, name, host: host.toLowerCase(), displayName: extra.displayName ?? name,
      description: extra.description ?? null, userId: extra.userId ?? null,
    };
    this.accounts.push(a);
    return a;
  }

  addChannel(spec: ChannelSpec): ChannelRecord {
    const [name, host] = splitHandle(spec.handle);
    if (!host) throw new Error(`channel handle ${spec.handle} needs a host (name@host)`);
    const ownerName = spec.owner?.name ?? `${name}_owner`;
    const owner = this.addAccount(ownerName, host, {
      displayName: spec.owner?.displayName ?? ownerName, description: spec.owner?.description ?? null,
    });
    const c: ChannelRecord = {
      id: this.nextId++, name, host, displayName: spec.displayName ?? name, description: spec.description ?? null,
      support: spec.support ?? null, owner, followersCount: spec.followersCount ?? 0,
    };
    this.channels.push(c);
    for (const v of spec.videos ?? []) this.addVideo(c, v);
    return c;
  }

  addVideo(channel: ChannelRecord, spec: VideoSpec & Partial<Pick<VideoRecord, 'description' | 'language' | 'category' | 'licence'>>): VideoRecord {
    const uuid = randomUUID();
    const v: VideoRecord = {
      id: this.nextId++, uuid, shortUUID: shortUuidOf(uuid), name: spec.name, channel, privacy: spec.privacy ?? 1,
      originallyPublishedAt: spec.originallyPublishedAt ?? null, description: spec.description ?? null,
      language: spec.language ?? null, category: spec.category ?? null, licence: spec.licence ?? null,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.videos.push(v);
    return v;
  }

  account(name: string, host: string): AccountRecord | undefined {
    return this.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase() && a.host === host.toLowerCase());
  }

  channel(name: string, host: string): ChannelRecord | undefined {
    return this.channels.find((c) => c.name.toLowerCase() === name.toLowerCase() && c.host === host.toLowerCase());
  }

  /** `name` (on `defaultHost`) or `name@host`, as PeerTube's `{channelHandle}` path parameter. */
  channelByHandle(handle: string, defaultHost: string): ChannelRecord | undefined {
    const [name, host] = splitHandle(handle);
    return this.channel(name, host ?? defaultHost);
  }

  accountByHandle(handle: string, defaultHost: string): AccountRecord | undefined {
    const [name, host] = splitHandle(handle);
    return this.account(name, host ?? defaultHost);
  }

  channelById(id: number): ChannelRecord | undefined {
    return this.channels.find((c) => c.id === id);
  }

  channelsOf(account: AccountRecord): ChannelRecord[] {
    return this.channels.filter((c) => c.owner === account);
  }

  videosOf(channels: ChannelRecord[]): VideoRecord[] {
    return this.videos.filter((v) => channels.includes(v.channel)).sort((a, b) => b.id - a.id);
  }

  hosts(): string[] {
    return [...new Set([...this.accounts.map((a) => a.host), ...this.channels.map((c) => c.host)])];
  }

  // ---- JSON as the REST API gives it -------------------------------------------------------------

  accountJson(a: AccountRecord): Record<string, unknown> {
    return {
      id: a.id, url: actorUrl('accounts', a.host, a.name), name: a.name, host: a.host, avatars: [],
      hostRedundancyAllowed: false, followingCount: 0, followersCount: 0, createdAt: CREATED, updatedAt: CREATED,
      displayName: a.displayName, description: a.description, userId: a.userId,
    };
  }

  channelJson(c: ChannelRecord, localHost: string): Record<string, unknown> {
    return {
      id: c.id, url: actorUrl('video-channels', c.host, c.name), name: c.name, host: c.host, avatars: [], banners: [],
      hostRedundancyAllowed: false, followingCount: 0, followersCount: c.followersCount, createdAt: CREATED,
      updatedAt: CREATED, displayName: c.displayName, description: c.description, support: c.support,
      isLocal: c.host === localHost, ownerAccount: this.accountJson(c.owner),
    };
  }

  videoJson(v: VideoRecord, localHost: string): Record<string, unknown> {
    const c = v.channel;
    const summary = (kind: string, x: { id: number; name: string; host: string; displayName: string }) => ({
      id: x.id, name: x.name, displayName: x.displayName, url: actorUrl(kind, x.host, x.name), host: x.host, avatars: [],
    });
    return {
      id: v.id, uuid: v.uuid, shortUUID: v.shortUUID, isLive: false, createdAt: v.createdAt, publishedAt: v.createdAt,
      updatedAt: v.createdAt, originallyPublishedAt: v.originallyPublishedAt,
      category: { id: v.category, label: v.category === null ? 'Unknown' : `Category ${v.category}` },
      licence: { id: v.licence, label: v.licence === null ? 'Unknown' : `Licence ${v.licence}` },
      language: { id: v.language, label: v.language ?? 'Unknown' },
      privacy: { id: v.privacy, label: PRIVACY_LABELS[v.privacy] ?? 'Unknown' },
      truncatedDescription: v.description === null || v.description.length < 3 ? null : v.description.slice(0, 250),
      duration: 0, aspectRatio: null, isLocal: c.host === localHost, name: v.name,
      thumbnailPath: `/lazy-static/thumbnails/${v.uuid}.jpg`, previewPath: `/lazy-static/previews/${v.uuid}.jpg`,
      embedPath: `/videos/embed/${v.uuid}`, views: 0, likes: 0, dislikes: 0, nsfw: false, waitTranscoding: true,
      state: { id: 1, label: 'Published' }, scheduledUpdate: null, blacklisted: false, blacklistedReason: null,
      account: summary('accounts', c.owner), channel: summary('video-channels', c), userHistory: null,
    };
  }
}

/** PeerTube's ActivityPub actor URLs (`/accounts/:name`, `/video-channels/:name`), plain http here. */
export function actorUrl(kind: string, host: string, name: string): string {
  return `http://${host}/${kind}/${encodeURIComponent(name)}`;
}

export function splitHandle(handle: string): [string, string | undefined] {
  const at = handle.replace(/^@/u, '').split('@');
  return [at[0]!, at[1]?.toLowerCase()];
}
