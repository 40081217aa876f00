/**
 * YouTube subscriptions from a real French Takeout (samples/real-exports/youtube-fr-2026, as it is): its
 * header ("ID des chaînes,URL des chaînes,Titres des chaînes") is read by name, and one odd row costs that
 * row only, whether the columns are found by name or by the rows' shape.
 */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { youtubeSource } from '../../../src/sources/youtube/index.js';
import { parseSubscriptionCsv } from '../../../src/sources/youtube/subscriptions.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';

const PATH = 'Takeout/YouTube et YouTube Music/abonnements/abonnements.csv';
const files = realExportFiles('youtube-fr-2026');
const text = Buffer.from(files[PATH]!).toString('utf8');
/** A row Takeout did not write the usual way: a channel whose id and URL are missing. */
const ODD_ROW = ',,Chaîne supprimée\r\n';

describe('youtube-fr-2026 (real French Takeout)', () => {
  it('reads all 442 subscriptions by the French header names', async () => {
    const { result, warnings } = await detectAndParse(youtubeSource, memoryArchive(files, 'takeout-20260301T000000Z-001.zip'));
    expect(modelSchemaErrors(mergeParsed([result]))).toEqual([]);
    expect(result.contacts).toHaveLength(442);
    expect(result.contacts.every((c) => /^UC[\w-]{22}$/.test(c.id!) && c.profileUrl === `https://www.youtube.com/channel/${c.id}`)).toBe(true);
    expect(warnings.filter((w) => w.file === PATH)).toEqual([]);
    expect(parseSubscriptionCsv(text, PATH)).toMatchObject({ columns: 'header', skipped: 0 });
  });

  it('keeps the other rows when one row differs, and says how many were skipped', async () => {
    const damaged = text.replace(/\n(?=UC)/, `\n${ODD_ROW}`);
    expect(damaged).not.toBe(text);
    const { result, warnings } = await detectAndParse(youtubeSource, memoryArchive({ [PATH]: damaged }));
    expect(result.contacts).toHaveLength(442);
    expect(warnings.map((w) => w.message)).toContain(`1 row(s) of ${PATH} hold no channel id; skipped them.`);
  });

  it('reads by the rows\' shape under a header in a language it does not know, row by row', () => {
    const unknownHeader = text.replace(/^\uFEFF?[^\r\n]*/, 'Identyfikator kanału,Adres URL kanału,Tytuł kanału');
    const damaged = unknownHeader.replace(/\n(?=UC)/, `\n${ODD_ROW}`);
    const result = parseSubscriptionCsv(damaged, 'Takeout/YouTube i YouTube Music/subskrypcje/x.csv');
    expect(result).toMatchObject({ columns: 'shape', skipped: 1 });
    expect(result!.contacts).toHaveLength(442);
  });

  it('still does not take a table of another kind for subscriptions', () => {
    const other = 'Video ID,Title,Note\r\nabc,Some video,x\r\ndef,Another,y\r\nUCYnl1cugi7Lw1h8j6JNqNEg,http://www.youtube.com/channel/UCYnl1cugi7Lw1h8j6JNqNEg,odd\r\n';
    expect(parseSubscriptionCsv(other.replace('Video ID', 'Vidéo'), 'x.csv')).toBeNull();
  });
});
