/**
 * Batch benchmark (issue 11): 100 rows of 500 contacts each, drawn from 5,000 distinct contacts over 200
 * hosts (every contact in exactly 10 rows, each row in its own shuffled order), on the resolve benchmark's
 * test fediverse (bench/resolve.bench.mjs --server: WebFinger + actor with a back-link, 50 ms per answer).
 * A dry run: it measures what the shared resolver sends (lookups, i.e. verifications that reached the
 * network, and HTTP requests), the wall time against the bound the client's politeness limits set (per host
 * 4, global 128, as in the resolve bench), and the peak RSS of the process running the batch (a child).
 * Targets: lookups <= 1.05x distinct contacts; wall <= 1.5x bound; peak RSS < 500 MB.
 *
 * Development knobs: `--rows N` (default 100; the contacts scale with it, 50 new per row), `--cpu-prof DIR`
 * (a V8 CPU profile of the batch process), `--timeline` (when each row entered each phase, from the events,
 * and how many rows were resolving at once).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCertificates } from './resolve.bench.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? null : process.argv[i + 1];
};
const ROWS = Number(argValue('--rows') ?? 100);
const PER_ROW = 500;
const CONTACTS = ROWS * 50;
const HOSTS = Math.min(200, CONTACTS);
const CPU_PROF = argValue('--cpu-prof');
const TIMELINE = process.argv.includes('--timeline');
const DELAY_MS = 50;
const hostName = (i) => `h${i}.bench.test`;
const handleOf = (i) => `user${i}@${hostName(i % HOSTS)}`;

export async function run() {
  const work = join(root, '.bench-cache', 'batch');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const rows = [];
  for (let r = 0; r < ROWS; r++) {
    // Row r takes contacts r*50 .. r*50+499 (mod 5,000): each contact in exactly 10 rows.
    const ids = Array.from({ length: PER_ROW }, (_, j) => (r * (CONTACTS / ROWS) + j) % CONTACTS);
    shuffle(ids, r + 1);
    const dir = join(work, `row${r}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'following_accounts.csv'), `Account address,Show boosts,Notify on new posts,Languages\n${ids.map((i) => `${handleOf(i)},true,false,`).join('\n')}\n`);
    rows.push({ id: `row${r}`, archives: [`row${r}`], to: `me${r}@${hostName(r % HOSTS)}` });
  }
  await writeFile(join(work, 'batch.json'), JSON.stringify({ version: 1, defaults: { finders: ['explicit'] }, rows }));

  const names = Array.from({ length: HOSTS }, (_, i) => hostName(i));
  const { ca, cert, key } = await makeCertificates(names);
  await writeFile(join(work, 'ca.pem'), ca);
  const server = fork(join(here, 'resolve.bench.mjs'), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  server.send({ cert, key });
  const [{ port }] = await once(server, 'message');
  try {
    server.send('reset');
    await once(server, 'message');
    const client = fork(fileURLToPath(import.meta.url), ['--client'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(work, 'ca.pem') },
      execArgv: CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [],
    });
    client.send({ work, port, names });
    const [result] = await once(client, 'message');
    server.send('stats');
    const [stats] = await once(server, 'message');
    const perHostMs = Math.max(...Object.values(stats.requests).map((n) => Math.ceil(n / 4) * DELAY_MS));
    const globalMs = Math.ceil(stats.total / 128) * DELAY_MS;
    const boundMs = Math.max(perHostMs, globalMs);
    const table = [
      ['rows / contacts per row / distinct contacts / hosts', `${ROWS} / ${PER_ROW} / ${CONTACTS} / ${HOSTS}`],
      ['exit code', String(result.code)],
      ['lookups sent (verifications)', `${result.lookups} (${(result.lookups / CONTACTS).toFixed(3)}x distinct)`],
      ['HTTP requests on the fediverse', String(stats.total)],
      ['max requests in flight overall / on one host', `${stats.maxGlobal} / ${Math.max(...Object.values(stats.maxInFlight))}`],
      ['TLS connections opened', String(stats.connections)],
      ['bound set by the limits (per host 4, global 128)', `${(boundMs / 1000).toFixed(2)} s`],
      ['wall time', `${(result.wallMs / 1000).toFixed(2)} s (${(result.wallMs / boundMs).toFixed(2)}x the bound)`],
      ['peak RSS', `${(result.maxRssKb / 1024).toFixed(0)} MB`],
      ['CPU used by the batch / by the fediverse (context)', `${(result.cpuMs / 1000).toFixed(2)} s / ${(stats.cpuMs / 1000).toFixed(2)} s (${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)})`],
    ];
    for (const [k, v] of table) console.log(`${k.padEnd(52)}  ${v}`);
    if (TIMELINE) printTimeline(result.events);
    const ok = result.code === 0 && result.lookups <= 1.05 * CONTACTS && result.wallMs <= 1.5 * boundMs && result.maxRssKb < 500 * 1024;
    console.log(`targets: lookups <= 1.05x, wall <= 1.5x bound, RSS < 500 MB: ${ok ? 'met' : 'MISSED'}`);
    return ok;
  } finally {
    server.kill();
  }
}

/** The child: the real CLI in-process (`batch --dry-run --json`), timed, with its own peak RSS. */
async function client() {
  const [{ work, port, names }] = await once(process, 'message');
  const { main } = await import(pathToFileURL(join(root, 'dist/cli/main.js')).href);
  const { PassThrough } = await import('node:stream');
  const stdout = new PassThrough();
  let last = '';
  let buffer = '';
  const events = [];
  stdout.on('data', (d) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const l of lines) {
      if (!l.trim()) continue;
      last = l;
      // Kept for --timeline (the flag is the parent's; the events are few).
      if (l.startsWith('{"type":"row_') || l.startsWith('{"type":"progress"')) {
        const e = JSON.parse(l);
        events.push({ type: e.type, row: e.row, phase: e.phase ?? null, t: performance.now() });
      }
    }
  });
  const stderr = new PassThrough();
  stderr.resume();
  const stdin = new PassThrough();
  stdin.end();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const code = await main(['node', 'leave-platform', 'batch', join(work, 'batch.json'), '--dry-run', '--json', '--state', join(work, 'state'),
    '--allow-private-network', ...names.flatMap((n) => ['--connect-to', `${n}:127.0.0.1:${port}`])], {
    stdout, stderr, stdin, env: { XDG_CONFIG_HOME: join(work, 'config') }, cwd: work,
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const summary = JSON.parse(last || buffer);
  for (const e of events) e.t -= started;
  process.send({ code, wallMs, lookups: summary.lookups, maxRssKb: process.resourceUsage().maxRSS, events, cpuMs: (cpu.user + cpu.system) / 1000 });
  process.exit(0);
}

/** Per phase: when rows entered it (first/median/last, ms from the start) and how long they stayed; rows resolving at once. */
function printTimeline(events) {
  const rows = new Map();
  for (const e of events) {
    const r = rows.get(e.row) ?? { enter: {}, finish: null };
    rows.set(e.row, r);
    if (e.type === 'row_start') r.enter.start ??= e.t;
    if (e.type === 'progress' && e.phase) r.enter[e.phase] ??= e.t;
    if (e.type === 'row_finish') r.finish = e.t;
  }
  const order = ['start', 'connect', 'parse', 'resolve', 'read', 'plan', 'apply'];
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const f = (ms) => `${(ms / 1000).toFixed(2)}`;
  console.log('phase     entered first/median/last (s)   time in phase median/max (ms)');
  for (const [i, phase] of order.entries()) {
    const entered = [...rows.values()].filter((r) => r.enter[phase] !== undefined);
    if (entered.length === 0) continue;
    const times = entered.map((r) => r.enter[phase]);
    const stay = entered.map((r) => {
      const next = order.slice(i + 1).map((p) => r.enter[p]).find((t) => t !== undefined) ?? r.finish;
      return next - r.enter[phase];
    });
    console.log(`${phase.padEnd(9)} ${[Math.min(...times), median([...times]), Math.max(...times)].map(f).join(' / ').padEnd(31)} ${median([...stay]).toFixed(0)} / ${Math.max(...stay).toFixed(0)}`);
  }
  // Rows in the resolve phase at once, sampled at every event.
  let most = 0;
  for (const e of events) {
    const n = [...rows.values()].filter((r) => r.enter.resolve !== undefined && r.enter.resolve <= e.t && (r.enter.plan ?? r.finish ?? Infinity) > e.t).length;
    most = Math.max(most, n);
  }
  console.log(`rows resolving at once (max): ${most}`);
}

function shuffle(a, seed) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

if (process.argv.includes('--client')) {
  await client();
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await run()) ? 0 : 1;
}
