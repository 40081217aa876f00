/**
 * The post executor: waits for its parent and media, goes without media that could not go, and after a
 * lost answer finds its status among the account's own latest ones instead of posting it twice.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../plan/builders.js';
import { FakeMediaSource, mediaAction, postAction, run } from '../builders.js';
import { FakeDestination, mastodonHtml, NETWORK_FAILURE } from '../fakeDestination.js';
import { MemoryJournal } from '../memoryJournal.js';

function setup(extra: Partial<ConstructorParameters<typeof FakeDestination>[0]> = {}) {
  const clock = fixedClock();
  return { clock, fake: new FakeDestination({ clock, ...extra }), journal: new MemoryJournal(), source: new FakeMediaSource() };
}

const at = (clock: { now(): number }) => new Date(clock.now()).toISOString();

describe('post executor: what a post waits for', () => {
  it('posts a thread in order, each part replying to the new copy of the one before, with its media', async () => {
    const { clock, fake, journal, source } = setup();
    const m = mediaAction('1');
    const a = postAction('1', { media: [m.key] });
    const b = postAction('1', { key: 'post:twitter:1:2', part: 2, parts: 2, text: 'part two', replyTo: a.key });
    const r = await run([m, a, b], fake, journal, { clock, media: source });
    expect([...r.states.values()].map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const [second, first] = fake.own;
    expect(first).toMatchObject({ id: journal.state().get(a.key)?.remoteId, inReplyToId: null, mediaIds: [journal.state().get(m.key)?.remoteId] });
    expect(second).toMatchObject({ id: journal.state().get(b.key)?.remoteId, inReplyToId: first?.id, mediaIds: [] });
  });

  it('waits (planned, waits_for_parent) while its parent is not posted yet, and posts no reply to nothing', async () => {
    const { clock, fake, journal } = setup();
    const reply = postAction('2', { replyTo: 'post:twitter:1:1' });
    const r = await run([reply], fake, journal, { clock });
    expect(r.states.get(reply.key)).toEqual({ status: 'planned', reason: { code: 'waits_for_parent' } });
    expect(fake.calls).toEqual([]);
  });

  it('waits (planned, waits_for_media) while a picture is not uploaded or still processing', async () => {
    const { clock, fake, journal } = setup();
    await journal.append({ v: 1, at: at(clock), key: 'media:twitter:1:2', type: 'media', target: 'x', status: 'sent', remoteId: '77' });
    const p = postAction('1', { media: ['media:twitter:1:1', 'media:twitter:1:2'] });
    const r = await run([p], fake, journal, { clock });
    expect(r.states.get(p.key)).toEqual({ status: 'planned', reason: { code: 'waits_for_media' } });
    expect(fake.calls).toEqual([]);
  });

  it('goes without media that was skipped or failed', async () => {
    const { clock, fake, journal, source } = setup();
    source.problems.set(mediaAction('1', 1).path!, { code: 'media_unreadable' });
    fake.fail('upload', { kind: 'server', status: 500, reason: '500' });
    const ok = mediaAction('1', 3);
    const p = postAction('1', { media: [mediaAction('1', 1).key, mediaAction('1', 2).key, ok.key] });
    const r = await run([mediaAction('1', 1), mediaAction('1', 2), ok, p], fake, journal, { clock, media: source });
    expect(r.states.get(mediaAction('1', 1).key)?.status).toBe('skipped');
    expect(r.states.get(mediaAction('1', 2).key)?.status).toBe('failed');
    expect(r.states.get(p.key)).toEqual({ status: 'done', reason: null });
    expect(fake.own[0]?.mediaIds).toEqual([journal.state().get(ok.key)?.remoteId]);
  });

  it('an empty post whose media all failed is skipped post_empty', async () => {
    const { clock, fake, journal, source } = setup();
    source.problems.set(mediaAction('1').path!, { code: 'media_missing' });
    const p = postAction('1', { text: '  ', media: [mediaAction('1').key] });
    const r = await run([mediaAction('1'), p], fake, journal, { clock, media: source });
    expect(r.states.get(p.key)).toEqual({ status: 'skipped', reason: { code: 'post_empty' } });
    expect(fake.calls).toEqual([]);
  });

  it('a reply whose parent failed fails parent_failed (with the parent\'s code); one whose parent was skipped starts its own thread', async () => {
    const { clock, fake, journal } = setup();
    fake.fail('create', { kind: 'invalid', status: 422, reason: '422: Text too long' });
    const parent = postAction('1');
    const reply = postAction('2', { replyTo: parent.key });
    const r = await run([parent, reply], fake, journal, { clock });
    expect(r.states.get(parent.key)).toEqual({ status: 'failed', reason: { code: 'refused', detail: '422: Text too long' } });
    expect(r.states.get(reply.key)).toEqual({ status: 'failed', reason: { code: 'parent_failed', detail: 'refused' } });

    const other = setup();
    await other.journal.append({ v: 1, at: at(other.clock), key: parent.key, type: 'post', target: 'twitter:1', status: 'skipped', reason: 'post_empty' });
    const s = await run([reply], other.fake, other.journal, { clock: other.clock });
    expect(s.states.get(reply.key)?.status).toBe('done');
    expect(other.fake.own[0]?.inReplyToId).toBeNull();
  });

  it('a backdated post the server refuses fails backdate_refused', async () => {
    const { clock, fake, journal } = setup({ profile: { posts: { maxCharacters: 5000, urlLength: 23, maxMedia: 4, canBackdate: true, repliesArePublic: false } } });
    fake.fail('create', { kind: 'invalid', status: 422, reason: '422: scheduled_at in the past' });
    const p = postAction('1', { backdateTo: '2020-01-02T03:04:05.000Z' });
    const r = await run([p], fake, journal, { clock });
    expect(r.states.get(p.key)).toEqual({ status: 'failed', reason: { code: 'backdate_refused', detail: '422: scheduled_at in the past' } });
  });
});

describe('post executor: after a lost answer', () => {
  const TEXT = 'Read this & <that>: https://example.com/a/very/long/path/that/gets/shortened?page=2 #tag\n\nSecond paragraph.\nA new line.';

  it('finds the status among recent own statuses (rendered as HTML, links shortened for display) and does not post it again', async () => {
    const { clock, fake, journal } = setup();
    fake.loseAnswer('create');
    const p = postAction('1', { text: TEXT });
    const first = await run([p], fake, journal, { clock });
    expect(first.states.get(p.key)).toEqual({ status: 'failed', reason: { code: 'network_error', detail: NETWORK_FAILURE.reason } });
    // The server has it, rendered as Mastodon's HTML (escaped, paragraphs, the link's display shortened)
    // and read back as text by the adapter.
    expect(fake.own).toHaveLength(1);
    expect(mastodonHtml(TEXT)).toContain('&amp; &lt;that&gt;');
    expect(mastodonHtml(TEXT)).toContain('<span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">hat/gets/shortened?page=2</span>');
    clock.advance(60_000);
    const second = await run([p], fake, journal, { clock });
    expect(second.states.get(p.key)).toEqual({ status: 'done', reason: null });
    expect(journal.state().get(p.key)?.remoteId).toBe(fake.own[0]?.id);
    expect(fake.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('a reply is matched only with the same parent', async () => {
    const { clock, fake, journal } = setup();
    const parent = postAction('1');
    const reply = postAction('2', { text: 'same words', replyTo: parent.key });
    await run([parent], fake, journal, { clock });
    const parentId = journal.state().get(parent.key)?.remoteId;
    // The same words, but a thread of its own (another post of the user's): not ours.
    fake.addOwnStatus({ text: 'same words' });
    await journal.append({ v: 1, at: at(clock), key: reply.key, type: 'post', target: 'twitter:2', status: 'sent' });
    clock.advance(1000);
    const withoutMatch = await run([reply], fake, journal, { clock });
    expect(withoutMatch.states.get(reply.key)?.status).toBe('done');
    expect(fake.own[0]).toMatchObject({ text: 'same words', inReplyToId: parentId });
    expect(fake.calls.filter((c) => c === 'create')).toHaveLength(2);
  });

  it('a status made well before the run recorded `sent` is not ours: the post is sent', async () => {
    const { clock, fake, journal } = setup();
    const p = postAction('1', { text: 'good morning' });
    fake.addOwnStatus({ text: 'good morning' });
    clock.advance(3 * 3600_000);
    await journal.append({ v: 1, at: at(clock), key: p.key, type: 'post', target: 'twitter:1', status: 'sent' });
    const r = await run([p], fake, journal, { clock });
    expect(r.states.get(p.key)?.status).toBe('done');
    expect(fake.calls).toEqual(['recentOwn', 'create']);
    expect(fake.own).toHaveLength(2);
  });

  it('a backdated post is matched by its original date', async () => {
    const { clock, fake, journal } = setup({ profile: { posts: { maxCharacters: 5000, urlLength: 23, maxMedia: 4, canBackdate: true, repliesArePublic: false } } });
    const p = postAction('1', { text: 'old news', backdateTo: '2020-01-02T03:04:05.000Z' });
    // The same words on another date (a post of another year): not ours.
    fake.addOwnStatus({ text: 'old news', createdAt: '2021-01-02T03:04:05.000Z' });
    fake.loseAnswer('create');
    await run([p], fake, journal, { clock });
    expect(fake.own[0]?.createdAt).toBe('2020-01-02T03:04:05.000Z');
    const r = await run([p], fake, journal, { clock });
    expect(r.states.get(p.key)).toEqual({ status: 'done', reason: null });
    expect(journal.state().get(p.key)?.remoteId).toBe(fake.own[0]?.id);
    expect(fake.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('a status another post of this import already is never taken for this one (the same words a minute apart)', async () => {
    const { clock, fake, journal } = setup();
    const a = postAction('1', { text: 'good morning' });
    const b = postAction('2', { text: 'good morning' });
    await run([a], fake, journal, { clock });
    clock.advance(60_000);
    // Killed after recording `sent` for b, before its request reached the server.
    await journal.append({ v: 1, at: at(clock), key: b.key, type: 'post', target: 'twitter:2', status: 'sent' });
    const r = await run([a, b], fake, journal, { clock });
    expect(r.states.get(b.key)?.status).toBe('done');
    expect(fake.own).toHaveLength(2);
    expect(journal.state().get(b.key)?.remoteId).not.toBe(journal.state().get(a.key)?.remoteId);
  });

  it('a post with only media is matched by its media, not by its (empty) text', async () => {
    const { clock, fake, journal, source } = setup();
    const m1 = mediaAction('1');
    const m2 = mediaAction('2');
    const a = postAction('1', { text: '', media: [m1.key] });
    const b = postAction('2', { text: '', media: [m2.key] });
    await run([m1, a, m2], fake, journal, { clock, media: source });
    await journal.append({ v: 1, at: at(clock), key: b.key, type: 'post', target: 'twitter:2', status: 'sent' });
    const r = await run([m1, a, m2, b], fake, journal, { clock, media: source });
    expect(r.states.get(b.key)?.status).toBe('done');
    expect(fake.own.map((s) => s.mediaIds)).toEqual([[journal.state().get(m2.key)?.remoteId], [journal.state().get(m1.key)?.remoteId]]);
  });

  it('when the recent statuses cannot be read it neither posts nor gives up: failed could_not_check', async () => {
    const { clock, fake, journal } = setup();
    const p = postAction('1');
    await journal.append({ v: 1, at: at(clock), key: p.key, type: 'post', target: 'twitter:1', status: 'sent' });
    fake.fail('recentOwn', { kind: 'server', status: 503, reason: '503' });
    const r = await run([p], fake, journal, { clock });
    expect(r.states.get(p.key)).toEqual({ status: 'failed', reason: { code: 'could_not_check', detail: '503' } });
    expect(fake.calls).not.toContain('create');
  });
});
