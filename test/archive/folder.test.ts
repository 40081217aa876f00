import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openArchiveSet } from '../../src/archive/open.js';
import { readAll } from '../../src/archive/capStream.js';
import { InputError } from '../../src/errors.js';
import { makeTempDir, removeTempDir, writeFolder } from '../helpers/zipFiles.js';
import { canCountFds, openFdCount } from './fds.js';

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('lp-folder-');
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('extracted folder', () => {
  it('walks the folder, drops __MACOSX/ and ._ files, and reads files', async () => {
    const root = await writeFolder(join(dir, 'export'), {
      'twitter/data/tweets.js': '\uFEFFtweets',
      'twitter/data/tweets_media/1-a.jpg': Buffer.alloc(5000, 1),
      'twitter/data/._tweets.js': 'appledouble',
      '__MACOSX/twitter/._data': 'fork',
      'twitter/empty/': '',
      'twitter/zero.txt': '',
    });
    const set = await openArchiveSet([root]);
    try {
      expect(set.files).toEqual([root]);
      expect(set.entries.map((e) => e.path).sort()).toEqual([
        'twitter/data/tweets.js', 'twitter/data/tweets_media/1-a.jpg', 'twitter/zero.txt',
      ]);
      const tweets = set.entries.find((e) => e.path === 'twitter/data/tweets.js');
      expect(tweets).toEqual({ path: 'twitter/data/tweets.js', size: Buffer.byteLength('\uFEFFtweets'), archive: root });
      expect(await set.readText(tweets!)).toBe('tweets');
      const zero = set.entries.find((e) => e.path === 'twitter/zero.txt')!;
      expect(await set.readText(zero)).toBe('');
      const jpg = set.entries.find((e) => e.path.endsWith('1-a.jpg'))!;
      expect((await readAll(await set.open(jpg))).length).toBe(5000);
    } finally {
      await set.close();
    }
  });

  it('does not follow symlinks out of the folder, nor into folders', async () => {
    const outside = await writeFolder(join(dir, 'outside'), { 'secret.txt': 'secret' });
    const root = await writeFolder(join(dir, 'linked'), { 'data/a.json': '{}' });
    await symlink(join(outside, 'secret.txt'), join(root, 'data', 'secret.json'));
    await symlink(outside, join(root, 'data', 'outside-dir'));
    await symlink(root, join(root, 'data', 'loop'));
    await symlink(join(root, 'data', 'a.json'), join(root, 'alias.json'));
    await symlink(join(root, 'missing'), join(root, 'dangling.json'));
    const set = await openArchiveSet([root]);
    try {
      expect(set.entries.map((e) => e.path).sort()).toEqual(['alias.json', 'data/a.json']);
      expect(await set.readText(set.entries.find((e) => e.path === 'alias.json')!)).toBe('{}');
    } finally {
      await set.close();
    }
  });

  it('caps readText for a file larger than the limit', async () => {
    const root = join(dir, 'big');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'big.json'), Buffer.alloc(3000, 0x20));
    const set = await openArchiveSet([root], { limits: { maxTextBytes: 1000 } });
    try {
      const error = await set.readText(set.entries[0]!).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(`${root}: big.json is 2.9 KiB, more than the 1000 bytes limit for reading it.`);
    } finally {
      await set.close();
    }
  });

  it('closes open file streams on close()', async () => {
    if (!canCountFds) return expect(canCountFds).toBe(false);
    const root = await writeFolder(join(dir, 'fds'), { 'm.mp4': Buffer.alloc(2 * 1024 * 1024, 5) });
    const before = openFdCount();
    const set = await openArchiveSet([root]);
    const stream = await set.open(set.entries[0]!);
    stream.once('data', () => stream.pause());
    await new Promise((resolve) => stream.once('data', resolve));
    expect(openFdCount()).toBe(before + 1);
    await set.close();
    expect(openFdCount()).toBe(before);
  });
});
