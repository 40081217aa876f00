import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { openArchiveSet } from '../../src/archive/open.js';
import { UsageError } from '../../src/errors.js';
import { makeTempDir, removeTempDir, tarBuffer, writeFolder, writeTarGz, writeZip, zipBuffer } from '../helpers/zipFiles.js';
import { canCountFds, openFdCount } from './fds.js';
import { inputError } from './sets.js';

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('lp-open-');
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('openArchiveSet', () => {
  it('reads several parts of one export as one set of entries, each naming its part as given', async () => {
    const zip = await writeZip(join(dir, 'parts', 'takeout-001.zip'), { 'Takeout/YouTube/subscriptions.csv': 'a' });
    const tgz = await writeTarGz(join(dir, 'parts', 'takeout-002.tgz'), { 'Takeout/YouTube/videos/v.mp4': 'video' });
    const folder = await writeFolder(join(dir, 'parts', 'takeout-003'), { 'Takeout/YouTube/history.json': '[]' });
    // As the user typed them: relative to the working directory.
    const given = [zip, tgz, folder].map((p) => relative(process.cwd(), p));
    const set = await openArchiveSet(given);
    try {
      expect(set.files).toEqual(given);
      expect(set.entries.map((e) => [e.archive, e.path])).toEqual([
        [given[0], 'Takeout/YouTube/subscriptions.csv'],
        [given[1], 'Takeout/YouTube/videos/v.mp4'],
        [given[2], 'Takeout/YouTube/history.json'],
      ]);
      const texts = await Promise.all(set.entries.map((e) => set.readText(e)));
      expect(texts).toEqual(['a', 'video', '[]']);
    } finally {
      await set.close();
    }
  });

  it('detects the kind by content, not by the file name', async () => {
    const zipNamedBin = join(dir, 'download.bin');
    await writeFile(zipNamedBin, await zipBuffer({ 'a.json': 'zip' }));
    const tgzNamedZip = join(dir, 'really-a-tarball.zip');
    await writeFile(tgzNamedZip, await tarBuffer({ 'b.json': 'tgz' }));
    const set = await openArchiveSet([zipNamedBin, tgzNamedZip]);
    try {
      expect(await Promise.all(set.entries.map((e) => set.readText(e)))).toEqual(['zip', 'tgz']);
    } finally {
      await set.close();
    }
  });

  it('opens the same part named twice only once', async () => {
    const zip = await writeZip(join(dir, 'twice.zip'), { 'a.json': 'a' });
    const set = await openArchiveSet([zip, join(dir, '.', 'twice.zip')]);
    try {
      expect(set.files).toEqual([zip]);
      expect(set.entries).toHaveLength(1);
    } finally {
      await set.close();
    }
  });

  it('says a missing path is missing', async () => {
    const missing = join(dir, 'nope.zip');
    const error = await inputError(openArchiveSet([missing]));
    expect(error.message).toBe(`${missing}: no such file or folder.`);
    expect(error.file).toBe(missing);
  });

  it('says an empty file is empty', async () => {
    const empty = join(dir, 'empty.zip');
    await writeFile(empty, '');
    const error = await inputError(openArchiveSet([empty]));
    expect(error.message).toBe(`${empty} is empty (0 bytes).`);
  });

  it('says a file that is neither zip, tarball, folder nor export file is not an archive', async () => {
    // A bare .json/.js/.csv is one export file now (single.test.ts); a .rar is none of these.
    const text = join(dir, 'export.rar');
    await writeFile(text, 'Rar!\x1a\x07\x00 not supported');
    const error = await inputError(openArchiveSet([text]));
    expect(error.message).toBe(`${text} is not a .zip, a .tar.gz, a folder or an export file (.json, .js, .csv).`);
    expect(error.hint).toMatch(/\.zip, \.tar\.gz or \.tgz/);
  });

  it('is a usage error to give no path', async () => {
    await expect(openArchiveSet([])).rejects.toBeInstanceOf(UsageError);
  });

  it('closes the parts already opened when a later part fails', async () => {
    if (!canCountFds) return expect(canCountFds).toBe(false);
    const good = await writeZip(join(dir, 'good.zip'), { 'a.json': 'a' });
    const bad = join(dir, 'bad.zip');
    await writeFile(bad, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    const before = openFdCount();
    await inputError(openArchiveSet([good, bad]));
    expect(openFdCount()).toBe(before);
  });

  it('reads an empty folder and an empty zip as no entries', async () => {
    const folder = join(dir, 'empty-folder');
    await mkdir(folder, { recursive: true });
    const zip = await writeZip(join(dir, 'empty-zip.zip'), {});
    const set = await openArchiveSet([folder, zip]);
    try {
      expect(set.entries).toEqual([]);
    } finally {
      await set.close();
    }
  });
});

describe('entry count cap', () => {
  const files = { 'a.json': 'a', 'b.json': 'b', 'c.json': 'c' };
  it.each([
    ['zip', () => writeZip(join(dir, 'count.zip'), files), /count\.zip holds 3 entries; leave-platform reads at most 2 per archive\./],
    ['tgz', () => writeTarGz(join(dir, 'count.tgz'), files), /count\.tgz holds more than 2 entries/],
    ['folder', () => writeFolder(join(dir, 'count'), files), /count holds more than 2 entries/],
  ] as const)('refuses a %s with more entries than the cap', async (_kind, make, message) => {
    const path = await make();
    const error = await inputError(openArchiveSet([path], { limits: { maxEntries: 2 } }));
    expect(error.message).toMatch(message);
  });
});
