/**
 * Journals written before actions became a union and reasons became codes (still version 1) hold flat
 * actions `{ key, type, target, list, contact, confidence }` and sentences as reasons. They must read as
 * the current shapes, through the file journal and through the apply layer's port, so that an upgrade in
 * the middle of a migration resumes it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalPort } from '../../src/apply/journalPort.js';
import { JOURNAL_FILE, openJournal, type Journal } from '../../src/journal/journal.js';
import { fixedClock } from '../plan/builders.js';

let dir: string;
const opened: Journal[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-old-journal-'));
});
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
  await rm(dir, { recursive: true, force: true });
});

const jack = { platform: 'twitter', id: '12', username: 'jack', displayName: 'Jack' };
const at = '2024-04-01T10:00:00.000Z';

/** A journal as the version before issue 8 wrote it, by hand. */
const OLD_JOURNAL = [
  { format: 'leave-platform-journal', v: 1, createdAt: at, destination: 'me@home.test', fingerprint: 'f1' },
  {
    v: 1, at, key: 'follow:jack@far.test', type: 'follow', target: 'Jack@far.test', status: 'planned',
    action: { key: 'follow:jack@far.test', type: 'follow', target: 'Jack@far.test', list: null, contact: jack, confidence: 'verified' },
  },
  { v: 1, at, key: 'follow:jack@far.test', type: 'follow', target: 'Jack@far.test', status: 'sent', remoteId: '101' },
  { v: 1, at, key: 'follow:jack@far.test', type: 'follow', target: 'Jack@far.test', status: 'pending', reason: 'follow request sent; waiting for approval' },
  {
    v: 1, at, key: 'list_add:From Twitter:jack@far.test', type: 'list_add', target: 'jack@far.test', status: 'pending',
    reason: 'waits until the follow request is accepted',
    action: { key: 'list_add:From Twitter:jack@far.test', type: 'list_add', target: 'jack@far.test', list: 'From Twitter', contact: jack, confidence: 'high' },
  },
  {
    v: 1, at, key: 'block:troll@far.test', type: 'block', target: 'troll@far.test', status: 'failed',
    reason: 'the server refused it (422: Validation failed)',
    action: { key: 'block:troll@far.test', type: 'block', target: 'troll@far.test', list: null, contact: null, confidence: null },
  },
  // A later event without an action: the action comes from its key and target.
  { v: 1, at, key: 'mute:loud@far.test', type: 'mute', target: 'loud@far.test', status: 'done', remoteId: '7' },
].map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('reading a journal written before reasons were codes', () => {
  it('gives states, upgraded actions and sentence reasons as `other` with the sentence as detail', async () => {
    await writeFile(join(dir, JOURNAL_FILE), OLD_JOURNAL);
    const j = await openJournal(dir, { clock: fixedClock(), destination: 'me@home.test', fingerprint: 'f1' });
    opened.push(j);
    expect(j.warnings).toEqual([]);
    const state = j.state();
    expect(state.get('follow:jack@far.test')).toEqual({
      action: { key: 'follow:jack@far.test', type: 'follow', handle: 'Jack@far.test', contact: jack, confidence: 'verified' },
      status: 'pending',
      reason: { code: 'other', detail: 'follow request sent; waiting for approval' },
    });
    expect(state.get('list_add:From Twitter:jack@far.test')).toEqual({
      action: { key: 'list_add:From Twitter:jack@far.test', type: 'list_add', list: 'From Twitter', handle: 'jack@far.test', contact: jack, confidence: 'high' },
      status: 'pending',
      reason: { code: 'other', detail: 'waits until the follow request is accepted' },
    });
    expect(state.get('block:troll@far.test')).toEqual({
      action: { key: 'block:troll@far.test', type: 'block', handle: 'troll@far.test', contact: null, confidence: null },
      status: 'failed',
      reason: { code: 'other', detail: 'the server refused it (422: Validation failed)' },
    });
    expect(state.get('mute:loud@far.test')).toEqual({
      action: { key: 'mute:loud@far.test', type: 'mute', handle: 'loud@far.test', contact: null, confidence: null },
      status: 'done',
      reason: null,
    });
    // The remote id of the `sent` event survives the later event that did not repeat it.
    expect(j.records().get('follow:jack@far.test')?.remoteId).toBe('101');
  });

  it('the apply layer reads the same states, and new events go after the old lines without touching them', async () => {
    await writeFile(join(dir, JOURNAL_FILE), OLD_JOURNAL);
    const j = await openJournal(dir, { clock: fixedClock(), destination: 'me@home.test', fingerprint: 'f1' });
    opened.push(j);
    const port = journalPort(j);
    expect(port.state().get('follow:jack@far.test')).toEqual({
      status: 'pending', reason: { code: 'other', detail: 'follow request sent; waiting for approval' }, remoteId: '101', at,
    });
    await port.append({ v: 1, at: '2024-05-01T10:00:00.000Z', key: 'follow:jack@far.test', type: 'follow', target: 'Jack@far.test', status: 'done' });
    expect(port.state().get('follow:jack@far.test')).toEqual({ status: 'done', reason: null, remoteId: '101', at: '2024-05-01T10:00:00.000Z' });
    expect(j.state().get('follow:jack@far.test')?.action).toMatchObject({ type: 'follow', handle: 'Jack@far.test', contact: jack });
    expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).startsWith(OLD_JOURNAL)).toBe(true);
  });
});
