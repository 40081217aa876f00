import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open as openFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { openArchiveSet } from '../../src/archive/open.js';
import { readAll } from '../../src/archive/capStream.js';
import { makeTempDir, removeTempDir, writeZip, zipBuffer } from '../helpers/zipFiles.js';
import { rawZip, sparseZip64 } from './rawZip.js';
import { canCountFds, openFdCount } from './fds.js';
import { entry, inputError, withSet } from './sets.js';

const MiB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('lp-zip-');
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('zip', () => {
  it('lists entries without directories and reads them as text and as streams', async () => {
    const file = await writeZip(join(dir, 'plain.zip'), {
      'data/': '',
      'data/tweets.js': 'window.YTD.tweets.part0 = []',
      'data/tweets_media/1-a.jpg': Buffer.alloc(3000, 7),
      'README.txt': 'héllo',
    });
    await withSet([file], async (set) => {
      expect(set.files).toEqual([file]);
      expect(set.entries.map((e) => e.path).sort()).toEqual(['README.txt', 'data/tweets.js', 'data/tweets_media/1-a.jpg']);
      expect(entry(set, 'README.txt')).toEqual({ path: 'README.txt', size: Buffer.byteLength('héllo'), archive: file });
      expect(await set.readText(entry(set, 'README.txt'))).toBe('héllo');
      const media = await readAll(await set.open(entry(set, 'data/tweets_media/1-a.jpg')));
      expect(media.equals(Buffer.alloc(3000, 7))).toBe(true);
    });
  });

  it('reads stored (uncompressed) entries', async () => {
    const file = await writeZip(join(dir, 'stored.zip'), { 'a.json': '{"x":1}' }, { compress: false });
    await withSet([file], async (set) => {
      expect(await set.readText(entry(set, 'a.json'))).toBe('{"x":1}');
    });
  });

  it('reads zip64 archives', async () => {
    const file = await writeZip(join(dir, 'z64.zip'), {
      'data/tweets.js': 'zip64 text',
      'data/big.bin': Buffer.alloc(2 * MiB, 1),
    }, { forceZip64Format: true });
    const bytes = await readFile(file);
    // The central directory record defers its sizes to the zip64 extra field (APPNOTE 4.5.3).
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(bytes.readUInt32LE(central + 24)).toBe(0xffffffff);
    await withSet([file], async (set) => {
      expect(await set.readText(entry(set, 'data/tweets.js'))).toBe('zip64 text');
      expect(entry(set, 'data/big.bin').size).toBe(2 * MiB);
      expect((await readAll(await set.open(entry(set, 'data/big.bin')))).length).toBe(2 * MiB);
    });
  });

  it('lists a multi-GB zip64 entry from the central directory and streams it on demand', async () => {
    const size = 5 * 1024 * MiB;
    const { head, tail, tailOffset } = sparseZip64('videos/huge.mp4', size);
    const file = join(dir, 'sparse64.zip');
    const handle = await openFile(file, 'w');
    await handle.write(head, 0, head.length, 0);
    await handle.write(tail, 0, tail.length, tailOffset);
    await handle.close();
    await withSet([file], async (set) => {
      expect(set.entries).toEqual([{ path: 'videos/huge.mp4', size, archive: file }]);
      const huge = entry(set, 'videos/huge.mp4');
      const tooBig = await inputError(set.readText(huge));
      expect(tooBig.message).toMatch(/videos\/huge\.mp4 is 5 GiB, more than the 512 MiB limit/);
      // Streaming works without reading the rest: take the first MiB and stop.
      const stream = await set.open(huge);
      let seen = 0;
      for await (const chunk of stream) {
        seen += (chunk as Buffer).length;
        if (seen >= MiB) break;
      }
      expect(seen).toBeGreaterThanOrEqual(MiB);
      expect(seen).toBeLessThan(size);
    });
  });

  it('lists without reading entry data: the data can be garbage until an entry is opened', async () => {
    const good = await zipBuffer({
      'a/one.json': Buffer.alloc(MiB, 0x61),
      'a/two.json': Buffer.alloc(MiB, 0x62),
    });
    // Overwrite everything before the central directory (local headers and data) with zeros.
    const centralStart = good.readUInt32LE(good.length - 22 + 16);
    good.fill(0, 0, centralStart);
    const file = join(dir, 'garbage-data.zip');
    await writeFile(file, good);
    await withSet([file], async (set) => {
      expect(set.entries.map((e) => [e.path, e.size])).toEqual([['a/one.json', MiB], ['a/two.json', MiB]]);
      const error = await inputError(set.readText(entry(set, 'a/one.json')));
      expect(error.message).toContain(`${file}: a/one.json cannot be read`);
      expect(error.cause).toBeInstanceOf(Error);
    });
  });

  it('drops __MACOSX/ and ._ entries and keeps a wrapper folder in the paths', async () => {
    const file = await writeZip(join(dir, 'mac.zip'), {
      'twitter-2024/data/account.js': 'x',
      '__MACOSX/twitter-2024/data/._account.js': 'resource fork',
      'twitter-2024/data/._account.js': 'appledouble',
      'twitter-2024/.DS_Store': 'ds',
    });
    await withSet([file], async (set) => {
      expect(set.entries.map((e) => e.path).sort()).toEqual(['twitter-2024/.DS_Store', 'twitter-2024/data/account.js']);
    });
  });

  it('normalizes backslash separators written by Windows tools', async () => {
    const file = join(dir, 'windows.zip');
    await writeFile(file, rawZip([{ name: 'data\\tweets.js', content: Buffer.from('win') }]));
    await withSet([file], async (set) => {
      expect(set.entries.map((e) => e.path)).toEqual(['data/tweets.js']);
      expect(await set.readText(entry(set, 'data/tweets.js'))).toBe('win');
    });
  });

  it('drops a UTF-8 BOM in readText', async () => {
    const file = await writeZip(join(dir, 'bom.zip'), { 'a.csv': '\uFEFFname,url\n' });
    await withSet([file], async (set) => {
      expect(await set.readText(entry(set, 'a.csv'))).toBe('name,url\n');
    });
  });

  it('closes every fd on close(), even with a stream left unread', async () => {
    if (!canCountFds) return expect(canCountFds).toBe(false);
    const file = await writeZip(join(dir, 'fds.zip'), { 'a.bin': Buffer.alloc(4 * MiB, 3), 'b.txt': 'b' });
    const before = openFdCount();
    const set = await openArchiveSet([file]);
    expect(openFdCount()).toBe(before + 1);
    const stream = await set.open(entry(set, 'a.bin'));
    stream.once('data', () => stream.pause());
    expect(await set.readText(entry(set, 'b.txt'))).toBe('b');
    await set.close();
    expect(openFdCount()).toBe(before);
    expect(stream.destroyed).toBe(true);
  });
});

describe('hostile zips', () => {
  it.each([
    ['../evil.json'],
    ['/etc/passwd'],
    ['C:\\Windows\\evil.dll'],
    ['C:/evil'],
    ['..\\evil.json'],
    ['data\\..\\..\\evil.json'],
    ['ok/../../evil.json'],
  ])('refuses the archive when an entry is named %j (zip slip)', async (name) => {
    const file = join(dir, 'slip.zip');
    await writeFile(file, rawZip([{ name: 'data/ok.js', content: Buffer.from('ok') }, { name, content: Buffer.from('x') }]));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toContain(`${file} holds an entry with an unsafe name`);
    expect(error.message).toContain('this archive is refused');
    expect(error.file).toBe(file);
  });

  it('stops a zip bomb whose header lies about its size, without inflating it all', async () => {
    const file = join(dir, 'lying.zip');
    await writeFile(file, rawZip([{ name: 'data/tweets.js', content: Buffer.alloc(16 * MiB), method: 8, declaredSize: 1000 }]));
    await withSet([file], async (set) => {
      expect(entry(set, 'data/tweets.js').size).toBe(1000);
      const text = await inputError(set.readText(entry(set, 'data/tweets.js')));
      expect(text.message).toMatch(/data\/tweets\.js expands to more than 1000 bytes, more than its header declares/);
      const stream = await inputError(readAll(await set.open(entry(set, 'data/tweets.js'))));
      expect(stream.message).toMatch(/zip bomb/);
    });
  });

  it('refuses to read an entry whose declared size is over the cap before inflating anything', async () => {
    const file = join(dir, 'honest-bomb.zip');
    await writeFile(file, rawZip([{ name: 'bomb.json', content: Buffer.alloc(8 * MiB), method: 8 }]));
    await withSet([file], async (set) => {
      const error = await inputError(set.readText(entry(set, 'bomb.json'), { maxBytes: MiB }));
      expect(error.message).toBe(`${file}: bomb.json is 8 MiB, more than the 1 MiB limit for reading it.`);
      const viaOpen = await inputError(set.open(entry(set, 'bomb.json'), { maxBytes: MiB }));
      expect(viaOpen.message).toContain('more than the 1 MiB limit');
    });
    const small = await openArchiveSet([file], { limits: { maxTextBytes: 4 * MiB } });
    try {
      await inputError(small.readText(entry(small, 'bomb.json')));
    } finally {
      await small.close();
    }
  });

  it('refuses entries that share compressed data (overlapping zip bomb)', async () => {
    const file = join(dir, 'overlap.zip');
    await writeFile(file, rawZip([
      { name: 'a.json', content: Buffer.alloc(MiB), method: 8 },
      { name: 'b.json', sameDataAs: 0 },
      { name: 'c.json', sameDataAs: 0 },
    ]));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toMatch(/entries whose data overlap .* zip bomb/);
  });

  it('says a truncated zip is truncated', async () => {
    const whole = await zipBuffer({ 'a.json': Buffer.alloc(100_000, 0x41), 'b.json': 'b' });
    const file = join(dir, 'truncated.zip');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toBe(`${file} is truncated or not a zip: its central directory is missing.`);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says a zip with a corrupt central directory is not readable', async () => {
    const bytes = await zipBuffer({ 'a.json': 'a', 'b.json': 'b' });
    const centralStart = bytes.readUInt32LE(bytes.length - 22 + 16);
    bytes.writeUInt32LE(0xdeadbeef, centralStart); // break the first central header signature
    const file = join(dir, 'corrupt-cd.zip');
    await writeFile(file, bytes);
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toMatch(/^.*corrupt-cd\.zip is not a readable zip \(invalid central directory file header signature/);
  });

  it('says a zip with corrupt compressed data cannot be read, on reading', async () => {
    const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join(''));
    const bytes = rawZip([{ name: 'data.txt', content, method: 8 }]);
    const dataStart = 30 + 'data.txt'.length;
    const compressedLength = deflateRawSync(content).length;
    bytes.fill(0xff, dataStart + 2, dataStart + compressedLength - 2);
    const file = join(dir, 'corrupt-data.zip');
    await writeFile(file, bytes);
    await withSet([file], async (set) => {
      const error = await inputError(set.readText(entry(set, 'data.txt')));
      expect(error.message).toMatch(/corrupt-data\.zip: data\.txt cannot be read \(/);
    });
  });

  it('says a file that starts like a zip but is garbage is not a zip', async () => {
    const file = join(dir, 'garbage.zip');
    await writeFile(file, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(1000, 0x20)]));
    const error = await inputError(openArchiveSet([file]));
    expect(error.message).toContain('is truncated or not a zip');
  });
});
