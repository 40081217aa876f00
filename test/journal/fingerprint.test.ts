import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { fingerprintArchives, journalDirFor } from '../../src/journal/fingerprint.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-fp-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

describe('fingerprintArchives', () => {
  it('is stable across copies, renames, mtimes and part order', async () => {
    const big = Buffer.alloc(3 * MiB, 7);
    await writeFile(join(dir, 'part1.zip'), big);
    await writeFile(join(dir, 'part2.zip'), 'second part');
    const a = await fingerprintArchives([join(dir, 'part1.zip'), join(dir, 'part2.zip')]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    await copyFile(join(dir, 'part1.zip'), join(dir, 'renamed.zip'));
    await utimes(join(dir, 'renamed.zip'), new Date('2001-01-01'), new Date('2001-01-01'));
    expect(await fingerprintArchives([join(dir, 'part2.zip'), join(dir, 'renamed.zip')])).toBe(a);
  });

  it('changes when the size, the head or the tail changes', async () => {
    const big = Buffer.alloc(3 * MiB, 7);
    await writeFile(join(dir, 'a.zip'), big);
    const base = await fingerprintArchives([join(dir, 'a.zip')]);
    const tail = Buffer.from(big);
    tail[tail.length - 1] = 8;
    await writeFile(join(dir, 'a.zip'), tail);
    const changedTail = await fingerprintArchives([join(dir, 'a.zip')]);
    const head = Buffer.from(big);
    head[0] = 8;
    await writeFile(join(dir, 'a.zip'), head);
    const changedHead = await fingerprintArchives([join(dir, 'a.zip')]);
    await writeFile(join(dir, 'a.zip'), Buffer.alloc(3 * MiB + 1, 7));
    const changedSize = await fingerprintArchives([join(dir, 'a.zip')]);
    expect(new Set([base, changedTail, changedHead, changedSize]).size).toBe(4);
  });

  it('fingerprints an extracted folder by its files and sizes', async () => {
    await mkdir(join(dir, 'export', 'data'), { recursive: true });
    await writeFile(join(dir, 'export', 'data', 'follow.js'), 'x');
    const a = await fingerprintArchives([join(dir, 'export')]);
    await writeFile(join(dir, 'export', 'data', 'tweets.js'), 'yy');
    expect(await fingerprintArchives([join(dir, 'export')])).not.toBe(a);
  });

  it('a missing archive is an InputError naming it', async () => {
    await expect(fingerprintArchives([join(dir, 'missing.zip')])).rejects.toBeInstanceOf(InputError);
    await expect(fingerprintArchives([])).rejects.toThrow(/No archive/);
  });
});

describe('journalDirFor', () => {
  it('one readable directory per archive and destination', () => {
    const d = journalDirFor('/state', 'f'.repeat(64), '@Me@Example.Social');
    expect(d).toMatch(/^\/state\/migrations\/me@example\.social-[0-9a-f]{16}$/);
    expect(journalDirFor('/state', 'f'.repeat(64), 'me@example.social')).toBe(d);
    expect(journalDirFor('/state', 'e'.repeat(64), 'me@example.social')).not.toBe(d);
    expect(journalDirFor('/state', 'f'.repeat(64), 'other@example.social')).not.toBe(d);
    expect(journalDirFor('/state', 'f', '../../etc/passwd x')).toMatch(/^\/state\/migrations\/\.\._\.\._etc_passwd_x-/);
  });
});
