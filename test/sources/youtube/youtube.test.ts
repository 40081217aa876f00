import { describe, it, expect } from 'vitest';
import type { ArchiveEntry, ArchiveSet } from '../../../src/archive/types.js';
import { InputError } from '../../../src/errors.js';
import { youtubeSource } from '../../../src/sources/youtube/index.js';
import { titleKey } from '../../../src/sources/youtube/videos.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { detectAndParse, otherPlatformSamples } from '../helpers.js';

const EN = 'Takeout/YouTube and YouTube Music';
const DE = 'Takeout/YouTube und YouTube Music';
const ES = 'Takeout/YouTube y YouTube Music';
const ID1 = 'UCYnl1cugi7Lw1h8j6JNqNEg';
const ID2 = 'UCA6DtnbZ2KJckyTYfXOwQNA';

function parse(archive: ArchiveSet) {
  return detectAndParse(youtubeSource, archive);
}

/** Several parts as one ArchiveSet, the way the archive reader presents `-001.zip -002.tgz`. */
function parts(...sets: ArchiveSet[]): ArchiveSet {
  const owner = new Map<ArchiveEntry, ArchiveSet>();
  for (const set of sets) for (const e of set.entries) owner.set(e, set);
  const of = (e: ArchiveEntry) => {
    const set = owner.get(e);
    if (!set) throw new Error('unknown entry');
    return set;
  };
  return {
    files: sets.flatMap((s) => s.files),
    entries: sets.flatMap((s) => s.entries),
    open: (e, o) => of(e).open(e, o),
    readText: (e, o) => of(e).readText(e, o),
    close: async () => {},
  };
}

const subsCsv = (header: string) =>
  `${header}\r\n${ID1},http://www.youtube.com/channel/${ID1},"Veritasium, Science"\r\n${ID2},http://www.youtube.com/channel/${ID2},Kurzgesagt\r\n\r\n\r\n`;

describe('YouTube subscriptions', () => {
  it('reads the English subscriptions.csv into subscription contacts with https channel URLs', async () => {
    const { detection, result } = await parse(memoryArchive({ [`${EN}/subscriptions/subscriptions.csv`]: subsCsv('Channel Id,Channel Url,Channel Title') }));
    expect(detection).toMatchObject({ platform: 'youtube', layout: 'takeout-csv' });
    expect(detection.score).toBeGreaterThanOrEqual(0.9);
    expect(result.contacts).toEqual([
      { platform: 'youtube', id: ID1, username: null, displayName: 'Veritasium, Science', profileUrl: `https://www.youtube.com/channel/${ID1}`, bio: null, urls: [], location: null, relations: ['subscription'], since: null },
      expect.objectContaining({ id: ID2, displayName: 'Kurzgesagt' }),
    ]);
  });

  it('reads the German Abos/Abos.csv with a differently cased header', async () => {
    const { result } = await parse(memoryArchive({ [`${DE}/Abos/Abos.csv`]: subsCsv('Channel ID,Channel URL,Channel Title') }));
    expect(result.contacts.map((c) => c.id)).toEqual([ID1, ID2]);
  });

  it('reads the Spanish suscripciones/suscripciones.csv with a translated header', async () => {
    const { result } = await parse(memoryArchive({ [`${ES}/suscripciones/suscripciones.csv`]: `\uFEFF${subsCsv('ID del canal,URL del canal,Título del canal')}` }));
    expect(result.contacts.map((c) => [c.id, c.displayName])).toEqual([[ID1, 'Veritasium, Science'], [ID2, 'Kurzgesagt']]);
  });

  it('recognises a subscriptions file in an unknown language by its rows', async () => {
    const { result } = await parse(memoryArchive({ [`Takeout/YouTube e YouTube Music/inscrições-x/assinaturas.csv`]: subsCsv('Kanał,Adres,Tytuł') }));
    expect(result.contacts.map((c) => c.id)).toEqual([ID1, ID2]);
  });

  it('reads the legacy subscriptions.json (YouTube Data API resources)', async () => {
    const json = JSON.stringify([
      { kind: 'youtube#subscription', snippet: { publishedAt: '2019-05-01T10:00:00.000Z', title: 'Veritasium', description: 'Science videos', resourceId: { kind: 'youtube#channel', channelId: ID1 } } },
      { snippet: { title: 'No id' } },
    ]);
    const { detection, result } = await parse(memoryArchive({ 'Takeout/YouTube/subscriptions/subscriptions.json': json }));
    expect(detection.layout).toBe('takeout-json');
    expect(result.contacts).toEqual([expect.objectContaining({ id: ID1, displayName: 'Veritasium', bio: 'Science videos', since: '2019-05-01T10:00:00.000Z', relations: ['subscription'] })]);
  });

  it('gives an empty subscription list as no contacts, without error', async () => {
    const { result } = await parse(memoryArchive({ [`${EN}/subscriptions/subscriptions.csv`]: 'Channel Id,Channel Url,Channel Title\n' }));
    expect(result.contacts).toEqual([]);
  });

  it('keeps the subscriptions before a cut in a truncated CSV and warns', async () => {
    const cut = `Channel Id,Channel Url,Channel Title\n${ID1},http://www.youtube.com/channel/${ID1},A\n${ID2},http://www.youtube.com/channel/${ID2},"Kurz`;
    const { result, warnings } = await parse(memoryArchive({ [`${EN}/subscriptions/subscriptions.csv`]: cut }));
    expect(result.contacts.map((c) => c.id)).toEqual([ID1]);
    expect(warnings.some((w) => w.file?.endsWith('subscriptions.csv') && /cut short/.test(w.message))).toBe(true);
  });

  it('names the entry when subscriptions.json is truncated', async () => {
    const archive = memoryArchive({ 'Takeout/YouTube/subscriptions/subscriptions.json': `[{"snippet":{"resourceId":{"channelId":"${ID1}"}}}` });
    const detection = { platform: 'youtube' as const, layout: 'takeout-json', score: 0.9 };
    const run = youtubeSource.parse({ archive, warn: () => {} }, detection);
    await expect(run).rejects.toThrow(InputError);
    await expect(youtubeSource.parse({ archive, warn: () => {} }, detection)).rejects.toThrow(/subscriptions\.json/);
  });
});

const videosCsv = [
  'Video ID,Approx Duration (ms),Video Audio Language,Video Category,Video Description (Original),Channel ID,Tag 1,Tag 2,Video Title (Original),Privacy,Video State,Video Create Timestamp,Video Publish Timestamp',
  `vid00000001,60000,en,Education,"First line #science\nSee https://example.org/notes.",${ID1},physics,two words,My video: part 1,Public,Processed,2020-01-01T10:00:00+00:00,2020-01-02T10:00:00+00:00`,
  `vid00000002,60000,,Education,,${ID1},,,Same title,Unlisted,Processed,2021-01-01T10:00:00+00:00,`,
  `vid00000003,60000,,Education,,${ID1},,,Same title,Private,Processed,2022-01-01T10:00:00+00:00,`,
  `vid00000004,60000,,Education,,${ID1},,,Never downloaded,Public,Processed,2023-01-01T10:00:00+00:00,`,
].join('\n');

describe('YouTube uploaded videos', () => {
  it('reads videos.csv as video posts with media matched by title across Takeout parts', async () => {
    const part1 = memoryArchive({
      [`${EN}/subscriptions/subscriptions.csv`]: subsCsv('Channel Id,Channel Url,Channel Title'),
      [`${EN}/video metadata/videos.csv`]: videosCsv,
      [`${EN}/channels/channel.csv`]: `Channel ID,Channel Title (Original),Channel Visibility\n${ID1},My Channel,Public\n`,
      [`${EN}/videos/Same title.mp4`]: 'v2',
    }, 'takeout-20240301T000000Z-001.zip');
    const part2 = memoryArchive({
      [`${EN}/videos/My video_ part 1.mp4`]: 'v1',
      [`${EN}/videos/Same title (1).mp4`]: 'v3',
    }, 'takeout-20240301T000000Z-002.tgz');
    const { result, warnings } = await parse(parts(part1, part2));

    expect(result.sources).toEqual([{ platform: 'youtube', files: ['takeout-20240301T000000Z-001.zip', 'takeout-20240301T000000Z-002.tgz'], layout: 'takeout-csv' }]);
    expect(result.account).toEqual({ platform: 'youtube', id: ID1, username: null, displayName: 'My Channel' });
    const [first, second, third, fourth] = result.posts;
    expect(first).toMatchObject({
      id: 'vid00000001', kind: 'video', createdAt: '2020-01-02T10:00:00.000Z', language: 'en', visibility: 'public',
      text: 'My video: part 1\n\nFirst line #science\nSee https://example.org/notes.',
      links: ['https://example.org/notes'], hashtags: ['science', 'physics'],
      media: [{ path: `${EN}/videos/My video_ part 1.mp4`, type: 'video', alt: null, archive: 'takeout-20240301T000000Z-002.tgz' }],
    });
    // The older upload gets the plain name, the later one ` (1)`.
    expect(second).toMatchObject({ id: 'vid00000002', visibility: 'unlisted', createdAt: '2021-01-01T10:00:00.000Z', media: [{ path: `${EN}/videos/Same title.mp4`, archive: 'takeout-20240301T000000Z-001.zip' }] });
    expect(third).toMatchObject({ id: 'vid00000003', visibility: 'private', media: [{ path: `${EN}/videos/Same title (1).mp4`, archive: 'takeout-20240301T000000Z-002.tgz' }] });
    expect(fourth!.media).toEqual([{ path: null, type: 'video', alt: null, archive: null }]);
    expect(warnings.some((w) => /1 of 4 videos/.test(w.message))).toBe(true);
  });

  it('reads a French Takeout: vidéos.csv under its translated folders, with French column names', async () => {
    const FR = 'Takeout/YouTube et YouTube Music';
    const { result } = await parse(memoryArchive({
      [`${FR}/abonnements/abonnements.csv`]: subsCsv('ID des chaînes,URL des chaînes,Titres des chaînes'),
      [`${FR}/métadonnées des vidéos/vidéos.csv`]: 'ID de la vidéo,Titre de la vidéo (original),Description de la vidéo (original),Confidentialité\nfr000000001,Mon film,Une description,Non répertoriée\n',
      [`${FR}/vidéos/Mon film.mp4`]: 'v',
    }));
    expect(result.contacts).toHaveLength(2);
    expect(result.posts).toEqual([expect.objectContaining({
      id: 'fr000000001', kind: 'video', visibility: 'unlisted', text: 'Mon film\n\nUne description',
      media: [expect.objectContaining({ path: `${FR}/vidéos/Mon film.mp4`, type: 'video' })],
    })]);
  });

  it('reads the German Video-Metadaten/Videos.csv and skips Videoaufzeichnungen.csv', async () => {
    const { result } = await parse(memoryArchive({
      [`${DE}/Abos/Abos.csv`]: subsCsv('Channel ID,Channel URL,Channel Title'),
      [`${DE}/Video-Metadaten/Videos.csv`]: `Video-ID,Videotitel (Original),Videobeschreibung (Original),Datenschutz,Zeitstempel der Videoerstellung\nabc12345678,Mein Film,Beschreibung,Öffentlich,2022-03-04T05:06:07+00:00\n`,
      [`${DE}/Video-Metadaten/Videoaufzeichnungen.csv`]: `Video-ID,Aufnahmeort\nabc12345678,Berlin\n`,
      [`${DE}/Videos/Mein Film.mp4`]: 'v',
    }));
    expect(result.posts).toEqual([expect.objectContaining({ id: 'abc12345678', text: 'Mein Film\n\nBeschreibung', visibility: 'public', createdAt: '2022-03-04T05:06:07.000Z', media: [expect.objectContaining({ path: `${DE}/Videos/Mein Film.mp4` })] })]);
  });

  it('normalises titles the way Takeout sanitises file names', () => {
    expect(titleKey('A: B? "C"')).toBe(titleKey('a_ b_ _c_'));
  });
});

describe('YouTube detection and partial exports', () => {
  it('does not claim other platforms or unrelated Takeout products', async () => {
    expect(await youtubeSource.detect(memoryArchive({ 'data/tweets.js': 'window.YTD.tweets.part0 = []', 'data/manifest.js': '' }))).toBeNull();
    expect(await youtubeSource.detect(memoryArchive({ 'Connections.csv': 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' }))).toBeNull();
    expect(await youtubeSource.detect(memoryArchive({ 'Takeout/Chrome/History.json': '{}' }))).toBeNull();
  });

  it('detects a Takeout with only watch history weakly and warns that subscriptions are missing', async () => {
    const archive = memoryArchive({ [`${EN}/history/watch-history.json`]: '[]', [`${EN}/channels/channel.csv`]: `Channel ID,Channel Title (Original)\n${ID1},Me\n` });
    const { detection, result, warnings } = await parse(archive);
    expect(detection.score).toBeLessThan(0.5);
    expect(result.contacts).toEqual([]);
    expect(result.account?.id).toBe(ID1);
    expect(warnings.some((w) => /no YouTube subscriptions file/.test(w.message))).toBe(true);
  });

  it('fails with a clear InputError when nothing readable is there', async () => {
    const archive = memoryArchive({ [`${EN}/history/watch-history.html`]: '<html></html>' });
    await expect(parse(archive)).rejects.toThrow(/no YouTube subscriptions, videos or channel data/);
  });

  it('handles large parts without reading them by streaming only what it needs', async () => {
    // A part whose entries cannot be opened must not matter when the subscriptions are in the other part.
    const broken: ArchiveSet = {
      files: ['takeout-002.zip'],
      entries: [{ path: `${EN}/videos/huge.mp4`, size: 5e9, archive: 'takeout-002.zip' }],
      open: () => Promise.reject(new Error('must not open media')),
      readText: () => Promise.reject(new Error('must not read media')),
      close: async () => {},
    };
    const good = memoryArchive({ [`${EN}/subscriptions/subscriptions.csv`]: subsCsv('Channel Id,Channel Url,Channel Title') }, 'takeout-001.zip');
    const { result } = await parse(parts(good, broken));
    expect(result.contacts).toHaveLength(2);
  });
});

describe('youtube detection against the other platforms\' real samples', () => {
  it('claims none of them', async () => {
    for (const { platform, files } of otherPlatformSamples('youtube')) {
      const detection = await youtubeSource.detect(memoryArchive(files));
      expect(detection === null || detection.score < 0.3, platform).toBe(true);
    }
  });
});
