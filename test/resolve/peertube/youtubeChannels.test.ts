/**
 * Issue 12 section 1: YouTube subscriptions (a real French Takeout, translated folder names) find their
 * PeerTube channels on the local HTTPS test fediverse. The destination runs PeerTube (nodeinfo), so its
 * public channel search runs; verification reads the Group actor, its owner Person and the channel API.
 * A global index is asked only with --index.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FINDERS, runResolve, type RunResolveOptions, type RunResolveResult } from '../../../src/app/runResolve.js';
import type { FinderName, Match } from '../../../src/model/match.js';
import { parseExport } from '../../../src/app/parseExport.js';
import { planGraph } from '../../../src/plan/planGraph.js';
import { startFediverse, type Fediverse } from '../../fediverse/index.js';
import { makeTempDir, removeTempDir } from '../../helpers/zipFiles.js';
import { emptyExisting, options as planOptions } from '../../plan/builders.js';
import { mastodonClientSetup } from '../../mastodon-server/client.js';

const SAMPLE = '/work/shared/samples/real-exports/youtube-fr-2026/export';
const yt = (id: string) => `https://www.youtube.com/channel/${id}`;

// Subscriptions of the sample (abonnements.csv): channel id → title.
const MEDIOCRE = 'UC-04mJDJUYHEyE8JPIEa0-w'; // Mediocre Amateur
const CYCLING = 'UC-0ADczTyE6SKuKtWZHWVdg'; // CyclingHub 16
const MAX_BIRD = 'UC-4WUubuVGowG_R7gdgesPA'; // Max Bird
const TETRIS = 'UC-8BAEcWSEs4-KQp1ULVnaQ'; // Classic Tetris
const FROOME = 'UC-Kpp0NLi-Y3d7rKWscjZ3A'; // Chris Froome
const SCIENCE_MOM = 'UC-QcZISbFb9EiIEQ41cVhxw'; // Science Mom
const POOT = 'UC05iQ_IpU1R4Qu5bRbty04g'; // Les graines de Pascal Poot

let fediverse: Fediverse;

beforeAll(async () => {
  fediverse = await startFediverse({
    hosts: [
      {
        name: 'video.home', software: 'peertube', channelSearchScope: 'local',
        channels: [
          // The description (the Group's `summary`) links the YouTube channel: verified.
          { name: 'mediocre', displayName: 'Mediocre Amateur', description: `Anciennes vidéos : ${yt(MEDIOCRE)}`, owner: { name: 'ma' } },
          // The same title, nothing else: low.
          { name: 'cyclinghub', displayName: 'CyclingHub 16', description: 'Du vélo.', owner: { name: 'ch' } },
          // Links ANOTHER YouTube channel: capped at low.
          { name: 'maxbird', displayName: 'Max Bird', description: `Ma chaîne : ${yt('UCzzzzzzzzzzzzzzzzzzzzzz')}`, owner: { name: 'mb' } },
          // The owner account's bio links it.
          { name: 'tetris', displayName: 'Classic Tetris', owner: { name: 'ctwc', description: `On YouTube: www.youtube.com/channel/${TETRIS}` } },
          // The support text links it.
          { name: 'froome', displayName: 'Chris Froome', support: `Soutenez-moi sur ${yt(FROOME)} !`, owner: { name: 'cf' } },
          // Only the channel API's description links it (the actor's summary says nothing).
          { name: 'sciencemom', displayName: 'Science Mom', description: `Also ${yt(SCIENCE_MOM)}`, actorSummary: '', owner: { name: 'sm' } },
        ],
      },
      {
        name: 'far.tube', software: 'peertube',
        channels: [{ name: 'graines', displayName: 'Les graines de Pascal Poot', description: `Notre chaîne ${yt(POOT)}`, owner: { name: 'poot' } }],
      },
      // A global index (SepiaSearch's API): knows every channel.
      { name: 'index.test', channelSearchScope: 'all' },
    ],
  });
});

afterAll(async () => fediverse.close());

describe('YouTube subscriptions → PeerTube channels', () => {
  let dir: string;
  beforeEach(async () => { dir = await makeTempDir('lp-yt-channels-'); });
  afterEach(async () => removeTempDir(dir));

  const resolve = (over: Partial<RunResolveOptions> = {}): Promise<RunResolveResult> => runResolve({
    archives: [SAMPLE], to: 'me@video.home', maps: [], minConfidence: 'low', refresh: false,
    finders: new Set<FinderName>(DEFAULT_FINDERS), servers: null, token: null, stateDir: dir, ...over,
  }, { http: fediverse.http });

  const byId = (r: RunResolveResult, id: string): Match => {
    const m = r.matches.find((x) => x.contact.id === id);
    if (!m) throw new Error(`no match for ${id}`);
    return m;
  };

  it('searches the PeerTube destination and verifies by description, owner, support text and channel API', async () => {
    fediverse.resetLog();
    const r = await resolve();
    expect(r.matches).toHaveLength((await parseExport([SAMPLE])).model.contacts.length);
    expect(byId(r, MEDIOCRE)).toMatchObject({ status: 'found', handle: 'mediocre@video.home', confidence: 'verified', actor: 'https://video.home/video-channels/mediocre' });
    expect(byId(r, MEDIOCRE).evidence).toEqual(expect.arrayContaining([
      { finder: 'channels', verifier: null, detail: 'channel search on video.home for "Mediocre Amateur" found mediocre@video.home named "Mediocre Amateur"' },
      { finder: 'channels', verifier: 'backlink', detail: `bio links ${yt(MEDIOCRE)}` },
    ]));
    expect(byId(r, CYCLING)).toMatchObject({ status: 'found', handle: 'cyclinghub@video.home', confidence: 'low' });
    const maxBird = byId(r, MAX_BIRD);
    expect(maxBird).toMatchObject({ status: 'found', handle: 'maxbird@video.home', confidence: 'low' });
    expect(maxBird.evidence.some((e) => e.verifier === 'backlink' && e.detail.startsWith('links to a different account') && e.detail.includes('UCzzzzzzzzzzzzzzzzzzzzzz'))).toBe(true);
    expect(byId(r, TETRIS)).toMatchObject({ handle: 'tetris@video.home', confidence: 'verified' });
    expect(byId(r, TETRIS).evidence.map((e) => e.detail)).toContain(`owner account ctwc: bio links www.youtube.com/channel/${TETRIS}`);
    expect(byId(r, FROOME)).toMatchObject({ handle: 'froome@video.home', confidence: 'verified' });
    expect(byId(r, FROOME).evidence.map((e) => e.detail)).toContain(`support text links ${yt(FROOME)}`);
    expect(byId(r, SCIENCE_MOM)).toMatchObject({ handle: 'sciencemom@video.home', confidence: 'verified' });
    expect(byId(r, SCIENCE_MOM).evidence.map((e) => e.detail)).toContain(`channel description links ${yt(SCIENCE_MOM)}`);
    // Only on another server, which the destination does not know, and no index asked: not found.
    expect(byId(r, POOT).status).toBe('not_found');
    // The opt-in index was never asked.
    expect(fediverse.requests('index.test')).toEqual([]);
    expect(fediverse.requests('far.tube')).toEqual([]);
    // The destination's search is public: no token sent.
    const searches = fediverse.requests('video.home').filter((q) => q.path.startsWith('/api/v1/search/video-channels'));
    expect(searches.length).toBeGreaterThan(400);
    expect(searches.every((q) => q.headers.authorization === undefined)).toBe(true);
    expect(r.health).toBe('complete');
  });

  it('asks the global index only with --index, and verifies what it finds at the channel\'s home', async () => {
    fediverse.resetLog();
    const r = await resolve({ index: 'https://index.test' });
    expect(byId(r, POOT)).toMatchObject({ status: 'found', handle: 'graines@far.tube', confidence: 'verified' });
    expect(byId(r, POOT).evidence[0]).toMatchObject({ finder: 'index' });
    expect(fediverse.requests('index.test').length).toBeGreaterThan(400);
    expect(fediverse.requests('far.tube').map((q) => q.path)).toContain('/video-channels/graines');
  });

  it('without a PeerTube destination, no channel search runs (nodeinfo says mastodon)', async () => {
    const mastodonHome = await startFediverse({ hosts: [{ name: 'masto.home', software: 'mastodon' }] });
    try {
      const r = await runResolve({
        archives: [SAMPLE], to: 'me@masto.home', maps: [], minConfidence: 'low', refresh: false,
        finders: new Set<FinderName>(['channels']), servers: null, token: null, stateDir: dir,
      }, { http: mastodonHome.http });
      expect(mastodonHome.requests('masto.home').map((q) => q.path)).toEqual(['/.well-known/nodeinfo', '/.well-known/nodeinfo', '/nodeinfo/2.0.json']);
      expect(r.matches.every((m) => m.status === 'not_found')).toBe(true);
    } finally {
      await mastodonHome.close();
    }
  });

  it('refuses an --index that is not an https server address', async () => {
    await expect(resolve({ index: 'ftp://index.test' })).rejects.toThrow(/not an https address/);
    await expect(resolve({ index: 'https://index.test/search?q=x' })).rejects.toThrow(/more than a server's address/);
    await expect(resolve({ index: 'not a url' })).rejects.toThrow(/not a URL/);
  });
});

describe('a Mastodon-API destination follows the channels found', () => {
  const setup = mastodonClientSetup([{ acct: 'mediocre@video.home', displayName: 'Mediocre Amateur' }]);

  it('plans a follow of channel@host and the Mastodon adapter finds it through search?resolve=true', async () => {
    const { model } = await parseExport([SAMPLE]);
    const contact = model.contacts.find((c) => c.id === MEDIOCRE)!;
    expect(contact.relations).toEqual(['subscription']);
    const match: Match = {
      contact: { platform: 'youtube', id: contact.id, username: null, displayName: contact.displayName },
      status: 'found', handle: 'mediocre@video.home', actor: 'https://video.home/video-channels/mediocre', confidence: 'verified',
      evidence: [{ finder: 'channels', verifier: 'backlink', detail: `bio links ${yt(MEDIOCRE)}` }], movedFrom: null, locked: false,
    };
    const plan = planGraph({ model, matches: [match], options: planOptions(), existing: emptyExisting(), journal: new Map() });
    const follows = plan.actions.filter((a) => a.action.type === 'follow');
    expect(follows.map((a) => 'handle' in a.action ? a.action.handle : null)).toEqual(['mediocre@video.home']);
    const { client } = await setup();
    const found = await client.accounts.lookup('mediocre@video.home');
    expect(found).toMatchObject({ ok: true, value: { acct: 'mediocre@video.home' } });
  });
});
