/**
 * Statuses: `POST /api/v1/statuses`, `GET /api/v1/statuses/:id`, `GET /api/v1/accounts/:id/statuses`.
 *
 * Mastodon (app/services/post_status_service.rb, app/controllers/api/v1/statuses_controller.rb): the parent
 * must exist (404), media are checked (too many, not found, not processed: 422), then the text (blank without
 * media, longer than max_characters: 422 "Validation failed: ..."). A `scheduled_at` at least 5 minutes ahead
 * makes a ScheduledStatus; an earlier one is ignored and the status is posted now. `Idempotency-Key` (per
 * account, kept 1 hour) answers the status made with that key instead of making another.
 *
 * GoToSocial (internal/processing/status/create.go and common.go, 0.18+): content checks answer 400; a past
 * `scheduled_at` is a backdated import (created_at = scheduled_at) that refuses a date at or before the Unix
 * epoch (406), mentions of others, replies to others and polls (403); a `scheduled_at` less than 5 minutes
 * ahead is refused (422). snac ignores Idempotency-Key and publishes at once with `scheduled_at` as its date.
 */
import { compareIds, type SnowflakeIds } from './ids.js';
import type { MediaStore, StoredMedia } from './media.js';
import { contentHtml, countableLength, findHashtags, findMentions } from './statusText.js';
import type { Answer, AppliedStatus, AppliedWrite, RecordedRequest, ServerFlavor, Visibility } from './types.js';

const IDEMPOTENCY_MS = 60 * 60 * 1000;
const MIN_SCHEDULE_OFFSET_MS = 5 * 60 * 1000;
const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private', 'direct'];

export interface AccountRef {
  id: string;
  acct: string;
  username: string;
  domain: string;
}

export interface StatusContext {
  flavor: ServerFlavor;
  domain: string;
  maxCharacters: number;
  charactersReservedPerUrl: number;
  maxMedia: number;
  ids: SnowflakeIds;
  media: MediaStore;
  now: () => number;
  publicUrl: () => string;
  me: AccountRef;
  accountById: (id: string) => AccountRef | undefined;
  accountByAcct: (acct: string) => AccountRef | undefined;
  accountJson: (id: string) => Record<string, unknown>;
  /** Whether the `statuses` rate family allows one more status now. */
  statusesLeft: () => boolean;
}

interface StoredStatus extends AppliedStatus {
  accountId: string;
  inReplyToAccountId: string | null;
  tags: string[];
}

type Created = { answer: Answer; write: AppliedWrite | null };

export class StatusStore {
  private readonly statuses = new Map<string, StoredStatus>();
  private readonly scheduled = new Map<string, StoredStatus>();
  private readonly idempotency = new Map<string, { id: string; scheduled: boolean; at: number }>();

  constructor(private readonly ctx: StatusContext) {}

  /** My statuses (not scheduled ones), oldest first by id. */
  mine(): AppliedStatus[] {
    return [...this.statuses.values()].filter((s) => s.accountId === this.ctx.me.id).sort((a, b) => compareIds(a.id, b.id));
  }

  count(accountId: string): number {
    let n = 0;
    for (const s of this.statuses.values()) if (s.accountId === accountId) n++;
    return n;
  }

  /** A status by someone else (for replies to others); returns its id. */
  addStatusBy(account: AccountRef, text: string, createdAt = this.ctx.now()): string {
    const id = this.ctx.ids.next(createdAt);
    this.statuses.set(id, {
      id, text, spoilerText: '', sensitive: false, visibility: 'public', language: null, inReplyToId: null, mediaIds: [],
      mentions: [], createdAt: new Date(createdAt).toISOString(), backdated: false, scheduledAt: null, idempotencyKey: null,
      accountId: account.id, inReplyToAccountId: null, tags: findHashtags(text),
    });
    return id;
  }

  create(params: Record<string, unknown>, r: RecordedRequest): Created {
    const { ctx } = this;
    const gts = ctx.flavor === 'gotosocial';
    const rawKey = r.headers['idempotency-key'];
    const key = ctx.flavor === 'snac' ? null : (Array.isArray(rawKey) ? rawKey[0] : rawKey) || null;
    if (key) {
      const seen = this.idempotency.get(`${ctx.me.id}\n${key}`);
      if (seen && ctx.now() - seen.at < IDEMPOTENCY_MS) {
        const s = (seen.scheduled ? this.scheduled : this.statuses).get(seen.id);
        if (s) return { answer: { status: 200, body: seen.scheduled ? this.scheduledJson(s) : this.json(s) }, write: null };
      }
    }

    const text = str(params.status);
    const spoilerText = str(params.spoiler_text);
    const mediaIds = Array.isArray(params.media_ids) ? params.media_ids.map(String) : [];
    const poll = params.poll !== undefined && params.poll !== null && typeof params.poll === 'object' ? params.poll : null;
    const visibility = (str(params.visibility) || 'public') as Visibility;
    if (!VISIBILITIES.includes(visibility)) return refuse(422, `Validation failed: Visibility '${visibility}' is not a valid visibility`);

    // When: now, later (ScheduledStatus) or, on GoToSocial, in the past (backdated import).
    const now = ctx.now();
    let createdAt = now;
    let scheduleAt: number | null = null;
    let backdated = false;
    const scheduledRaw = str(params.scheduled_at);
    if (scheduledRaw) {
      const at = Date.parse(scheduledRaw);
      if (Number.isNaN(at)) return refuse(422, `Validation failed: Scheduled at '${scheduledRaw}' is not a date`);
      if (ctx.flavor === 'snac') createdAt = at;
      else if (at - now >= MIN_SCHEDULE_OFFSET_MS) scheduleAt = at;
      else if (gts && at > now) return refuse(422, 'Unprocessable Entity: scheduled_at must be at least 5 minutes in the future');
      else if (gts) {
        if (at <= 0) return refuse(406, "Not Acceptable: statuses can't be backdated to or before the UNIX epoch");
        createdAt = at;
        backdated = true;
      }
      // Mastodon: a scheduled_at less than 5 minutes ahead (or past) is dropped and the status posted now.
    }

    // Content checks: GoToSocial's validateStatusContent comes first and counts runes; Mastodon's later.
    if (gts) {
      const runes = [...text].length + [...spoilerText].length;
      if (runes === 0 && mediaIds.length === 0 && !poll) return refuse(400, 'Bad Request: status contains no text, media or poll');
      if (runes > ctx.maxCharacters) return refuse(400, `Bad Request: text with spoiler exceed max chars (${ctx.maxCharacters})`);
      if (mediaIds.length > ctx.maxMedia) return refuse(400, `Bad Request: media files exceed max count (${ctx.maxMedia})`);
    }

    const parentId = str(params.in_reply_to_id) || null;
    const parent = parentId ? this.statuses.get(parentId) : undefined;
    if (parentId && !parent) {
      return gts ? refuse(404, 'Not Found: target status not found') : refuse(404, 'The post you are trying to reply to does not appear to exist.');
    }

    const media = this.checkMedia(mediaIds);
    if ('answer' in media) return media;

    if (!gts) {
      if (text.trim() === '' && mediaIds.length === 0) return refuse(422, "Validation failed: Text can't be blank");
      if (countableLength(text, spoilerText, ctx.charactersReservedPerUrl) > ctx.maxCharacters) {
        return refuse(422, `Validation failed: Text character limit of ${ctx.maxCharacters} exceeded`);
      }
    }

    const mentioned = [...new Set(findMentions(text).map((m) => (m.includes('@') ? m : `${m}@${ctx.domain}`)))]
      .map((acct) => ctx.accountByAcct(acct))
      .filter((a): a is AccountRef => a !== undefined);
    if (backdated) {
      if (mentioned.some((a) => a.id !== ctx.me.id)) return refuse(403, "Forbidden: statuses mentioning others can't be backfilled");
      if (parent && parent.accountId !== ctx.me.id) return refuse(403, "Forbidden: replies to others can't be backfilled");
      if (poll) return refuse(403, "Forbidden: statuses with polls can't be backfilled");
    }

    // Mastodon checks the family when the status is saved, after validation (app/models/concerns/rate_limitable.rb).
    if (scheduleAt === null && !ctx.statusesLeft()) return refuse(429, 'Too many requests');

    const language = /^[a-z]{2}$/u.test(str(params.language)) ? str(params.language) : null;
    const status: StoredStatus = {
      id: scheduleAt !== null ? this.ctx.ids.next(now) : this.ctx.ids.next(createdAt),
      text, spoilerText, sensitive: truthy(params.sensitive), visibility, language, inReplyToId: parent?.id ?? null,
      mediaIds, mentions: mentioned.map((a) => a.acct), createdAt: new Date(createdAt).toISOString(), backdated,
      scheduledAt: scheduleAt !== null ? new Date(scheduleAt).toISOString() : null, idempotencyKey: key,
      accountId: ctx.me.id, inReplyToAccountId: parent?.accountId ?? null, tags: findHashtags(text),
    };
    for (const m of media.list) m.attachedTo = scheduleAt !== null ? `scheduled:${status.id}` : status.id;
    if (key) this.idempotency.set(`${ctx.me.id}\n${key}`, { id: status.id, scheduled: scheduleAt !== null, at: now });
    const { accountId: _a, inReplyToAccountId: _r, tags: _t, ...applied } = status;
    if (scheduleAt !== null) {
      this.scheduled.set(status.id, status);
      return { answer: { status: 200, body: this.scheduledJson(status) }, write: { kind: 'scheduled_status', target: status.id, status: applied } };
    }
    this.statuses.set(status.id, status);
    return { answer: { status: 200, body: this.json(status), counts: 'statuses' }, write: { kind: 'status', target: status.id, status: applied } };
  }

  get(id: string): Answer {
    const s = this.statuses.get(id);
    return s ? { status: 200, body: this.json(s) } : { status: 404, body: { error: 'Record not found' } };
  }

  /** Newest first, `limit` (default 20, at most 40), `max_id`, `since_id`, `min_id`; Link next/prev. */
  list(accountId: string, q: URLSearchParams, path: string): Answer {
    if (!this.ctx.accountById(accountId)) return { status: 404, body: { error: 'Record not found' } };
    const limit = Math.min(40, Math.max(1, Number.parseInt(q.get('limit') ?? '', 10) || 20));
    const onlyMedia = q.get('only_media') === 'true';
    const noReplies = q.get('exclude_replies') === 'true';
    const tagged = q.get('tagged')?.toLowerCase();
    if (q.get('pinned') === 'true') return { status: 200, body: [] };
    let list = [...this.statuses.values()].filter((s) =>
      s.accountId === accountId && s.visibility !== 'direct' && (!onlyMedia || s.mediaIds.length > 0)
      && (!noReplies || s.inReplyToId === null || s.inReplyToAccountId === accountId) && (!tagged || s.tags.includes(tagged)));
    list.sort((a, b) => compareIds(b.id, a.id));
    const maxId = q.get('max_id');
    const sinceId = q.get('since_id');
    const minId = q.get('min_id');
    if (maxId) list = list.filter((s) => compareIds(s.id, maxId) < 0);
    if (sinceId) list = list.filter((s) => compareIds(s.id, sinceId) > 0);
    let page: StoredStatus[];
    if (minId) page = list.filter((s) => compareIds(s.id, minId) > 0).slice(-limit);
    else page = list.slice(0, limit);
    const links: string[] = [];
    const base = `${this.ctx.publicUrl()}${path}?limit=${limit}`;
    if (page.length === limit) links.push(`<${base}&max_id=${page[page.length - 1]!.id}>; rel="next"`);
    if (page.length > 0) links.push(`<${base}&min_id=${page[0]!.id}>; rel="prev"`);
    return { status: 200, body: page.map((s) => this.json(s)), headers: links.length > 0 ? { link: links.join(', ') } : {} };
  }

  private checkMedia(ids: string[]): { list: StoredMedia[] } | Created {
    const { ctx } = this;
    const gts = ctx.flavor === 'gotosocial';
    if (ids.length > ctx.maxMedia) return refuse(422, `Cannot attach more than ${ctx.maxMedia} files`);
    const list: StoredMedia[] = [];
    for (const id of ids) {
      const m = ctx.media.byId.get(id);
      if (!m || m.accountId !== ctx.me.id || m.attachedTo) {
        return gts ? refuse(400, `Bad Request: media ${id} not found`) : refuse(422, `Media ${id} not found or already attached to another post`);
      }
      if (!m.processed) return refuse(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
      list.push(m);
    }
    return { list };
  }

  json(s: StoredStatus): Record<string, unknown> {
    const { ctx } = this;
    const author = ctx.accountById(s.accountId)!;
    const base = `http://${author.domain}`;
    return {
      id: s.id, created_at: s.createdAt, in_reply_to_id: s.inReplyToId, in_reply_to_account_id: s.inReplyToAccountId,
      sensitive: s.sensitive, spoiler_text: s.spoilerText, visibility: s.visibility, language: s.language,
      uri: `${base}/users/${author.username}/statuses/${s.id}`, url: `${base}/@${author.username}/${s.id}`,
      replies_count: [...this.statuses.values()].filter((x) => x.inReplyToId === s.id).length, reblogs_count: 0,
      favourites_count: 0, quotes_count: 0, edited_at: null, favourited: false, reblogged: false, muted: false,
      bookmarked: false, pinned: false, content: contentHtml(s.text), filtered: [], reblog: null,
      application: { name: 'leave-platform', website: null }, account: ctx.accountJson(s.accountId),
      media_attachments: s.mediaIds.map((id) => ctx.media.json(ctx.media.byId.get(id)!)),
      mentions: s.mentions.map((acct) => {
        const a = ctx.accountByAcct(acct)!;
        return { id: a.id, username: a.username, url: `http://${a.domain}/@${a.username}`, acct: a.domain === ctx.domain ? a.username : a.acct };
      }),
      tags: s.tags.map((name) => ({ name, url: `${ctx.publicUrl()}/tags/${encodeURIComponent(name)}` })),
      emojis: [], card: null, poll: null,
      // GoToSocial answers the source text too; Mastodon only when deleting or asked for the source.
      ...(ctx.flavor === 'gotosocial' ? { text: s.text } : {}),
    };
  }

  private scheduledJson(s: StoredStatus): Record<string, unknown> {
    return {
      id: s.id, scheduled_at: s.scheduledAt,
      params: {
        text: s.text, visibility: s.visibility, application_id: 1, with_rate_limit: false, idempotency: s.idempotencyKey,
        // The API documents in_reply_to_id here as an integer (entities/ScheduledStatus).
        in_reply_to_id: s.inReplyToId === null ? null : Number(s.inReplyToId), language: s.language,
        media_ids: s.mediaIds.length > 0 ? s.mediaIds : null, poll: null, scheduled_at: null,
        sensitive: s.sensitive, spoiler_text: s.spoilerText,
      },
      media_attachments: s.mediaIds.map((id) => this.ctx.media.json(this.ctx.media.byId.get(id)!)),
    };
  }
}

function refuse(status: number, error: string): Created {
  return { answer: { status, body: { error } }, write: null };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Rails' boolean cast: false, 0, "0", "f", "false", "off" (any case) and "" are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  return !['', '0', 'f', 'false', 'off'].includes(String(v).toLowerCase());
}
