/**
 * `inspect` and `parse` end to end through the CLI entry point: real samples, the fixture archive, and
 * every kind of bad input the foundation issue names (each exit code 2 with a clear message).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { modelSchemaErrors } from '../helpers/modelSchema.js';
import { makeTempDir, removeTempDir, writeZip } from '../helpers/zipFiles.js';
import { rawZip } from '../archive/rawZip.js';

const SAMPLES = new URL('../../../shared/samples/twitter/', import.meta.url).pathname;
const FIXTURE = new URL('../../fixtures/twitter-sample.zip', import.meta.url).pathname;

let dir: string;
beforeAll(async () => { dir = await makeTempDir('lp-cli-'); });
afterAll(async () => { await removeTempDir(dir); });

describe('inspect', () => {
  it('shows platform, layout, counts and date range of the fixture archive', async () => {
    const r = await runCli(['inspect', FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Platform:\s+twitter \(layout 2022\+\)/);
    expect(r.stdout).toMatch(/twitter following\s+\d+/);
    expect(r.stdout).toMatch(/from\s+\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
  });

  it('prints the same summary as JSON with --json', async () => {
    const r = await runCli(['--json', 'inspect', FIXTURE]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.version).toBe(1);
    expect(summary.sources[0]).toMatchObject({ platform: 'twitter', layout: '2022+' });
    expect(summary.contacts.byRelation.twitter.following).toBeGreaterThan(0);
    expect(summary.posts.total).toBeGreaterThan(0);
  });

  it.each(['dogsheep-2019-root-layout', 'larsbrinkhoff-2021-03-old-style', 'larsbrinkhoff-2023-08-new-style'])(
    'reads the real sample folder %s', async (name) => {
      const r = await runCli(['--json', 'inspect', join(SAMPLES, name)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).sources[0].platform).toBe('twitter');
    });
});

describe('parse', () => {
  it('writes a model that validates against the shipped schema, to stdout and to --out', async () => {
    const r = await runCli(['parse', FIXTURE]);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(modelSchemaErrors(model)).toEqual([]);
    expect(model.contacts.length).toBeGreaterThan(0);
    expect(model.posts.length).toBeGreaterThan(0);

    const out = join(dir, 'model.json');
    const r2 = await runCli(['parse', FIXTURE, '--out', out]);
    expect(r2.code).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(model);
  });

  it.each(['dogsheep-2019-root-layout', 'larsbrinkhoff-2021-03-old-style', 'larsbrinkhoff-2023-08-new-style'])(
    'parses the real sample %s into a valid model', async (name) => {
      const r = await runCli(['parse', join(SAMPLES, name)]);
      expect(r.code).toBe(0);
      expect(modelSchemaErrors(JSON.parse(r.stdout))).toEqual([]);
    });

  it('fails with exit 2 when --out cannot be written', async () => {
    const r = await runCli(['parse', FIXTURE, '--out', join(dir, 'no-such-dir', 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot write .*x\.json/);
  });
});

describe('bad input ends in exit code 2 with a clear message and no stack trace', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a missing path', async () => join(dir, 'nope.zip'), /nope\.zip/],
    ['an empty file', async () => { const p = join(dir, 'empty.zip'); await writeFile(p, ''); return p; }, /empty\.zip.*empty/i],
    ['a file that is not an archive', async () => { const p = join(dir, 'notes.zip'); await writeFile(p, 'hello, I am text'); return p; }, /notes\.zip/],
    ['a corrupt zip', async () => {
      const p = join(dir, 'corrupt.zip');
      const good = rawZip([{ name: 'data/tweets.js', content: Buffer.from('window.YTD.tweets.part0 = []') }]);
      good.fill(0xff, 10, 40);
      await writeFile(p, good);
      return p;
    }, /corrupt\.zip/],
    ['a truncated zip', async () => {
      const p = join(dir, 'truncated.zip');
      const good = rawZip([{ name: 'data/tweets.js', content: Buffer.alloc(5000, 0x20) }]);
      await writeFile(p, good.subarray(0, good.length - 30));
      return p;
    }, /truncated\.zip/],
    ['a zip that is not an export', async () => writeZip(join(dir, 'holiday.zip'), { 'photos/beach.jpg': 'jpeg', 'notes.txt': 'hi' }), /does not look like a data export/],
    ['a zip-slip entry name', async () => {
      const p = join(dir, 'slip.zip');
      await writeFile(p, rawZip([
        { name: 'data/manifest.js', content: Buffer.from('window.__THAR_CONFIG = {}') },
        { name: '../../etc/evil.js', content: Buffer.from('x') },
      ]));
      return p;
    }, /slip\.zip/],
    ['a zip bomb (an entry that decompresses far past its declared size)', async () => {
      const p = join(dir, 'bomb.zip');
      await writeFile(p, rawZip([
        { name: 'data/manifest.js', content: Buffer.from('window.__THAR_CONFIG = {"userInfo":{}}') },
        { name: 'data/account.js', content: Buffer.alloc(50 * 1024 * 1024, 0x20), method: 8, declaredSize: 100 },
        { name: 'data/tweets.js', content: Buffer.alloc(50 * 1024 * 1024, 0x20), method: 8, declaredSize: 100 },
      ]));
      return p;
    }, /bomb\.zip/],
    ['invalid JSON in tweets.js', async () => writeZip(join(dir, 'badjson.zip'), {
      'data/manifest.js': 'window.__THAR_CONFIG = {"dataTypes":{}}',
      'data/account.js': 'window.YTD.account.part0 = [{"account":{"accountId":"1","username":"me"}}]',
      'data/tweets.js': 'window.YTD.tweets.part0 = [ { "tweet" : { "id_str": "1", "full_text": "a", } ',
    }), /tweets\.js/],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const path = await make();
    for (const command of ['inspect', 'parse']) {
      const r = await runCli([command, path]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^Error: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    }
  });

  it('shows the stack trace with --verbose', async () => {
    const r = await runCli(['--verbose', 'inspect', join(dir, 'nope.zip')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await runCli(['inspect', '--frobnicate', FIXTURE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('no archive argument is a usage error (exit 2)', async () => {
    const r = await runCli(['parse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
  });
});

describe('--help and --version', () => {
  it('exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/inspect/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('inspect wording', () => {
  it('names relations as a person says them', async () => {
    const r = await runCli(['inspect', new URL('../../fixtures/instagram-sample.zip', import.meta.url).pathname]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/instagram close friends\s+1/);
    expect(r.stdout).toMatch(/instagram followers\s+3/);
    expect(r.stdout).not.toMatch(/close_friend/);
  });
});
