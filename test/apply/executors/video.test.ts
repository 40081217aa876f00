import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/apply/applyPlan.js';
import { videoExecutorWith, VideoQuotaReached } from '../../../src/apply/executors/video.js';
import type { Action } from '../../../src/plan/types.js';
import { fakeClock } from '../../net/fakeClock.js';
import { MemoryJournal } from '../memoryJournal.js';
import { bytesOf, FakePeerTube, FakeVideoFiles, FakeVideos, KilledMidUpload, videoAction } from '../../destinations/peertube/fakePeerTube.js';

const CHUNK = 4096;

function runVideos(actions: Action[], destination: FakePeerTube, journal: MemoryJournal, files: FakeVideoFiles) {
  return applyPlan(actions, {
    destination, journal, account: 'me@tube.example', clock: fakeClock(), media: files, executors: { video: videoExecutorWith(CHUNK) },
  });
}

describe('video executor', () => {
  it('uploads a video in chunks and records the new video id', async () => {
    const file = bytesOf(10_000);
    const tube = new FakePeerTube();
    const journal = new MemoryJournal();
    const out = await runVideos([videoAction('a')], tube, journal, new FakeVideoFiles({ 'videos/a.mp4': file }));
    expect(out.states.get('video:youtube:a')?.status).toBe('done');
    expect(tube.videos.videos).toHaveLength(1);
    expect(tube.videos.chunksSent).toBe(3);
    expect(journal.state().get('video:youtube:a')?.remoteId).toBe('100');
    const session = [...tube.videos.sessions.values()];
    expect(session).toHaveLength(0);
  });

  it('after a kill mid-chunk, asks the server for its offset and sends only the rest: one video', async () => {
    const file = bytesOf(20_000);
    const videos = new FakeVideos();
    videos.killAtChunk = 2;
    const tube = new FakePeerTube(videos);
    const journal = new MemoryJournal();
    const files = new FakeVideoFiles({ 'videos/a.mp4': file });
    await expect(runVideos([videoAction('a')], tube, journal, files)).rejects.toBeInstanceOf(KilledMidUpload);
    const last = journal.state().get('video:youtube:a');
    expect(last?.status).toBe('sent');
    expect(last?.remoteId).toMatch(/^session:https:\/\/tube\.example\//);
    const held = [...videos.sessions.values()][0]!.bytes.length;
    expect(held).toBeGreaterThan(CHUNK);
    expect(held % CHUNK).not.toBe(0);

    videos.killAtChunk = null;
    const out = await runVideos([videoAction('a')], tube, journal, files);
    expect(out.states.get('video:youtube:a')?.status).toBe('done');
    expect(videos.starts).toBe(1);
    expect(videos.videos).toHaveLength(1);
    expect(Buffer.from(videos.videos[0]!.content!).equals(Buffer.from(file))).toBe(true);
    // Resumed from the server's offset: the reader reopened the file once to skip to it.
    expect(files.opens).toBe(2);
  });

  it('re-reads the offset after a 409 range mismatch and finishes', async () => {
    const videos = new FakeVideos();
    videos.mismatchOnce = true;
    const tube = new FakePeerTube(videos);
    const out = await runVideos([videoAction('a')], tube, new MemoryJournal(), new FakeVideoFiles({ 'videos/a.mp4': bytesOf(9000) }));
    expect(out.states.get('video:youtube:a')?.status).toBe('done');
    expect(videos.videos).toHaveLength(1);
  });

  it('does not upload a video already on the channel with the same name and original date', async () => {
    const videos = new FakeVideos();
    videos.videos.push({ id: '55', uuid: null, name: 'Video a', originallyPublishedAt: '2019-05-01T10:00:00.000Z', channel: 'main', size: 1 });
    const tube = new FakePeerTube(videos);
    const journal = new MemoryJournal();
    const out = await runVideos([videoAction('a')], tube, journal, new FakeVideoFiles({ 'videos/a.mp4': bytesOf(100) }));
    expect(out.states.get('video:youtube:a')?.status).toBe('done');
    expect(journal.state().get('video:youtube:a')?.remoteId).toBe('55');
    expect(videos.starts).toBe(0);
  });

  it('a video with the same name but another date is uploaded', async () => {
    const videos = new FakeVideos();
    videos.videos.push({ id: '55', uuid: null, name: 'Video a', originallyPublishedAt: '2015-01-01T00:00:00.000Z', channel: 'main', size: 1 });
    const out = await runVideos([videoAction('a')], new FakePeerTube(videos), new MemoryJournal(), new FakeVideoFiles({ 'videos/a.mp4': bytesOf(100) }));
    expect(out.states.get('video:youtube:a')?.status).toBe('done');
    expect(videos.starts).toBe(1);
  });

  it('a 413 quota_reached stops the run with a clear error and the video failed', async () => {
    const videos = new FakeVideos();
    videos.quotaLeft = 50;
    const journal = new MemoryJournal();
    const run = runVideos([videoAction('a'), videoAction('b')], new FakePeerTube(videos), journal, new FakeVideoFiles({ 'videos/a.mp4': bytesOf(100), 'videos/b.mp4': bytesOf(10) }));
    await expect(run).rejects.toBeInstanceOf(VideoQuotaReached);
    await expect(run).rejects.toThrow(/video quota/);
    expect(journal.state().get('video:youtube:a')?.reason?.code).toBe('quota_reached');
    expect(journal.state().get('video:youtube:b')).toBeUndefined();
  });

  it('a file the export lacks is skipped', async () => {
    const out = await runVideos([videoAction('a')], new FakePeerTube(), new MemoryJournal(), new FakeVideoFiles({}));
    expect(out.states.get('video:youtube:a')).toMatchObject({ status: 'skipped', reason: { code: 'media_missing' } });
  });

  it('no channel: skipped with channel_not_found', async () => {
    const tube = new FakePeerTube(new FakeVideos(), { channel: null, channelAsked: 'nope' });
    const out = await runVideos([videoAction('a')], tube, new MemoryJournal(), new FakeVideoFiles({ 'videos/a.mp4': bytesOf(10) }));
    expect(out.states.get('video:youtube:a')).toMatchObject({ status: 'skipped', reason: { code: 'channel_not_found' } });
  });
});
