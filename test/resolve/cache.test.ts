import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_TTL_MS, memoryCache, openFileCache } from '../../src/resolve/cache.js';
import { fakeClock } from './fakes.js';

const HOUR = 3_600_000;

describe('resolve cache', () => {
  it('keeps found answers 7 days and not-found answers 12 hours', () => {
    const clock = fakeClock();
    const cache = memoryCache({ clock });
    cache.set('f', { a: 1 }, 'found');
    cache.set('n', { b: 2 }, 'not_found');
    clock.advance(12 * HOUR - 1);
    expect(cache.get('f')).toEqual({ a: 1 });
    expect(cache.get('n')).toEqual({ b: 2 });
    clock.advance(1);
    expect(cache.get('n')).toBeNull();
    clock.advance(7 * 24 * HOUR - 12 * HOUR - 1);
    expect(cache.get('f')).toEqual({ a: 1 });
    clock.advance(1);
    expect(cache.get('f')).toBeNull();
    expect(CACHE_TTL_MS.found).toBe(7 * 24 * HOUR);
  });

  it('ignores what is stored with refresh, but still stores', () => {
    const cache = memoryCache({ clock: fakeClock(), refresh: true });
    cache.set('k', { v: 1 }, 'found');
    expect(cache.get('k')).toBeNull();
    expect(cache.size).toBe(1);
  });

  it('survives a round trip through the file, dropping expired entries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-cache-'));
    const file = join(dir, 'sub', 'resolve.jsonl');
    const clock = fakeClock();
    const a = await openFileCache(file, { clock });
    a.set('found', { x: 'y' }, 'found');
    a.set('nf', { n: 1 }, 'not_found');
    await a.flush();
    clock.advance(13 * HOUR);
    const b = await openFileCache(file, { clock });
    expect(b.get('found')).toEqual({ x: 'y' });
    expect(b.get('nf')).toBeNull();
    await b.flush();
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('ignores a damaged file or damaged lines with a warning, never throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lp-cache-'));
    const clock = fakeClock();
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);

    const garbage = join(dir, 'garbage.jsonl');
    await writeFile(garbage, '\u0000\u0001 not json at all {{{');
    expect((await openFileCache(garbage, { clock, warn })).get('x')).toBeNull();
    expect(warnings[0]).toMatch(/garbage\.jsonl is damaged/);

    const partly = join(dir, 'partly.jsonl');
    await writeFile(partly, [
      '{"leavePlatformCache":1}',
      JSON.stringify({ k: 'good', at: clock.now(), kind: 'found', v: { ok: true } }),
      '{"k":"truncated","at":',
      JSON.stringify({ k: 'badkind', at: clock.now(), kind: 'error', v: 1 }),
      '[]',
    ].join('\n'));
    const c = await openFileCache(partly, { clock, warn });
    expect(c.get('good')).toEqual({ ok: true });
    expect(c.get('badkind')).toBeNull();
    expect(warnings[1]).toMatch(/3 damaged line/);

    // A directory where the file should be: unreadable and unwritable, still no crash.
    const asDir = join(dir, 'isdir');
    await (await import('node:fs/promises')).mkdir(asDir);
    const d = await openFileCache(asDir, { clock, warn });
    d.set('k', { v: 1 }, 'found');
    await d.flush();
    expect(warnings.slice(2).join('\n')).toMatch(/could not (read|write)/);
  });
});
