/**
 * Batch benchmark (issue 11): 100 rows of 500 contacts each, drawn from 5,000 distinct contacts over 200
 * hosts (every contact in exactly 10 rows, each row in its own shuffled order), on the resolve benchmark's
 * test fediverse (bench/resolve.bench.mjs --server: WebFinger + actor with a back-link, 50 ms per answer).
 * A dry run: it measures what the shared resolver sends (lookups, i.e. verifications that reached the
 * network, and HTTP requests), the wall time against the bound the client's politeness limits set (per host
 * 4, global 128, as in the resolve bench), and the peak RSS of the process running the batch (a child).
 * Targets: lookups <= 1.05x distinct contacts; wall <= 1.5x bound; peak RSS < 500 MB.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCertificates } from './resolve.bench.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ROWS = 100;
const PER_ROW = 500;
const CONTACTS = 5_000;
const HOSTS = 200;
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
      ['bound set by the limits (per host 4, global 128)', `${(boundMs / 1000).toFixed(2)} s`],
      ['wall time', `${(result.wallMs / 1000).toFixed(2)} s (${(result.wallMs / boundMs).toFixed(2)}x the bound)`],
      ['peak RSS', `${(result.maxRssKb / 1024).toFixed(0)} MB`],
    ];
    for (const [k, v] of table) console.log(`${k.padEnd(52)}  ${v}`);
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
  stdout.on('data', (d) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const l of lines) if (l.trim()) last = l;
  });
  const stderr = new PassThrough();
  stderr.resume();
  const stdin = new PassThrough();
  stdin.end();
  const started = performance.now();
  const code = await main(['node', 'leave-platform', 'batch', join(work, 'batch.json'), '--dry-run', '--json', '--state', join(work, 'state'),
    '--allow-private-network', ...names.flatMap((n) => ['--connect-to', `${n}:127.0.0.1:${port}`])], {
    stdout, stderr, stdin, env: { XDG_CONFIG_HOME: join(work, 'config') }, cwd: work,
  });
  const wallMs = performance.now() - started;
  const summary = JSON.parse(last || buffer);
  process.send({ code, wallMs, lookups: summary.lookups, maxRssKb: process.resourceUsage().maxRSS });
  process.exit(0);
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
