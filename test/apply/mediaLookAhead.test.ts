/**
 * Media made ready ahead of its turn (src/apply/mediaLookAhead.ts): only planned media actions, at most
 * `depth` at a time, each prepared once, and what was never asked for is cleaned up.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/applyPlan.js';
import { mediaLookAhead } from '../../src/apply/mediaLookAhead.js';
import { fixedClock } from '../plan/builders.js';
import { FakeMediaSource, mediaAction, postAction } from './builders.js';
import { FakeDestination } from './fakeDestination.js';
import { MemoryJournal } from './memoryJournal.js';

const limits = async () => null;

describe('mediaLookAhead', () => {
  const a = mediaAction('1', 1);
  const b = mediaAction('2', 1);
  const c = mediaAction('3', 1);
  const actions = [postAction('0'), a, postAction('1', { media: [a.key] }), b, c];

  it('starts the next planned media actions before their turn, `depth` at a time, and hands each over once', async () => {
    const source = new FakeMediaSource();
    const ahead = mediaLookAhead(source, actions, { journal: new MemoryJournal(), limits, depth: 2 });
    ahead.before(0);
    await new Promise((r) => setImmediate(r));
    expect(source.prepared).toEqual([a.path, b.path]);
    ahead.before(1);
    expect((await ahead.prepare(a, null)).ok).toBe(true);
    ahead.before(2);
    await new Promise((r) => setImmediate(r));
    // a was handed over (not prepared again); c's turn to be prepared ahead has come.
    expect(source.prepared).toEqual([a.path, b.path, c.path]);
    ahead.before(3);
    await ahead.prepare(b, null);
    ahead.before(4);
    await ahead.prepare(c, null);
    expect(source.prepared).toEqual([a.path, b.path, c.path]);
    await ahead.close();
    expect(source.cleanedUp).toEqual([]);
  });

  it('leaves media the journal does not say is planned to its own turn', async () => {
    const source = new FakeMediaSource();
    const journal = new MemoryJournal();
    await journal.append({ v: 1, at: '2026-01-01T00:00:00.000Z', key: a.key, type: 'media', target: a.path!, status: 'done', remoteId: '9' });
    await journal.append({ v: 1, at: '2026-01-01T00:00:00.000Z', key: b.key, type: 'media', target: b.path!, status: 'sent', remoteId: '10' });
    const ahead = mediaLookAhead(source, actions, { journal, limits, depth: 2 });
    ahead.before(0);
    await new Promise((r) => setImmediate(r));
    expect(source.prepared).toEqual([c.path]);
    await ahead.close();
  });

  it('cleans up what was prepared and never asked for: at the end, and once the loop went past it', async () => {
    const source = new FakeMediaSource();
    const ahead = mediaLookAhead(source, actions, { journal: new MemoryJournal(), limits, depth: 2 });
    ahead.before(0);
    // The loop passes a without asking for it (its executor skipped it, say): its file goes at once.
    ahead.before(2);
    await new Promise((r) => setImmediate(r));
    expect(source.cleanedUp).toEqual([a.path]);
    await ahead.close();
    expect(source.cleanedUp.sort()).toEqual([a.path, b.path, c.path].sort());
  });

  it('in a run stopped by Ctrl-C: the media prepared ahead and not sent is cleaned up, and nothing is prepared twice', async () => {
    const clock = fixedClock();
    const fake = new FakeDestination({ clock });
    const source = new FakeMediaSource();
    const controller = new AbortController();
    // Ctrl-C while the second post (the one with a's picture) is sent: b and c were prepared ahead, never sent.
    let posts = 0;
    fake.onCall('create', () => {
      if (++posts === 2) controller.abort(new Error('Ctrl-C'));
    });
    const r = await applyPlan(actions, { destination: fake, journal: new MemoryJournal(), account: 'me@home.test', clock, media: source, signal: controller.signal });
    expect(r.stopped).toEqual({ reason: 'interrupted' });
    expect(new Set(source.prepared).size).toBe(source.prepared.length);
    expect(source.prepared).toEqual([a.path, b.path, c.path]);
    // a was sent and cleaned up by its executor; b and c, prepared ahead, are cleaned up at the stop.
    expect(source.cleanedUp.sort()).toEqual([a.path, b.path, c.path].sort());
    expect(fake.calls.filter((call) => call === 'upload')).toHaveLength(1);
  });
});
