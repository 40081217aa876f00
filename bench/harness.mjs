/**
 * What the upload benchmarks (posts.bench.mjs, peertube.bench.mjs) share: a test server of test/ made
 * runnable on Node 20, the real CLI run as a child process and measured (wall time, time from its first
 * write, peak RSS split at that write, CPU), and the plain table they print.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const CACHE = join(root, '.bench-cache');
export const CLI = join(root, 'bin', 'leave-platform.js');
export const MiB = 1024 * 1024;

/**
 * test/<folder>/server.ts transpiled (types removed, nothing checked) with TypeScript's own transpiler into
 * .bench-cache/<folder>/, following its relative imports, and imported. Node 20 cannot run .ts itself.
 */
export async function loadTestServer(folder) {
  const ts = (await import('typescript')).default;
  const from = join(root, 'test', folder);
  const to = join(CACHE, folder);
  mkdirSync(to, { recursive: true });
  const todo = ['server.ts'];
  const done = new Set();
  while (todo.length > 0) {
    const file = todo.pop();
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(join(from, file), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: file,
    }).outputText;
    writeFileSync(join(to, file.replace(/\.ts$/, '.js')), out);
    for (const m of out.matchAll(/from '\.\/([\w.-]+)\.js'/g)) todo.push(`${m[1]}.ts`);
  }
  return import(pathToFileURL(join(to, 'server.js')).href);
}

/**
 * A test server hook that records when the first write arrives (the CLI is then done reading the archive
 * and planning). `isWrite(request)` says which requests count.
 */
export function firstWriteHook(isWrite) {
  const hook = (event) => {
    if (event.phase === 'received' && hook.firstWriteAt === null && isWrite(event.request)) {
      hook.firstWriteAt = performance.now();
      hook.onFirstWrite?.();
    }
  };
  hook.firstWriteAt = null;
  hook.onFirstWrite = null;
  return hook;
}

/**
 * `leave-platform import <cliArgs...> --yes --json` against `server` as a user runs it (its state under
 * `work`), under /usr/bin/time for its exact peak RSS; /proc/<pid>/status is polled meanwhile to split
 * the peak at the first write `hook` sees. BENCH_CPU_PROF=DIR: a V8 CPU profile of the CLI into DIR.
 */
export async function runImportCli({ server, hook, work, args }) {
  const timeFile = join(work, 'time.txt');
  const env = {
    PATH: process.env.PATH ?? '', HOME: work, LEAVE_PLATFORM_TOKEN: server.token,
    XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'xdg-state'), NO_COLOR: '1', CI: 'true',
  };
  const cliArgs = [
    CLI, 'import', ...args, '--yes', '--json',
    '--allow-http', '--allow-private-network', ...server.connectTo().flatMap((c) => ['--connect-to', c]), '--state', join(work, 'state'),
  ];
  const useTime = existsSync('/usr/bin/time');
  const nodeFlags = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const [cmd, argv] = useTime
    ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...nodeFlags, ...cliArgs]]
    : [process.execPath, [...nodeFlags, ...cliArgs]];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const child = spawn(cmd, argv, { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // The sampler: the largest VmRSS seen before the first write and after it.
  let nodePid = useTime ? null : child.pid;
  let beforeRss = 0;
  let uploadRss = 0;
  const sample = () => {
    nodePid ??= childPidOf(child.pid);
    if (nodePid === null) return;
    const kb = statusField(nodePid, 'VmRSS');
    if (kb === null) return;
    if (hook.firstWriteAt === null) beforeRss = Math.max(beforeRss, kb);
    else uploadRss = Math.max(uploadRss, kb);
  };
  hook.onFirstWrite = sample;
  const timer = setInterval(sample, 50);
  const [code] = await once(child, 'close');
  clearInterval(timer);
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  let maxRssMB = null;
  let cpuMs = null;
  if (useTime && existsSync(timeFile)) {
    const [kb, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    maxRssMB = Math.round(kb / 1024);
    cpuMs = (user + sys) * 1000;
  }
  let json = null;
  try {
    json = JSON.parse(stdout);
  } catch {
    /* a crash: stderr says why */
  }
  const firstWrite = hook.firstWriteAt ?? ended;
  return {
    code, json, stderr, wallMs: ended - started, applyMs: ended - firstWrite, maxRssMB, cpuMs,
    serverCpuMs: (cpu.user + cpu.system) / 1000,
    beforeRssMB: Math.round(beforeRss / 1024), uploadRssMB: Math.round(uploadRss / 1024),
  };
}

/** The node process under /usr/bin/time (its first child). */
function childPidOf(pid) {
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (children) return Number(children.split(' ')[0]);
    }
  } catch {
    /* not started yet, or gone */
  }
  return null;
}

function statusField(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * `size` bytes that file-type (and so the CLI) takes for an MP4: an ISO BMFF `ftyp` box (brand isom), then an
 * `mdat` box of random bytes, in 1 MiB pieces.
 */
export function* videoBytes(size) {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'latin1');
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(size - 32, 0);
  mdat.write('mdat', 4, 'latin1');
  yield Buffer.concat([ftyp, mdat]);
  for (let left = size - 40; left > 0; left -= MiB) yield randomBytes(Math.min(MiB, left));
}

/** Two columns, the first row a header. */
export function table(rows) {
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [i, r] of rows.entries()) {
    console.log(`${r[0].padEnd(width)}  ${r[1]}`);
    if (i === 0) console.log(`${'-'.repeat(width)}  -----`);
  }
}

export const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
