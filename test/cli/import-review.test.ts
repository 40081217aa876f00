/**
 * The review and confirmation prompts (src/cli/review.ts) on their own, with medium matches the local
 * test server cannot produce: which start checked, what checking and unchecking return, one entry per
 * account, no control characters from remote names on the screen, Ctrl-C as an interruption.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IncompleteError } from '../../src/errors.js';
import type { Confidence, Match } from '../../src/model/match.js';
import { confirmRun, reviewChoices, reviewMatches } from '../../src/cli/review.js';
import { KEY, fakeTerminal, screen, typeKeys } from './import-tty.js';

function match(handle: string, confidence: Confidence, displayName: string, detail = `found ${handle}`): Match {
  return {
    contact: { platform: 'twitter', id: null, username: displayName.toLowerCase(), displayName },
    status: 'found', handle, actor: `https://${handle.split('@')[1]}/users/${handle.split('@')[0]}`, confidence,
    evidence: [{ finder: 'search', verifier: null, detail }], movedFrom: null, locked: false,
  };
}

function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = fakeTerminal(true);
  const term = screen();
  stderr.on('data', (c: Buffer) => term.append(c.toString('utf8')));
  return { io: { stdin, stderr }, text: term.text, shown: term.shown, type: (...keys: string[]) => typeKeys(stdin, keys), stderr };
}

const MATCHES = [
  match('yan@b.test', 'low', 'Yan'),
  match('Xia@a.test', 'medium', 'Xia', 'search for "Xia" found xia@a.test named "Xia"'),
  match('xia@a.test', 'low', 'Xia Two'), // another contact led to the same account
  { ...match('zed@c.test', 'low', 'Zed'), status: 'ambiguous' as const }, // not found: never offered
];

describe('reviewChoices', () => {
  it('one entry per account, the surest first, checked when at or above --min-confidence', () => {
    expect(reviewChoices(MATCHES, 'medium')).toEqual([
      { value: 'xia@a.test', name: 'xia@a.test (medium) for Xia on twitter, Xia Two on twitter', description: 'search for "Xia" found xia@a.test named "Xia"; found xia@a.test', checked: true },
      { value: 'yan@b.test', name: 'yan@b.test (low) for Yan on twitter', description: 'found yan@b.test', checked: false },
    ]);
    expect(reviewChoices(MATCHES, 'high').every((c) => !c.checked)).toBe(true);
  });

  it('removes control characters and bidi overrides from names and evidence', () => {
    const [entry] = reviewChoices([match('evil@d.test', 'low', 'Ev\x1b[2J\x1b]0;owned\x07il\u202e', 'named "\x1b[31mred\r"')], 'high');
    expect(entry?.name).toBe('evil@d.test (low) for Ev [2J ]0;owned il  on twitter');
    expect(entry?.description).toBe('named " [31mred "');
  });
});

describe('reviewMatches', () => {
  it('unchecking a match at the minimum rejects it; checking one below approves it', async () => {
    const t = terminal();
    const answer = reviewMatches(t.io, MATCHES, 'medium');
    await t.shown(/These 2 matches are less certain/);
    await t.type(KEY.space, KEY.down, KEY.space, KEY.enter); // uncheck xia, check yan
    const { approved, rejected } = await answer;
    expect([...approved]).toEqual(['yan@b.test']);
    expect([...rejected]).toEqual(['xia@a.test']);
    expect(t.text()).not.toMatch(/zed@c\.test/);
  });

  it('accepted as shown: nothing approved, nothing rejected', async () => {
    const t = terminal();
    const answer = reviewMatches(t.io, MATCHES, 'medium');
    await t.shown(/less certain/);
    await t.type(KEY.enter);
    expect(await answer).toEqual({ approved: new Set(), rejected: new Set() });
  });

  it('nothing to review: no prompt at all', async () => {
    const t = terminal();
    expect(await reviewMatches(t.io, [], 'high')).toEqual({ approved: new Set(), rejected: new Set() });
    expect(t.text()).toBe('');
  });

  it('Ctrl-C is an interruption (exit 3), and stderr stays usable afterwards', async () => {
    const t = terminal();
    const answer = reviewMatches(t.io, MATCHES, 'high').catch((e: unknown) => e);
    await t.shown(/less certain/);
    await t.type(KEY.ctrlC);
    const error = await answer;
    expect(error).toBeInstanceOf(IncompleteError);
    expect((error as IncompleteError).exitCode).toBe(3);
    expect(t.stderr.writableEnded).toBe(false);
    t.stderr.write('still here\n');
    expect(t.text()).toContain('still here');
  });
});

describe('confirmRun', () => {
  it.each([
    { keys: [KEY.enter], answer: true },
    { keys: ['y', KEY.enter], answer: true },
    { keys: ['n', KEY.enter], answer: false },
  ])('$keys → $answer', async ({ keys, answer }) => {
    const t = terminal();
    const asked = confirmRun(t.io, 'Send 3 action(s)?');
    await t.shown(/Send 3 action\(s\)\?/);
    await t.type(...keys);
    expect(await asked).toBe(answer);
    expect(t.stderr.writableEnded).toBe(false);
  });
});
