/**
 * Resolve benchmark (issue 4): 5,000 contacts over 200 local hosts, every answer delayed 50 ms, the
 * client's per-host limit 4. Each contact names its handle in its bio (explicit finder), so verifying it
 * is WebFinger then the actor, with a back-link: 2 requests, all 5,000 should come out `verified`.
 *
 * The fediverse runs in a child process (one https server on 127.0.0.1 for every host name, a throwaway
 * CA made here with node-forge), so its timers do not share an event loop with the resolver. The lower
 * bound is computed from the requests the server actually saw:
 *   per host   ceil(requests to the host / per-host limit) * 50 ms, the max over hosts
 *   global     ceil(all requests / global limit) * 50 ms
 * Targets: wall time <= 1.5x max(per host, global); no host ever above the per-host limit.
 *
 * Two scenarios, each its own table, each with a new client (cold connections) against the same server:
 *   even     contact i on host i mod 200: at most 50 requests per host, so the global limit binds
 *            (3.95 s) and no host sees more than ~2 requests at once. Its table is the original one.
 *   skewed   every other contact on one of 4 popular hosts (1,250 requests each), the rest over the
 *            other 196: the per-host bound (15.65 s) binds, and the per-host limiter is under load
 *            while 196 quiet hosts compete with the popular ones for the resolver's workers.
 * For context it also prints the CPU both processes used: on a small machine 10,000 TLS exchanges cost
 * more CPU time than the limits' bound, and then the CPU, not the scheduling, sets the wall time.
 */
import { fork } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:https';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const CONTACTS = 5_000;
const HOSTS = 200;
const DELAY_MS = 50;
const RATIO_TARGET = 1.5;
/** Popular hosts of the skewed scenario (mastodon.social-like servers). */
const POPULAR = 4;
const hostName = (i) => `h${i}.bench.test`;

export async function run() {
  const modules = {
    ...(await import(pathToFileURL(join(root, 'dist/net/client.js')).href)),
    ...(await import(pathToFileURL(join(root, 'dist/app/runResolve.js')).href)),
    ...(await import(pathToFileURL(join(root, 'dist/resolve/resolveContacts.js')).href)),
    ...(await import(pathToFileURL(join(root, 'dist/resolve/finders/explicit.js')).href)),
    ...(await import(pathToFileURL(join(root, 'dist/resolve/verify.js')).href)),
  };

  const names = Array.from({ length: HOSTS }, (_, i) => hostName(i));
  const { ca, cert, key } = await makeCertificates(names);
  const server = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  server.send({ cert, key });
  const [{ port }] = await once(server, 'message');
  try {
    // Scenario 1, even: contact i on host i mod 200. No host gets more than 50 requests, so the global
    // limit binds and no host ever sees more than a couple of requests at once.
    const even = await runScenario(modules, { ca, port, names, server, hostOf: (i) => hostName(i % HOSTS) });
    // Scenario 2, skewed: as real follow lists concentrate on a few big servers, every other contact is on
    // one of POPULAR hosts (round robin) and the rest spread over the other HOSTS - POPULAR. The busiest
    // host then gets 2 * CONTACTS / 2 / POPULAR requests, so the per-host limit binds, and the popular
    // contacts are interleaved with the others as in a real list: a resolver whose worker pool fills with
    // contacts waiting for a popular host leaves the other hosts idle (head-of-line blocking).
    console.log(`\nskewed: half the contacts on ${POPULAR} popular hosts, the other half spread over the other ${HOSTS - POPULAR}`);
    const skewed = await runScenario(modules, {
      ca, port, names, server, extraRows: true,
      hostOf: (i) => (i % 2 === 0 ? hostName((i / 2) % POPULAR) : hostName(POPULAR + (((i - 1) / 2) % (HOSTS - POPULAR)))),
    });
    return even && skewed;
  } finally {
    server.kill();
  }
}

/** One resolve of CONTACTS contacts, contact i on host hostOf(i), against the running server; prints a table. */
async function runScenario(modules, { ca, port, names, server, hostOf, extraRows = false }) {
  const { createHttpClient, RESOLVE_HTTP_LIMITS, resolveContacts, explicitFinder, verifyCandidate } = modules;
  const { perHostConcurrency, globalConcurrency } = RESOLVE_HTTP_LIMITS;
  const http = createHttpClient({
    allowHttp: false, allowPrivateNetwork: true, ca, perHostConcurrency, globalConcurrency,
    connectTo: names.map((n) => `${n}:127.0.0.1:${port}`),
  });
  const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
    platform: 'twitter', id: String(1000 + i), username: `user${i}`, displayName: `User ${i}`, profileUrl: null,
    bio: `moved to @user${i}@${hostOf(i)}`, urls: [], location: null, relations: ['following'], since: null,
  }));

  let matches;
  server.send('reset');
  await once(server, 'message');
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  try {
    matches = await resolveContacts(contacts, {
      finders: [explicitFinder()],
      verify: (handle, identity) => verifyCandidate(handle, identity, { http }),
    });
  } finally {
    await http.close();
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const clientCpuMs = (cpu.user + cpu.system) / 1000;
  server.send('stats');
  const [stats] = await once(server, 'message');

  const perHostRequests = Object.values(stats.requests);
  const busiest = Math.max(...perHostRequests);
  const perHostMs = Math.max(...perHostRequests.map((n) => Math.ceil(n / perHostConcurrency) * DELAY_MS));
  const globalMs = Math.ceil(stats.total / globalConcurrency) * DELAY_MS;
  const boundMs = Math.max(perHostMs, globalMs);
  const ratio = wallMs / boundMs;
  const maxHost = Math.max(...Object.values(stats.maxInFlight));
  const verified = matches.filter((m) => m.status === 'found' && m.confidence === 'verified').length;

  const rows = [
    ['measurement', 'value'],
    ['contacts / hosts / requests', `${CONTACTS} / ${HOSTS} / ${stats.total}`],
    ...(extraRows ? [['requests on the busiest host / on the quietest', `${busiest} / ${Math.min(...perHostRequests)}`]] : []),
    ['limits (per host / global)', `${perHostConcurrency} / ${globalConcurrency}`],
    ['lower bound per host (max over hosts)', `${(perHostMs / 1000).toFixed(2)} s`],
    ['lower bound global', `${(globalMs / 1000).toFixed(2)} s`],
    ...(extraRows ? [['binding bound', perHostMs >= globalMs ? 'per host' : 'global']] : []),
    ['wall time', `${(wallMs / 1000).toFixed(2)} s`],
    ['ratio to the bound', `${ratio.toFixed(2)}x`],
    ['max concurrent requests on one host', String(maxHost)],
    ['max concurrent requests overall', String(stats.maxGlobal)],
    ['TLS connections opened', String(stats.connections)],
    ['CPU floor: all CPU used / cores (context, not the target)', `${((clientCpuMs + stats.cpuMs) / availableParallelism() / 1000).toFixed(2)} s`],
    ['CPU used: resolver / fediverse', `${(clientCpuMs / 1000).toFixed(2)} s / ${(stats.cpuMs / 1000).toFixed(2)} s (${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)})`],
    ['contacts verified', `${verified} / ${CONTACTS}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [i, r] of rows.entries()) {
    console.log(`${r[0].padEnd(width)}  ${r[1]}`);
    if (i === 0) console.log(`${'-'.repeat(width)}  -----`);
  }
  const timeOk = ratio <= RATIO_TARGET;
  const limitOk = maxHost <= perHostConcurrency;
  const allOk = verified === CONTACTS;
  console.log(`targets: wall time <= ${RATIO_TARGET}x bound: ${timeOk ? 'met' : 'MISSED'}; per-host limit never exceeded: ${limitOk ? 'met' : 'MISSED'}; all verified: ${allOk ? 'yes' : 'NO'}`);
  return timeOk && limitOk && allOk;
}

/** A CA and one server certificate for every host name; node-forge is a dev dependency (as in test/fediverse). */
export async function makeCertificates(names) {
  const { default: forge } = await import('node-forge');
  const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const caKey = forge.pki.privateKeyFromPem(pem());
  const serverKeyPem = pem();
  const serverKey = forge.pki.privateKeyFromPem(serverKeyPem);
  const caName = [{ name: 'commonName', value: 'leave-platform bench CA (throwaway)' }];
  const make = (publicKey, subject, extensions) => {
    const c = forge.pki.createCertificate();
    c.publicKey = publicKey;
    c.serialNumber = `01${randomBytes(15).toString('hex')}`;
    c.validity.notBefore = new Date(Date.now() - 3600_000);
    c.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    c.setSubject(subject);
    c.setIssuer(caName);
    c.setExtensions(extensions);
    c.sign(caKey, forge.md.sha256.create());
    return c;
  };
  const caCert = make(forge.pki.setRsaPublicKey(caKey.n, caKey.e), caName, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  // One wildcard name (*.bench.test), as a hosting provider would use, rather than 200 names in one
  // certificate: a client parses the whole SAN list on every handshake, which is a cost of this bench's
  // shortcut (one certificate for every host), not of talking to real servers.
  const wildcards = [...new Set(names.map((n) => `*.${n.slice(n.indexOf('.') + 1)}`))];
  const serverCert = make(forge.pki.setRsaPublicKey(serverKey.n, serverKey.e), [{ name: 'commonName', value: wildcards[0] }], [
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: wildcards.map((value) => ({ type: 2, value })) },
  ]);
  return { ca: forge.pki.certificateToPem(caCert), cert: forge.pki.certificateToPem(serverCert), key: serverKeyPem };
}

/** The child: a fediverse of HOSTS hosts answering WebFinger and actors after DELAY_MS, counting concurrency. */
async function serve() {
  const [{ cert, key }] = await once(process, 'message');
  let requests = {};
  let inFlight = {};
  let maxInFlight = {};
  let total = 0;
  let global = 0;
  let cpuStart = process.cpuUsage();
  let maxGlobal = 0;
  let connections = 0;
  const server = createServer({ cert, key, keepAliveTimeout: 30_000 }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    requests[host] = (requests[host] ?? 0) + 1;
    inFlight[host] = (inFlight[host] ?? 0) + 1;
    maxInFlight[host] = Math.max(maxInFlight[host] ?? 0, inFlight[host]);
    total++;
    maxGlobal = Math.max(maxGlobal, ++global);
    setTimeout(() => {
      inFlight[host]--;
      global--;
      answer(host, new URL(req.url ?? '/', `https://${host}`), res);
    }, DELAY_MS);
  });
  server.on('secureConnection', () => connections++);
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (m) => {
    // Between scenarios: the previous client has closed its connections, so nothing is in flight.
    if (m === 'reset') {
      requests = {};
      inFlight = {};
      maxInFlight = {};
      total = 0;
      global = 0;
      maxGlobal = 0;
      connections = 0;
      cpuStart = process.cpuUsage();
      process.send('reset');
    }
    if (m === 'stats') {
      const cpu = process.cpuUsage(cpuStart);
      process.send({ requests, maxInFlight, total, maxGlobal, connections, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
}

function answer(host, url, res) {
  const send = (status, type, body) => {
    const text = JSON.stringify(body);
    // An explicit length: no chunked framing to write and parse.
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  if (url.pathname === '/.well-known/webfinger') {
    const m = /^acct:([^@]+)@(.+)$/.exec(url.searchParams.get('resource') ?? '');
    if (!m || m[2] !== host) return send(404, 'application/json', { error: 'not found' });
    return send(200, 'application/jrd+json', {
      subject: `acct:${m[1]}@${host}`,
      links: [{ rel: 'self', type: 'application/activity+json', href: `https://${host}/users/${m[1]}` }],
    });
  }
  const actor = /^\/users\/([^/]+)$/.exec(url.pathname);
  if (actor) {
    const user = actor[1];
    return send(200, 'application/activity+json', {
      '@context': ['https://www.w3.org/ns/activitystreams'],
      id: `https://${host}/users/${user}`,
      type: 'Person',
      preferredUsername: user,
      name: user,
      url: `https://${host}/@${user}`,
      manuallyApprovesFollowers: false,
      attachment: [{ type: 'PropertyValue', name: 'Twitter', value: `<a href="https://twitter.com/${user}" rel="me">twitter.com/${user}</a>` }],
    });
  }
  send(404, 'application/json', { error: 'not found' });
}

if (process.argv.includes('--server')) {
  await serve();
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await run()) ? 0 : 1;
}
