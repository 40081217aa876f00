/**
 * The media executor: streamed upload with alt text, polling a 202 until processed (on a fake clock: no
 * real sleeping), processing failures, a run killed after the upload answered, and files that cannot go.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { fixedClock } from '../../plan/builders.js';
import { FakeMediaSource, mediaAction, run } from '../builders.js';
import { FakeDestination, NETWORK_FAILURE } from '../fakeDestination.js';
import { MemoryJournal } from '../memoryJournal.js';

function setup(processingPolls = 0) {
  const clock = fixedClock();
  return { clock, fake: new FakeDestination({ clock, processingPolls }), journal: new MemoryJournal(), source: new FakeMediaSource() };
}

const KEY = 'media:twitter:1:1';

describe('media executor', () => {
  it('uploads a file that is ready at once: done with its media id, alt text sent, temporary files cleaned up', async () => {
    const { clock, fake, journal, source } = setup();
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'done', reason: null });
    const [id] = [...fake.uploads.keys()];
    expect(journal.state().get(KEY)?.remoteId).toBe(id);
    expect(fake.uploads.get(id!)).toMatchObject({ bytes: 1000, description: 'picture 1 of 1' });
    expect(journal.statusesOf(KEY)).toEqual(['sent', 'done']);
    expect(fake.calls).toEqual(['upload']);
    expect(source.cleanedUp).toEqual(['data/tweets_media/1-1.jpg']);
  });

  it('polls an upload the server still processes (202) until it is ready, journaling its id first, on the injected clock', async () => {
    const { clock, fake, journal, source } = setup(3);
    const start = clock.now();
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'done', reason: null });
    expect(fake.calls).toEqual(['upload', 'mediaStatus', 'mediaStatus', 'mediaStatus', 'mediaStatus']);
    // The id is on disk while the server processes the file, so a kill then polls instead of uploading again.
    const [id] = [...fake.uploads.keys()];
    expect(journal.events.map((e) => [e.status, e.remoteId ?? null])).toEqual([['sent', null], ['sent', id], ['done', id]]);
    // Waits of 0.25, 0.5, 1 and 2 seconds, on the fake clock.
    expect(clock.now() - start).toBe(3_750);
  });

  it('a processing failure (422 to the poll) is failed media_processing_failed, with the media id kept', async () => {
    const { clock, fake, journal, source } = setup(2);
    fake.onCall('mediaStatus', () => {
      for (const id of fake.uploads.keys()) fake.failProcessing.add(id);
    });
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'failed', reason: { code: 'media_processing_failed', detail: '422: Error processing thumbnail for uploaded media' } });
    expect(journal.state().get(KEY)?.remoteId).toBe([...fake.uploads.keys()][0]);
  });

  it('a processing failure stays media_processing_failed on the next run\'s check, and is never uploaded again', async () => {
    const { clock, fake, journal, source } = setup(1);
    fake.onCall('mediaStatus', () => {
      for (const id of fake.uploads.keys()) fake.failProcessing.add(id);
    });
    await run([mediaAction('1')], fake, journal, { clock, media: source });
    const again = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(again.states.get(KEY)).toEqual({ status: 'failed', reason: { code: 'media_processing_failed', detail: '422: Error processing thumbnail for uploaded media' } });
    expect(fake.calls.filter((c) => c === 'upload')).toHaveLength(1);
  });

  it('killed after the upload answered (journal: `sent` with the media id): the next run polls it, never uploads again', async () => {
    const { clock, fake, journal, source } = setup();
    fake.uploads.set('555', { pollsLeft: 2, fails: false, bytes: 1000, description: null });
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: KEY, type: 'media', target: 'data/tweets_media/1-1.jpg', status: 'sent', remoteId: '555' });
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'done', reason: null });
    expect(journal.state().get(KEY)?.remoteId).toBe('555');
    expect(fake.calls).not.toContain('upload');
    expect(source.prepared).toEqual([]);
  });

  it('killed before the upload answered (journal: `sent` without an id): the file is uploaded again', async () => {
    const { clock, fake, journal, source } = setup();
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: KEY, type: 'media', target: 'data/tweets_media/1-1.jpg', status: 'sent' });
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)?.status).toBe('done');
    expect(fake.calls).toEqual(['upload']);
  });

  it('a poll lost on the network fails with the id kept; the next run polls the same upload', async () => {
    const { clock, fake, journal, source } = setup(1);
    fake.fail('mediaStatus', NETWORK_FAILURE);
    const first = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(first.states.get(KEY)).toEqual({ status: 'failed', reason: { code: 'network_error', detail: NETWORK_FAILURE.reason } });
    const second = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(second.states.get(KEY)?.status).toBe('done');
    expect(fake.calls.filter((c) => c === 'upload')).toHaveLength(1);
  });

  it('a file still processing after 15 minutes stays `sent` with its id, for the next run to poll', async () => {
    const { clock, fake, journal, source } = setup(1000);
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)?.status).toBe('sent');
    expect(journal.state().get(KEY)?.remoteId).toBe([...fake.uploads.keys()][0]);
    fake.uploads.get([...fake.uploads.keys()][0]!)!.pollsLeft = 0;
    const next = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(next.states.get(KEY)?.status).toBe('done');
    expect(fake.calls.filter((c) => c === 'upload')).toHaveLength(1);
  });

  it('a soft stop while polling leaves it `sent` with its id: the next run polls, never uploads again', async () => {
    const base = fixedClock();
    const clock: Clock = {
      now: base.now,
      sleep: (ms, signal) => (signal?.aborted ? Promise.reject(signal.reason) : base.sleep(ms)),
    };
    const fake = new FakeDestination({ clock, processingPolls: 5 });
    const journal = new MemoryJournal();
    const stop = new AbortController();
    fake.onCall('mediaStatus', () => stop.abort());
    const first = await run([mediaAction('1')], fake, journal, { clock, signal: stop.signal });
    expect(first.stopped).toEqual({ reason: 'interrupted' });
    expect(journal.state().get(KEY)).toMatchObject({ status: 'sent', remoteId: [...fake.uploads.keys()][0] });
    fake.onCall('mediaStatus', () => undefined);
    const second = await run([mediaAction('1')], fake, journal, { clock });
    expect(second.states.get(KEY)?.status).toBe('done');
    expect(fake.calls.filter((c) => c === 'upload')).toHaveLength(1);
  });

  it('a file that cannot be prepared is skipped with its code, without a `sent` or an upload', async () => {
    const { clock, fake, journal, source } = setup();
    source.problems.set('data/tweets_media/1-1.jpg', { code: 'media_unsupported', detail: 'image/heic' });
    const r = await run([mediaAction('1'), mediaAction('2', 1, { path: null })], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'skipped', reason: { code: 'media_unsupported', detail: 'image/heic' } });
    expect(r.states.get('media:twitter:2:1')).toEqual({ status: 'skipped', reason: { code: 'media_missing' } });
    expect(journal.events.some((e) => e.status === 'sent')).toBe(false);
    expect(fake.calls).toEqual([]);
  });

  it('a file the server refuses as too large (413) is skipped media_too_large, and cleaned up', async () => {
    const { clock, fake, journal, source } = setup();
    fake.maxUploadBytes = 500;
    const r = await run([mediaAction('1')], fake, journal, { clock, media: source });
    expect(r.states.get(KEY)).toEqual({ status: 'skipped', reason: { code: 'media_too_large', detail: '413: Payload Too Large' } });
    expect(source.cleanedUp).toEqual(['data/tweets_media/1-1.jpg']);
  });
});
