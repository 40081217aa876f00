/**
 * What the spawned-CLI tests of issue 9 share (import-interrupt, import-kill, import-consent and
 * test/app/status*): a Mastodon test server whose contacts an exported follow list names, the journal
 * read straight from its file (not through src/journal, so a bug there cannot hide itself), `status
 * --json`, and the follow requests the server saw per account.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startCli, type CliRun } from '../helpers/importCli.js';
import { writeMastodonFollowsExport } from '../helpers/zipFiles.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from '../mastodon-server/server.js';

export const CONTACTS = ['alice@far.test', 'bob@far.test', 'carol@other.test', 'dave@other.test', 'erin@other.test', 'fay@far.test'];

export async function followServer(work: string, options: Partial<MastodonTestServerOptions> & { locked?: string[] } = {}) {
  const { locked = [], ...rest } = options;
  const server = await startMastodonTestServer({
    domain: 'home.test',
    accounts: CONTACTS.map((acct) => ({ acct, locked: locked.includes(acct) })),
    ...rest,
  });
  return { server, zip: await writeMastodonFollowsExport(work, CONTACTS) };
}

export interface JournalLine {
  key: string;
  type: string;
  target: string;
  status: string;
  reason?: string | null;
}

/** Every event of every journal under `<work>/state/migrations`, in file order. */
export async function journalEvents(work: string): Promise<JournalLine[]> {
  const root = join(work, 'state', 'migrations');
  const out: JournalLine[] = [];
  for (const dir of await readdir(root).catch(() => [] as string[])) {
    const text = await readFile(join(root, dir, 'journal.jsonl'), 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as Partial<JournalLine>;
      if (typeof e.key === 'string' && typeof e.status === 'string') out.push(e as JournalLine);
    }
  }
  return out;
}

/** The last journal state of each action, as `type target` → status. */
export async function journalState(work: string): Promise<Map<string, JournalLine>> {
  const last = new Map<string, JournalLine>();
  for (const e of await journalEvents(work)) last.set(`${e.type} ${e.target}`, e);
  return last;
}

/** Per-type counts (done/pending/failed/skipped/left) of the last journal states: the next import acts on these. */
export async function journalCounts(work: string): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const e of (await journalState(work)).values()) {
    const c = (out[e.type] ??= { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 });
    const k = e.status === 'planned' || e.status === 'sent' ? 'left' : e.status;
    c[k] = (c[k] ?? 0) + 1;
  }
  return out;
}

export interface StatusJson {
  migrations: {
    destination: string;
    byType: Record<string, Record<string, number>>;
    total: Record<string, number>;
    failures: { target: string; type: string; reason: { code: string } | null }[];
    pendingCheck: { target: string; now: string }[] | null;
    recorded: boolean;
  }[];
}

/** `leave-platform status --json ...args` (the real CLI). */
export async function statusJson(server: MastodonTestServer, work: string, args: string[] = []): Promise<StatusJson> {
  const r = await startCli(server, work, 'status', ['--json', ...args]).done;
  if (r.code !== 0) throw new Error(`status exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StatusJson;
}

/** `leave-platform status ...args` in words. */
export async function statusText(server: MastodonTestServer, work: string, args: string[] = []): Promise<string> {
  const r = await startCli(server, work, 'status', args).done;
  if (r.code !== 0) throw new Error(`status exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** How many follow POSTs reached the server for each account id path (`/api/v1/accounts/:id/follow`). */
export function followPostsPerAccount(server: MastodonTestServer): Map<string, number> {
  const per = new Map<string, number>();
  for (const w of server.writeRequests().filter((r) => r.method === 'POST' && r.path.endsWith('/follow'))) {
    per.set(w.path, (per.get(w.path) ?? 0) + 1);
  }
  return per;
}

/** Follows the server applied, in order (a follow request of a locked account included). */
export const appliedFollows = (server: MastodonTestServer) => server.applied.filter((w) => w.kind === 'follow').map((w) => w.target);

/** Resolves once the run's stderr matches `pattern`; rejects when the run ends first. */
export function stderrShows(run: Pick<CliRun, 'child' | 'done'>, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const check = (d: Buffer) => {
      text += d.toString('utf8');
      if (pattern.test(text)) {
        run.child.stderr!.off('data', check);
        resolve();
      }
    };
    run.child.stderr!.on('data', check);
    void run.done.then((r) => reject(new Error(`the run ended (exit ${r.code}, ${r.signal}) before stderr showed ${pattern}:\n${r.stderr}`)));
  });
}

export { startCli, type CliRun };
