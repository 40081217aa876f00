/** The batch manifest (issue 11): every field in JSON and CSV, and every problem named with its row and field. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRows, ManifestError, readManifest } from '../../../src/app/batch/readManifest.js';
import { importOptionsOf, rowOptionProblem } from '../../../src/app/batch/rowOptions.js';
import { inShard, parseShard, shardOf } from '../../../src/app/batch/shard.js';
import type { ManifestProblem } from '../../../src/app/batch/types.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-manifest-'));
  await writeFile(join(dir, 'a.zip'), 'x');
  await writeFile(join(dir, 'b.zip'), 'x');
  await writeFile(join(dir, 'map.csv'), 'source,handle\n');
  await writeFile(join(dir, 'token.txt'), 'secret\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(name: string, text: string, env: NodeJS.ProcessEnv = {}): Promise<ManifestProblem[]> {
  const file = join(dir, name);
  await writeFile(file, text);
  try {
    const m = await readManifest(file);
    await checkRows(file, m.rows, env, rowOptionProblem);
    return [];
  } catch (error) {
    if (error instanceof ManifestError) return error.problems;
    throw error;
  }
}

const pick = (ps: ManifestProblem[]) => ps.map((p) => [p.row, p.field, p.code]);

describe('a JSON manifest', () => {
  it('takes every field, merges defaults < command line < row, and makes paths absolute', async () => {
    const file = join(dir, 'm.json');
    await writeFile(file, JSON.stringify({
      version: 1,
      defaults: { minConfidence: 'medium', maxWait: '1h', posts: true, visibility: 'private', tokenEnv: 'TOKEN_ALL', follows: true },
      rows: [{
        id: 'alice', archives: ['a.zip', 'b.zip'], to: '@Alice@Home.test', tokenFile: 'token.txt', state: 'st',
        follows: false, followers: true, blocks: true, mutes: true, lists: true, posts: true, since: '2020-01-01', until: '2021-01-01',
        kinds: ['post', 'reply'], includePrivate: true, visibility: 'public', mentions: 'handle', footer: 'none', backdate: 'never',
        minConfidence: 'verified', maps: ['map.csv'], servers: ['large'], finders: ['explicit', 'map'], maxWait: '30s',
      }, { id: 'bob', archives: ['a.zip'], to: 'bob@home.test' }],
    }));
    const m = await readManifest(file, { maxWait: '2m', lists: true });
    expect(m.format).toBe('json');
    const [alice, bob] = m.rows;
    expect(alice?.archives).toEqual([join(dir, 'a.zip'), join(dir, 'b.zip')]);
    expect(alice?.to).toBe('alice@home.test');
    expect(alice?.token).toEqual({ kind: 'file', path: join(dir, 'token.txt') });
    const a = importOptionsOf(alice!, { stateDir: '/s', dryRun: false, report: null, allowHttp: false });
    expect(a.maxWaitMs).toBe(30_000);
    expect(a.options).toMatchObject({
      follows: false, followFollowers: true, blocks: true, mutes: true, lists: true, minConfidence: 'verified',
      maps: [join(dir, 'map.csv')], servers: ['large'], stateDir: join(dir, 'st'),
    });
    expect([...(a.options.finders ?? [])]).toEqual(['explicit', 'map']);
    expect(a.options.posts).toMatchObject({ visibility: 'public', mentions: 'handle', backdate: 'never', includePrivate: true, since: '2020-01-01T00:00:00.000Z' });
    expect([...(a.options.posts?.kinds ?? [])]).toEqual(['post', 'reply']);
    // bob: the defaults, the command line over the defaults (maxWait), the token from the defaults.
    expect(bob?.token).toEqual({ kind: 'env', name: 'TOKEN_ALL' });
    const b = importOptionsOf(bob!, { stateDir: '/s', dryRun: false, report: null, allowHttp: false });
    expect(b.maxWaitMs).toBe(120_000);
    expect(b.options).toMatchObject({ minConfidence: 'medium', lists: true, stateDir: '/s', follows: true });
    expect(b.options.posts?.visibility).toBe('private');
  });

  it('names every problem at once, each with its row and field', async () => {
    const problems = await problemsOf('m.json', JSON.stringify({
      version: 1,
      defaults: { id: 'x', posts: 'yes' },
      rows: [
        { id: 'a', archives: ['a.zip'], to: 'nobody', visibility: 'everyone', bogus: 1 },
        { archives: [] },
        { id: 'a', archives: ['missing.zip'], tokenEnv: 'A', tokenFile: 'token.txt' },
        { id: 'c', archives: ['a.zip'], token: 'x' },
        { id: 'd', archives: ['a.zip'], tokenEnv: 'ZpQ8vR2mK5nT1xW4yB7cD0eF3gH6jL9aS2dF5gH8jK1' },
        { id: 'e', archives: ['a.zip'], since: 'yesterday', kinds: ['everything'], minConfidence: 'sure', maxWait: 'soon', follows: 'yes' },
      ],
    }));
    expect(pick(problems)).toEqual(expect.arrayContaining([
      ['defaults', 'posts', 'schema'],
      ['defaults', 'id', 'unknown_field'],
      ['a', 'to', 'schema'],
      ['a', 'visibility', 'schema'],
      ['a', 'bogus', 'unknown_field'],
      ['#2', 'id', 'missing_field'],
      ['#2', 'archives', 'schema'],
      ['a', 'tokenFile', 'two_token_sources'],
      ['a', 'id', 'duplicate_id'],
      ['c', 'token', 'token_in_manifest'],
      ['d', 'tokenEnv', 'token_in_manifest'],
      ['e', 'since', 'schema'],
      ['e', 'kinds', 'schema'],
      ['e', 'minConfidence', 'schema'],
      ['e', 'maxWait', 'schema'],
      ['e', 'follows', 'schema'],
    ]));
    expect(problems.find((p) => p.field === 'visibility')?.detail).toContain('public');
  });

  it('checks files, tokens and options of the rows to run', async () => {
    const problems = await problemsOf('m.json', JSON.stringify({
      version: 1,
      rows: [
        { id: 'a', archives: ['gone.zip'], maps: ['nomap.csv'], tokenEnv: 'UNSET_TOKEN' },
        { id: 'b', archives: ['a.zip'], tokenFile: 'nofile.txt', since: '2020-01-01' },
        { id: 'c', archives: ['a.zip'], posts: true, since: '2021-01-01', until: '2020-01-01' },
      ],
    }), { OTHER: 'x' });
    expect(pick(problems)).toEqual([
      ['a', 'archives', 'archive_missing'],
      ['a', 'maps', 'map_missing'],
      ['a', 'tokenEnv', 'token_env_unset'],
      ['b', 'tokenFile', 'token_file_unreadable'],
      ['b', 'since', 'bad_option'],
      ['c', 'since', 'bad_option'],
    ]);
  });

  it('says so when the file is not JSON, not there, or has no rows', async () => {
    expect(pick(await problemsOf('bad.json', '{ "version": 1, '))).toEqual([[null, null, 'not_json']]);
    expect(pick(await problemsOf('empty.json', '{ "version": 2, "rows": [] }'))).toEqual([[null, 'version', 'schema'], [null, 'rows', 'schema']]);
    await expect(readManifest(join(dir, 'none.json'))).rejects.toThrow(ManifestError);
  });
});

describe('a CSV manifest', () => {
  it('reads a header row, lists separated by ";", booleans as words, empty cells as not given', async () => {
    const file = join(dir, 'm.csv');
    await writeFile(file, 'id,archives,to,tokenEnv,posts,kinds,maps,follows,minConfidence\n'
      + 'alice,a.zip;b.zip,@alice@home.test,ALICE_TOKEN,yes,"post,reply",map.csv,,medium\n'
      + 'bob,a.zip,bob@home.test,,false,,,no,\n');
    const m = await readManifest(file);
    expect(m.format).toBe('csv');
    expect(m.rows.map((r) => [r.id, r.archives.length, r.to, r.token.kind])).toEqual([
      ['alice', 2, 'alice@home.test', 'env'], ['bob', 1, 'bob@home.test', 'login'],
    ]);
    expect(m.rows[0]?.options).toMatchObject({ posts: true, kinds: ['post', 'reply'], minConfidence: 'medium', maps: [join(dir, 'map.csv')] });
    expect(m.rows[0]?.options.follows).toBeUndefined();
    expect(m.rows[1]?.options).toMatchObject({ posts: false, follows: false });
  });

  it('names every problem with its row and field, and unknown columns once', async () => {
    const problems = await problemsOf('m.csv', 'id,archives,to,password,colour,posts,visibility\n'
      + 'a,a.zip,me@home.test,,,maybe,public\n'
      + 'a,,me@home.test,,,,loud\n'
      + ',a.zip,,,,,\n');
    expect(pick(problems)).toEqual(expect.arrayContaining([
      ['header', 'password', 'token_in_manifest'],
      ['header', 'colour', 'unknown_field'],
      ['a', 'posts', 'schema'],
      ['a', 'archives', 'missing_field'],
      ['a', 'visibility', 'schema'],
      ['a', 'id', 'duplicate_id'],
      ['#3', 'id', 'missing_field'],
    ]));
    expect(problems.filter((p) => p.field === 'colour')).toHaveLength(1);
  });

  it('refuses a token written into a cell', async () => {
    const problems = await problemsOf('m.csv', 'id,archives,to\nx,a.zip,kP3vR9mQ2xT7wY1zB5nC8dF0gH4jL6sA9eU2iO5pR8t\n');
    expect(pick(problems)).toContainEqual(['x', 'to', 'token_in_manifest']);
  });
});

describe('--shard K/N', () => {
  it('puts each id in exactly one shard, stably, K from 1', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `row-${i}`);
    const shards = [1, 2, 3].map((k) => ids.filter((id) => inShard(id, { index: k, count: 3 })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(40);
    // sha256("row-0") as the first 8 bytes, mod 3, plus 1: fixed forever (a CI matrix relies on it).
    expect(shardOf('row-0', 3)).toBe(shardOf('row-0', 3));
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
