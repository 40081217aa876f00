import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openArchiveSet } from '../../src/archive/open.js';
import { readAll } from '../../src/archive/capStream.js';
import { makeTempDir, removeTempDir, tarBuffer, writeTarGz } from '../helpers/zipFiles.js';
import { canCountFds, openFdCount } from './fds.js';
import { entry, inputError, withSet } from './sets.js';

const MiB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('lp-tar-');
});
afterAll(async () => {
  await removeTempDir(dir);
});

const media = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));

describe('tar.gz', () => {
  it('lists files only, normalizes ./ names, and reads data and media entries', async () => {
    const file = await writeTarGz(join(dir, 'export.tgz'), {
      './': '',
      './data/': '',
      './data/tweets.js': '\uFEFFwindow.YTD.tweets.part0 = []',
      './data/tweets_media/1-a.jpg': media,
      './data/follower.csv': 'id\n1\n',
    }, { extra: [{ name: './data/link.js', type: 'symlink', linkname: '../../etc/passwd' }] });
    await withSet([file], async (set) => {
      expect(set.entries.map((e) => e.path)).toEqual(['data/tweets.js', 'data/tweets_media/1-a.jpg', 'data/follower.csv']);
      expect(entry(set, 'data/tweets_media/1-a.jpg')).toEqual({ path: 'data/tweets_media/1-a.jpg', size: media.length, archive: file });
      expect(await set.readText(entry(set, 'data/tweets.js'))).toBe('window.YTD.tweets.part0 = []');
      expect(await set.readText(entry(set, 'data/follower.csv'))).toBe('id\n1\n');
      // Media is not kept in memory: this re-streams the tarball up to the entry.
      expect((await readAll(await set.open(entry(set, 'data/tweets_media/1-a.jpg')))).equals(media)).toBe(true);
      // And again: each open() is its own pass.
      expect((await readAll(await set.open(entry(set, 'data/tweets_media/1-a.jpg')))).equals(media)).toBe(true);
    });
  });

  it('re-streams data entries too when they are over the in-memory budget', async () => {
    const big = 'x'.repeat(300_000);
    const file = await writeTarGz(join(dir, 'budget.tar.gz'), { 'a.json': big, 'b.json': '{"b":1}', 'c.json': big });
    const limits = { tarKeepEntryBytes: 200_000, tarKeepTotalBytes: 10 };
    await withSet([file], async (set) => {
      expect(await set.readText(entry(set, 'a.json'))).toBe(big);
      expect(await set.readText(entry(set, 'b.json'))).toBe('{"b":1}');
      expect(await set.readText(entry(set, 'c.json'))).toBe(big);
    }, { limits });
  });

  it('reads a plain (not gzipped) tar, detected by content', async () => {
    const file = join(dir, 'plain.tar');
    await writeFile(file, await tarBuffer({ 'a/b.json': '[1]' }, { gzip: false }));
    await withSet([file], async (set) => {
      expect(await set.readText(entry(set, 'a/b.json'))).toBe('[1]');
    });
  });

  it('drops __MACOSX/ and ._ entries; a repeated name keeps the later copy', async () => {
    const file = await writeTarGz(join(dir, 'dupes.tgz'), [
      ['w/data/account.js', 'first'],
      ['__MACOSX/w/data/._account.js', 'fork'],
      ['w/data/._account.js', 'fork'],
      ['w/media/1.jpg', media],
      ['w/data/account.js', 'second'],
    ]);
    await withSet([file], async (set) => {
      expect(set.entries.map((e) => e.path).sort()).toEqual(['w/data/account.js', 'w/media/1.jpg']);
      expect(await set.readText(entry(set, 'w/data/account.js'))).toBe('second');
    });
  });

  it('closes the tarball fd on close() while a media stream is unread', async () => {
    if (!canCountFds) return expect(canCountFds).toBe(false);
    // Incompressible media, so the .tgz is large and its fd stays open while the stream is paused
    // (4 MiB of one byte gzips to a few KB, read in one chunk: the fd closes at once and the count races).
    const file = await writeTarGz(join(dir, 'fds.tgz'), { 'm.mp4': randomBytes(4 * MiB), 'a.json': '{}' });
    const before = openFdCount();
    const set = await openArchiveSet([file]);
    expect(openFdCount()).toBe(before); // listing is done: no fd is held for a tarball
    const stream = await set.open(entry(set, 'm.mp4'));
    // The tarball's read stream opens its fd asynchronously: wait until data flows before counting.
    await new Promise<void>((resolve) => stream.once('data', () => { stream.pause(); resolve(); }));
    expect(openFdCount()).toBe(before + 1);
    await set.close();
    expect(openFdCount()).toBe(before);
    expect(stream.destroyed).toBe(true);
  });
});

describe('hostile tarballs', () => {
  it.each([['../evil.json'], ['/etc/passwd'], ['data/../../evil'], ['..\\evil'], ['C:\\evil']])(
    'refuses the archive when an entry is named %j', async (name) => {
      const file = join(dir, 'slip.tgz');
      await writeFile(file, await tarBuffer({ 'data/ok.js': 'ok', [name]: 'x' }));
      const error = await inputError(openArchiveSet([file]));
      expect(error.message).toContain(`${file} holds an entry with an unsafe name`);
    });

  it('stops a gzip bomb at the expansion cap', async () => {
    const file = join(dir, 'bomb.tgz');
    await writeFile(file, await tarBuffer({ 'data/tweets.js': Buffer.alloc(24 * MiB) }));
    const compressed = (await readFile(file)).length;
    expect(compressed).toBeLessThan(MiB);
    const limits = { tarMinExpandedBytes: 8 * MiB, tarMaxRatio: 10 };
    const error = await inputError(openArchiveSet([file], { limits }));
    expect(error.message).toBe(`${file} expands to more than 8 MiB, far more than its compressed size: stopped reading (gzip bomb).`);
  });

  it('says a truncated tar.gz is not readable', async () => {
    const whole = await tarBuffer({ 'a.json': media, 'b.json': '{}' });
    const file = join(dir, 'truncated.tgz');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toMatch(/truncated\.tgz is not a readable tar\.gz \(unexpected end of file\)/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says a gzip file that holds no tarball is not readable', async () => {
    const file = join(dir, 'notes.tgz');
    await writeFile(file, gzipSync(Buffer.from('just some text that is not a tar header at all\n'.repeat(30))));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toMatch(/notes\.tgz is not a readable tar\.gz \(Invalid tar header/);
  });
});
