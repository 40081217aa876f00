/**
 * A hand-written destination for apply tests: the capability ports (src/destinations/types.ts) over a
 * small in-memory account, with switches for what a real server does to us: a failure answer, an answer
 * lost after the write was applied (kill -9 or a dropped connection), a throw (RateLimitExceeded), media
 * still processing or failing to process, and the account's own latest statuses as the server renders
 * them. Every call is recorded (`calls`) and every write that changed state once (`writes`), so tests can
 * assert that nothing was sent twice.
 */
import type { Readable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { htmlToText } from '../../src/destinations/mastodon/entities.js';
import { DEFAULT_PROFILE, type DestinationProfile } from '../../src/destinations/profile.js';
import type {
  AccountsPort, CallFailure, CallResult, Destination, ListsPort, MediaPort, MediaUpload, NewStatus, RemoteAccount, RemoteList,
  RemoteMedia, RemoteRelationship, RemoteStatus, StatusesPort, WriteOptions,
} from '../../src/destinations/types.js';

export type Capability = 'accounts' | 'lists' | 'statuses' | 'media';

export type FakeMethod =
  | 'lookup' | 'follow' | 'block' | 'mute' | 'relationships' | 'following' | 'blocked' | 'muted'
  | 'lists' | 'createList' | 'addToList' | 'listAccounts' | 'listsOf'
  | 'create' | 'recentOwn' | 'upload' | 'mediaStatus';

export interface FakeWrite {
  kind: 'follow' | 'block' | 'mute' | 'list_create' | 'list_add' | 'status' | 'media';
  /** The account id, list title, status text or media file name. */
  target: string;
  idempotencyKey: string;
}

export interface FakeOptions {
  /** Remote accounts the server can find, `user@host`; `locked` ones answer a follow with a request. */
  accounts?: { acct: string; locked?: boolean }[];
  capabilities?: readonly Capability[];
  profile?: Partial<DestinationProfile>;
  clock: Clock;
  /** How many polls a media upload answers "still processing" (0: the upload answers ready at once). */
  processingPolls?: number;
  /** Uploads larger than this are refused with 413. */
  maxUploadBytes?: number;
}

export const NETWORK_FAILURE: CallFailure = { kind: 'network', status: null, reason: 'connection reset' };

export class FakeDestination implements Destination {
  readonly calls: FakeMethod[] = [];
  readonly writes: FakeWrite[] = [];
  readonly accounts?: AccountsPort;
  readonly moderation?: AccountsPort;
  readonly lists?: ListsPort;
  readonly statuses?: StatusesPort;
  readonly media?: MediaPort;

  /** Remote accounts by lower-case acct. */
  private readonly known = new Map<string, RemoteAccount>();
  readonly following = new Set<string>();
  readonly requested = new Set<string>();
  readonly blocking = new Set<string>();
  readonly muting = new Set<string>();
  readonly listStore = new Map<string, { title: string; members: Set<string> }>();
  /** The account's own statuses, newest first (tests may add some, as an earlier run made them). */
  readonly own: RemoteStatus[] = [];
  /** Media by id: polls left while processing, and whether processing fails. */
  readonly uploads = new Map<string, { pollsLeft: number; fails: boolean; bytes: number; description: string | null }>();
  /** Media ids whose processing fails (the poll answers 422). Set before or after the upload. */
  readonly failProcessing = new Set<string>();
  processingPolls: number;
  maxUploadBytes: number;
  /** Renders a status's text the way the server answers it; default: Mastodon's HTML read back to text. */
  render: (text: string) => string = (text) => htmlToText(mastodonHtml(text));

  private readonly failures = new Map<FakeMethod, CallFailure[]>();
  private readonly lost = new Map<FakeMethod, number>();
  private readonly throws = new Map<FakeMethod, Error[]>();
  private readonly hooks = new Map<FakeMethod, () => void | Promise<void>>();
  private readonly profileValue: DestinationProfile;
  private nextId = 100;

  constructor(private readonly options: FakeOptions) {
    for (const a of options.accounts ?? []) {
      this.known.set(a.acct.toLowerCase(), { id: String(this.nextId++), acct: a.acct, locked: a.locked ?? false });
    }
    this.processingPolls = options.processingPolls ?? 0;
    this.maxUploadBytes = options.maxUploadBytes ?? Number.POSITIVE_INFINITY;
    this.profileValue = { ...DEFAULT_PROFILE, software: 'fake', version: '1.0', ...options.profile };
    const caps = new Set(options.capabilities ?? ['accounts', 'lists', 'statuses', 'media']);
    if (caps.has('accounts')) this.accounts = this.moderation = this.accountsPort();
    if (caps.has('lists')) this.lists = this.listsPort();
    if (caps.has('statuses')) this.statuses = this.statusesPort();
    if (caps.has('media')) this.media = this.mediaPort();
  }

  // --- switches -------------------------------------------------------------------------------

  /** The next call(s) of `method` answer with `failure` (nothing applied). */
  fail(method: FakeMethod, failure: CallFailure, times = 1): this {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
    return this;
  }

  /** The next call(s) of `method` are applied, but the answer is lost (a network failure comes back). */
  loseAnswer(method: FakeMethod, times = 1): this {
    this.lost.set(method, (this.lost.get(method) ?? 0) + times);
    return this;
  }

  /** The next call of `method` throws `error` before anything is applied (a rate-limit wait refused). */
  throwOnce(method: FakeMethod, error: Error): this {
    this.throws.set(method, [...(this.throws.get(method) ?? []), error]);
    return this;
  }

  /** Runs `hook` at the start of every call of `method` (for a soft stop while a write is in flight). */
  onCall(method: FakeMethod, hook: () => void | Promise<void>): this {
    this.hooks.set(method, hook);
    return this;
  }

  // --- the account ----------------------------------------------------------------------------

  idOf(acct: string): string {
    const a = this.known.get(acct.toLowerCase());
    if (!a) throw new Error(`no account ${acct}`);
    return a.id;
  }

  approve(acct: string): void {
    const id = this.idOf(acct);
    if (this.requested.delete(id)) this.following.add(id);
  }

  decline(acct: string): void {
    this.requested.delete(this.idOf(acct));
  }

  /** A status as an earlier run (or the user) made it, newest first. */
  addOwnStatus(s: Partial<RemoteStatus> & { text: string }): RemoteStatus {
    const status: RemoteStatus = {
      id: String(this.nextId++), createdAt: new Date(this.options.clock.now()).toISOString(), inReplyToId: null, mediaIds: [],
      visibility: 'unlisted', ...s,
    };
    this.own.unshift(status);
    return status;
  }

  writesOf(kind: FakeWrite['kind']): FakeWrite[] {
    return this.writes.filter((w) => w.kind === kind);
  }

  whoami(): Promise<CallResult<RemoteAccount>> {
    return Promise.resolve({ ok: true, value: { id: '1', acct: 'me', locked: false } });
  }

  profile(): Promise<DestinationProfile> {
    return Promise.resolve(this.profileValue);
  }

  // --- plumbing -------------------------------------------------------------------------------

  private async call<T>(method: FakeMethod, run: () => CallResult<T> | Promise<CallResult<T>>): Promise<CallResult<T>> {
    this.calls.push(method);
    await this.hooks.get(method)?.();
    const thrown = this.throws.get(method)?.shift();
    if (thrown) throw thrown;
    const failure = this.failures.get(method)?.shift();
    if (failure) return { ok: false, failure };
    const r = await run();
    const lost = this.lost.get(method) ?? 0;
    if (lost > 0) {
      this.lost.set(method, lost - 1);
      return { ok: false, failure: NETWORK_FAILURE };
    }
    return r;
  }

  private id(): string {
    return String(this.nextId++);
  }

  private relationship(id: string): RemoteRelationship {
    return { id, following: this.following.has(id), requested: this.requested.has(id), blocking: this.blocking.has(id), muting: this.muting.has(id) };
  }

  private accountById(id: string): RemoteAccount | undefined {
    return [...this.known.values()].find((a) => a.id === id);
  }

  private accountsOf(ids: Iterable<string>): RemoteAccount[] {
    return [...ids].map((id) => this.accountById(id)).filter((a): a is RemoteAccount => a !== undefined);
  }

  private accountsPort(): AccountsPort {
    const write = (kind: 'follow' | 'block' | 'mute', apply: (id: string) => void) =>
      (id: string, o: WriteOptions) => this.call(kind, () => {
        if (!this.accountById(id)) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404: Record not found' } };
        apply(id);
        this.writes.push({ kind, target: id, idempotencyKey: o.idempotencyKey });
        return { ok: true, value: this.relationship(id) };
      });
    return {
      lookup: (handle) => this.call('lookup', () => ({ ok: true, value: this.known.get(handle.replace(/^@/, '').toLowerCase()) ?? null })),
      follow: write('follow', (id) => {
        if (this.following.has(id)) return;
        if (this.accountById(id)?.locked) this.requested.add(id);
        else this.following.add(id);
      }),
      block: write('block', (id) => {
        this.blocking.add(id);
        this.following.delete(id);
      }),
      mute: write('mute', (id) => this.muting.add(id)),
      relationships: (ids) => this.call('relationships', () => ({ ok: true, value: ids.filter((id) => this.accountById(id)).map((id) => this.relationship(id)) })),
      following: () => this.call('following', () => ({ ok: true, value: this.accountsOf(this.following) })),
      blocked: () => this.call('blocked', () => ({ ok: true, value: this.accountsOf(this.blocking) })),
      muted: () => this.call('muted', () => ({ ok: true, value: this.accountsOf(this.muting) })),
    };
  }

  private listsPort(): ListsPort {
    const all = (): RemoteList[] => [...this.listStore].map(([id, l]) => ({ id, title: l.title }));
    return {
      lists: () => this.call('lists', () => ({ ok: true, value: all() })),
      createList: (title, o) => this.call('createList', () => {
        const id = this.id();
        this.listStore.set(id, { title, members: new Set() });
        this.writes.push({ kind: 'list_create', target: title, idempotencyKey: o.idempotencyKey });
        return { ok: true, value: { id, title } };
      }),
      addToList: (listId, ids, o) => this.call('addToList', () => {
        const list = this.listStore.get(listId);
        if (!list) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404: Record not found' } };
        // Mastodon: only followed accounts, and an account already there is a 422.
        if (ids.some((id) => !this.following.has(id))) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404: Record not found' } };
        if (ids.some((id) => list.members.has(id))) return { ok: false, failure: { kind: 'invalid', status: 422, reason: '422: Account has already been taken' } };
        for (const id of ids) {
          list.members.add(id);
          this.writes.push({ kind: 'list_add', target: `${list.title}:${id}`, idempotencyKey: o.idempotencyKey });
        }
        return { ok: true, value: undefined };
      }),
      listAccounts: (listId) => this.call('listAccounts', () => ({ ok: true, value: this.accountsOf(this.listStore.get(listId)?.members ?? []) })),
      listsOf: (accountId) => this.call('listsOf', () => ({
        ok: true, value: all().filter((l) => this.listStore.get(l.id)?.members.has(accountId)),
      })),
    };
  }

  private statusesPort(): StatusesPort {
    return {
      create: (s: NewStatus, o) => this.call('create', () => {
        for (const id of s.mediaIds) {
          const m = this.uploads.get(id);
          if (!m || m.pollsLeft > 0) return { ok: false, failure: { kind: 'invalid', status: 422, reason: '422: media not ready' } };
        }
        if (s.inReplyToId !== null && !this.own.some((x) => x.id === s.inReplyToId)) {
          return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404: Record not found' } };
        }
        const status = this.addOwnStatus({
          text: this.render(s.text), inReplyToId: s.inReplyToId, mediaIds: [...s.mediaIds], visibility: s.visibility,
          ...(s.backdateTo && this.profileValue.posts?.canBackdate ? { createdAt: s.backdateTo } : {}),
        });
        this.writes.push({ kind: 'status', target: s.text, idempotencyKey: o.idempotencyKey });
        return { ok: true, value: status };
      }),
      recentOwn: (limit, downTo) => this.call('recentOwn', () => {
        // Like the real adapter: newest first, stopping once past `downTo` when given.
        const floor = downTo === undefined ? Number.NaN : Date.parse(downTo);
        const cut = Number.isNaN(floor) ? -1 : this.own.findIndex((s) => Date.parse(s.createdAt) < floor);
        return { ok: true, value: this.own.slice(0, cut < 0 ? limit : Math.min(limit, cut + 1)) };
      }),
    };
  }

  private mediaPort(): MediaPort {
    return {
      upload: (m: MediaUpload, o) => this.call('upload', async () => {
        if (m.size > this.maxUploadBytes) return { ok: false, failure: { kind: 'too_large', status: 413, reason: '413: Payload Too Large' } };
        const bytes = await byteCount(await m.open());
        const id = this.id();
        this.uploads.set(id, { pollsLeft: this.processingPolls, fails: false, bytes, description: m.description });
        this.writes.push({ kind: 'media', target: m.fileName, idempotencyKey: o.idempotencyKey });
        return { ok: true, value: { id, ready: this.processingPolls === 0 } };
      }),
      status: (id) => this.call('mediaStatus', (): CallResult<RemoteMedia> => {
        const m = this.uploads.get(id);
        if (!m) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404: Record not found' } };
        if (this.failProcessing.has(id)) return { ok: false, failure: { kind: 'invalid', status: 422, reason: '422: Error processing thumbnail for uploaded media' } };
        if (m.pollsLeft > 0) {
          m.pollsLeft -= 1;
          return { ok: true, value: { id, ready: false } };
        }
        return { ok: true, value: { id, ready: true } };
      }),
    };
  }
}

/** Mastodon's rendering of a plain-text status: paragraphs, line breaks, escaped text, links shortened for display. */
export function mastodonHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const link = (url: string) => {
    const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
    const scheme = m?.[1] ?? '';
    const rest = m?.[2] ?? url;
    // Mastodon's TextFormatter: the display text keeps 30 characters, the rest hidden in an invisible span.
    const shown = rest.slice(0, 30);
    const hidden = rest.slice(30);
    return `<a href="${escape(url)}" rel="nofollow noopener" target="_blank"><span class="invisible">${escape(scheme)}</span>` +
      `<span class="${hidden ? 'ellipsis' : ''}">${escape(shown)}</span><span class="invisible">${escape(hidden)}</span></a>`;
  };
  const paragraph = (p: string) => p.split('\n').map((line) => line.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 === 1 ? link(part) : escape(part))).join('')).join('<br />');
  return text.split(/\n{2,}/).map((p) => `<p>${paragraph(p)}</p>`).join('');
}

async function byteCount(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}
