import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mastodonCsvFiles, writeMastodonCsv } from '../../../src/destinations/csv/mastodonCsv.js';
import { DEFAULT_PROFILE } from '../../../src/destinations/profile.js';
import { planActions } from '../../../src/plan/planActions.js';
import { contact, emptyExisting, match, model, options } from '../../plan/builders.js';

const jack = contact('twitter', 'jack', ['following']);
const ann = contact('twitter', 'ann', ['following', 'muted']);
const troll = contact('twitter', 'troll', ['blocked']);
const insta = contact('instagram', 'jack_ig', ['following']);
const cap = contact('twitter', 'cap', ['following']);

function plan(followLimit = 7500) {
  return planActions({
    model: model([jack, ann, troll, insta, cap]),
    matches: [
      match(jack, '@jack@example.social', 'verified'),
      match(ann, 'Ann@Other.Example', 'high'),
      match(troll, 'troll@bad.example', 'verified'),
      match(insta, 'JACK@example.social', 'high'),
      match(cap, 'cap@example.social', 'high'),
    ],
    options: options({ blocks: true, mutes: true, lists: true, followLimit }),
    posts: null,
    existing: emptyExisting(),
    profile: DEFAULT_PROFILE,
    mediaSize: () => null,
    journal: new Map(),
  });
}

describe('mastodonCsvFiles', () => {
  it("writes Mastodon's own import formats, byte for byte", () => {
    const files = Object.fromEntries(mastodonCsvFiles(plan()).map((f) => [f.name, f.content]));
    expect(files).toEqual({
      'following_accounts.csv':
        'Account address,Show boosts,Notify on new posts,Languages\n' +
        'jack@example.social,true,false,\n' +
        'Ann@Other.Example,true,false,\n' +
        'cap@example.social,true,false,\n',
      'blocked_accounts.csv': 'troll@bad.example\n',
      'muted_accounts.csv': 'Account address,Hide notifications\nAnn@Other.Example,true\n',
      'lists.csv':
        'From Twitter,jack@example.social\n' +
        'From Twitter,Ann@Other.Example\n' +
        'From Instagram,jack@example.social\n' +
        'From Twitter,cap@example.social\n',
    });
  });

  it('leaves out what is skipped (the follow limit) or failed, and quotes odd list names', () => {
    const p = plan(1);
    const files = mastodonCsvFiles(p.actions.map((a) => (a.action.type === 'list_add' ? { ...a, action: { ...a.action, list: 'Old, "friends"' } } : a)));
    const following = files.find((f) => f.name === 'following_accounts.csv')!;
    expect(following.rows).toBe(1);
    expect(following.content).toBe('Account address,Show boosts,Notify on new posts,Languages\njack@example.social,true,false,\n');
    const lists = files.find((f) => f.name === 'lists.csv')!;
    expect(lists.content.split('\n')[0]).toBe('"Old, ""friends""",jack@example.social');
    expect(parse(lists.content)).toEqual([['Old, "friends"', 'jack@example.social']]);
  });

  it('an empty plan still gives a following file with its header, and nothing else', () => {
    expect(mastodonCsvFiles([])).toEqual([
      { name: 'following_accounts.csv', content: 'Account address,Show boosts,Notify on new posts,Languages\n', rows: 0 },
    ]);
  });
});

describe('writeMastodonCsv', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the files into the folder, creating it', async () => {
    const out = join(dir, 'csv');
    const written = await writeMastodonCsv(out, plan());
    expect(written.map((w) => [w.name, w.rows])).toEqual([
      ['following_accounts.csv', 3], ['blocked_accounts.csv', 1], ['muted_accounts.csv', 1], ['lists.csv', 4],
    ]);
    expect((await readdir(out)).sort()).toEqual(['blocked_accounts.csv', 'following_accounts.csv', 'lists.csv', 'muted_accounts.csv']);
    expect(await readFile(join(out, 'blocked_accounts.csv'), 'utf8')).toBe('troll@bad.example\n');
  });

  it('a file where the folder should be is a usage mistake (exit 2), not "failed unexpectedly: EEXIST"', async () => {
    const out = join(dir, 'taken');
    await writeFile(out, 'x');
    await expect(writeMastodonCsv(out, plan())).rejects.toMatchObject({ exitCode: 2, message: `--csv ${out} is a file, not a folder.` });
  });
});
