/**
 * Running `import` in-process as if on a terminal: stdin and stderr are streams that say `isTTY`, the
 * test reads what the prompts draw on stderr and types keys into stdin (what a terminal in raw mode
 * sends: @inquirer/core reads keypresses through readline with `terminal: true`, whatever the stream).
 * Plus the fixture every import*.test.ts uses: an Instagram export whose contacts the local Mastodon
 * test server knows at several confidences.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearLine, clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from '../mastodon-server/server.js';
import { writeZip } from '../helpers/zipFiles.js';

export const KEY = { down: '\x1b[B', up: '\x1b[A', space: ' ', enter: '\r', ctrlC: '\x03' } as const;

export interface TtyRun {
  /** Everything drawn on stderr so far (ANSI sequences included). */
  stderr(): string;
  /** Resolves once stderr, after `from` characters, matches `pattern`; rejects if the run ends first. */
  waitFor(pattern: RegExp, from?: number): Promise<number>;
  /** Types keys one at a time, letting the prompt redraw between them. */
  type(...keys: string[]): Promise<void>;
  done: Promise<{ code: number; stdout: string; stderr: string }>;
}

export interface TtyOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Which of stdin and stderr claim to be terminals (default both). */
  stdinTTY?: boolean;
  stderrTTY?: boolean;
}

/** Text that arrives in pieces (a terminal's screen), and promises that wait for a pattern to show in it. */
export function screen() {
  let text = '';
  let ended = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  return {
    text: () => text,
    append(more: string) {
      text += more;
      notify();
    },
    /** No more text will come: waits still pending reject. */
    end() {
      ended = true;
      notify();
    },
    /** Resolves with the offset just past the first match of `pattern` after `from`. */
    shown(pattern: RegExp, from = 0): Promise<number> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(text.slice(from));
          if (m) {
            waiters.delete(check);
            resolve(from + m.index + m[0].length);
          } else if (ended) {
            waiters.delete(check);
            reject(new Error(`the run ended before the screen showed ${pattern}:\n${text}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

export function runTty(args: string[], options: TtyOptions): TtyRun {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.stdinTTY ?? true });
  const stderr = fakeTerminal(options.stderrTTY ?? true);
  const stdout = new PassThrough();
  let out = '';
  const err = screen();
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => err.append(c.toString('utf8')));
  const done = main(['node', 'leave-platform', ...args], { stdin, stdout, stderr, env: options.env, cwd: options.cwd })
    .then((code) => ({ code, stdout: out, stderr: err.text() }))
    .finally(() => err.end());
  return {
    stderr: err.text,
    waitFor: err.shown,
    type: (...keys) => typeKeys(stdin, keys),
    done,
  };
}

/** Writes keys one at a time, letting the prompt redraw between them. */
export async function typeKeys(stdin: NodeJS.WritableStream, keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * A stream that writes like a tty.WriteStream (what ora and the prompts draw on): isTTY, a size, and the
 * cursor methods, which write the same escape sequences through node:readline's helpers.
 */
export function fakeTerminal(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; rows: number } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, rows: 40 });
  if (!isTTY) return stream;
  return Object.assign(stream, {
    cursorTo: (x: number, y?: number | (() => void), cb?: () => void) => typeof y === 'function' ? cursorTo(stream, x, undefined, y) : cursorTo(stream, x, y, cb),
    moveCursor: (dx: number, dy: number, cb?: () => void) => moveCursor(stream, dx, dy, cb),
    clearLine: (dir: -1 | 0 | 1, cb?: () => void) => clearLine(stream, dir, cb),
    clearScreenDown: (cb?: () => void) => clearScreenDown(stream, cb),
    getColorDepth: () => 1,
    hasColors: () => false,
  });
}

/**
 * Instagram usernames → what the fediverse holds for them:
 *   ada  far.test account linking back to instagram.com/ada      verified
 *   dee  named in the user's --map file                          high
 *   ben  same username on far.test, nothing ties it to the contact low (a guess)
 *   cy   same username on other.test, likewise                     low
 *   eve  nowhere                                                   not found
 */
export const CONTACTS = ['ada', 'ben', 'cy', 'dee', 'eve'];
export const SURE = ['ada@far.test', 'dee@far.test'];
export const GUESSED = ['ben@far.test', 'cy@other.test'];

export interface ImportFixture {
  server: MastodonTestServer;
  zip: string;
  /** The arguments every run needs: archive, --to, the local network switches, finders, state dir. */
  args: string[];
  env: NodeJS.ProcessEnv;
  state: string;
}

export async function importFixture(work: string, options: Partial<MastodonTestServerOptions> = {}): Promise<ImportFixture> {
  const server = await startMastodonTestServer({
    domain: 'home.test',
    accounts: [
      { acct: 'ada@far.test', fields: [{ name: 'Instagram', value: '<a href="https://www.instagram.com/ada" rel="me">instagram.com/ada</a>' }] },
      { acct: 'dee@far.test' },
      { acct: 'ben@far.test' },
      { acct: 'cy@other.test' },
    ],
    ...options,
  });
  const following = {
    relationships_following: CONTACTS.map((u, i) => ({
      title: u,
      string_list_data: [{ href: `https://www.instagram.com/_u/${u}`, timestamp: 1_700_000_000 + i }],
    })),
  };
  const zip = await writeZip(join(work, 'instagram-export.zip'), {
    'connections/followers_and_following/following.json': JSON.stringify(following, null, 2),
  });
  const map = join(work, 'map.csv');
  await writeFile(map, 'source,handle\ndee,dee@far.test\n');
  const state = join(work, 'state');
  const args = [
    '--allow-http', '--allow-private-network', ...server.connectTo().flatMap((c) => ['--connect-to', c]), '--state', state,
    'import', zip, '--to', '@me@home.test', '--finders', 'map,guess', '--map', map, '--servers', 'far.test,other.test',
  ];
  const env = { LEAVE_PLATFORM_TOKEN: server.token, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' };
  return { server, zip, args, env, state };
}

/** The journal files (path → content) under the state dir. */
export async function journalFiles(state: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = join(state, 'migrations');
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (e.isFile()) out.set(join(e.parentPath, e.name), await readFile(join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}
