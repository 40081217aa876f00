/**
 * End to end with real servers: two snac2 instances on 127.0.0.1, an Instagram export built here, and
 * the real CLI (`node bin/leave-platform.js`, built by `npm run build`) importing into one of them.
 * Handles must carry a DNS-like host without a port (the resolver refuses IP literals and ports), so the
 * instances are named `*.localhost` and are reached at `http://<name>/`. Both listen on free ports: the CLI
 * gets there with --connect-to, and the snac instances (libcurl) through a forward proxy in this process
 * that routes each host to its port (hostProxy.ts, given as `http_proxy`). No fixed port, no root.
 * Starting the instances and the CLI: snacTestbed.ts.
 *
 * snac quirks (reference/destinations.md, appendix): `snac init` asks questions on stdin; the protocol
 * must be switched to http in server.json; profile fields are the `metadata` map of user.json; a token
 * comes from its OAuth flow (`/api/v1/apps`, the login form `/oauth/x-snac-login` answering the code for
 * the out-of-band redirect, `/oauth/token`); its following list catches up a few seconds after a follow.
 *
 * Runs wherever `snac` is installed (scripts/install-snac.sh); in CI (CI set) a missing snac fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { hasSnac, inCI, MISSING_SNAC, SnacTestbed, snacRequest, snacToken } from './snacTestbed.js';

const CONTACTS_HOST = 'contacts.localhost';
const HOME_HOST = 'home.localhost';

let bed: SnacTestbed | null = null;

function metaJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A small Instagram export (2024+ layout) whose following list names ana, bo, dev and nobody. */
async function instagramArchive(file: string): Promise<void> {
  const entry = (username: string) => ({ title: username, string_list_data: [{ href: `https://www.instagram.com/_u/${username}`, timestamp: 1732046966 }] });
  const follower = (username: string) => ({ title: '', media_list_data: [], string_list_data: [{ href: `https://www.instagram.com/${username}`, value: username, timestamp: 1733433674 }] });
  const zip = new yazl.ZipFile();
  const ff = 'connections/followers_and_following';
  zip.addBuffer(metaJson({ relationships_following: ['ana', 'bo', 'dev', 'nobody'].map(entry) }), `${ff}/following.json`);
  zip.addBuffer(metaJson([follower('chloe')]), `${ff}/followers_1.json`);
  zip.addBuffer(metaJson({ profile_user: [{ string_map_data: { Username: { value: 'sam' }, Name: { value: 'Sam' } } }] }), 'personal_information/personal_information/personal_information.json');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  await writeFile(file, Buffer.concat(chunks));
}

function runCli(args: string[], env: NodeJS.ProcessEnv) {
  return bed!.runCli(args, env).done;
}

const suite = hasSnac || inCI ? describe : describe.skip;

suite('import into snac2 (real servers)', () => {
  beforeAll(async () => {
    if (!hasSnac) throw new Error(MISSING_SNAC);
    assertDistFresh();
    bed = await SnacTestbed.start();
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  }, 60_000);

  it('follows exactly the contacts whose snac profiles link back to them', async () => {
    await bed!.instance('contacts', CONTACTS_HOST, [
      { name: 'ana', metadata: { Instagram: 'https://www.instagram.com/ana' } }, // verified: followed
      { name: 'bo' }, // same name, no back-link: a low guess, not followed
      { name: 'dev', metadata: { Instagram: 'https://www.instagram.com/someone_else' } }, // a decoy
      { name: 'chloe', metadata: { Instagram: 'https://www.instagram.com/chloe' } }, // only a follower
      { name: 'zed', metadata: { Instagram: 'https://www.instagram.com/zed' } }, // not in the export
    ]);
    const home = await bed!.instance('home', HOME_HOST, [{ name: 'me' }]);
    const connectTo = bed!.connectTo();
    const work = bed!.work;
    const token = await snacToken(home, 'me');
    const archive = join(work, 'instagram-export.zip');
    await instagramArchive(archive);

    const env = { ...process.env, LEAVE_PLATFORM_TOKEN: token, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' };
    const result = await runCli([
      'import', archive, '--to', `me@${HOME_HOST}`, '--yes', '--json', '--allow-http', '--allow-private-network',
      ...connectTo, '--finders', 'guess', '--servers', CONTACTS_HOST,
      '--state', join(work, 'state'), '--max-wait', '1m',
    ], env);
    expect(result.stderr).not.toContain(token);
    expect(result.stdout).not.toContain(token);
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 4000)}`).toBe(0);
    const summary = JSON.parse(result.stdout) as { actions: { type: string; target: string; status: string }[] };
    expect(summary.actions.filter((a) => a.status === 'done').map((a) => `${a.type} ${a.target}`)).toEqual([`follow ana@${CONTACTS_HOST}`]);

    // Through snac's own API: whom does me@home follow? Its following list fills only once the other side's
    // Accept arrives, some time later, so ask relationships, one id at a time as snac answers them, for
    // every account on the contacts' instance.
    const auth = { authorization: `Bearer ${token}` };
    const followed: string[] = [];
    for (const user of ['ana', 'bo', 'dev', 'chloe', 'zed']) {
      const search = (await snacRequest(home, 'GET', `/api/v2/search?type=accounts&resolve=true&q=${user}@${CONTACTS_HOST}`, { headers: auth })).json<{ accounts: { id: string }[] }>();
      const id = search.accounts[0]?.id;
      expect(id, `snac found ${user}`).toBeTruthy();
      const rel = (await snacRequest(home, 'GET', `/api/v1/accounts/relationships?id[]=${id}`, { headers: auth })).json<{ following: boolean }[]>();
      if (rel[0]?.following) followed.push(user);
    }
    expect(followed).toEqual(['ana']);
    // Every request of the snac instances went to one of them: nothing was routed nowhere.
    expect(bed!.proxy.unrouted).toEqual([]);

    // The journal and the state dir never hold the token.
    const journals = spawnSync('grep', ['-rl', token, join(work, 'state')], { encoding: 'utf8' });
    expect(journals.stdout).toBe('');

    // A second run does nothing twice.
    const again = await runCli([
      'import', archive, '--to', `me@${HOME_HOST}`, '--yes', '--json', '--allow-http', '--allow-private-network',
      ...connectTo, '--finders', 'guess', '--servers', CONTACTS_HOST, '--state', join(work, 'state'),
    ], env);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { actions: { status: string }[] };
    expect(second.actions.every((a) => a.status !== 'planned')).toBe(true);
  }, 120_000);
});
