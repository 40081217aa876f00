/**
 * Bare export files, as export pages hand some of them out, given alone (issue 10 item 3): each is read
 * as a set of one entry, and the platform is detected from it as from the same file inside a zip. The
 * files are real exports from /work/shared/samples, used as they are.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchiveSet } from '../../src/archive/open.js';
import { parseExport } from '../../src/app/parseExport.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';

const SAMPLES = '/work/shared/samples';
const MASTODON_CSV = join(SAMPLES, 'real-exports/mastodon-csv-2023/export/following_accounts.csv');
const TIKTOK_JSON = join(SAMPLES, 'tiktok/LamineLSU-2025/user_data_tiktok.json');
const LINKEDIN_CSV = join(SAMPLES, 'real-exports/linkedin-2024-05/export/Connections.csv');

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('lp-single-');
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('a bare export file given alone', () => {
  it('is a set of one entry named by the file', async () => {
    const set = await openArchiveSet([MASTODON_CSV]);
    try {
      expect(set.entries).toHaveLength(1);
      expect(set.entries[0]).toMatchObject({ path: 'following_accounts.csv', archive: MASTODON_CSV });
      const text = await set.readText(set.entries[0]!);
      expect(text.startsWith('Account address,Show boosts')).toBe(true);
    } finally {
      await set.close();
    }
  });

  it.each([
    ['Mastodon following_accounts.csv', MASTODON_CSV, 'mastodon'],
    ['TikTok user_data_tiktok.json', TIKTOK_JSON, 'tiktok'],
    ['LinkedIn Connections.csv', LINKEDIN_CSV, 'linkedin'],
  ])('%s is detected and parsed', async (_name, file, platform) => {
    expect(existsSync(file)).toBe(true);
    const { model, detections } = await parseExport([file]);
    expect(detections.map((d) => d.platform)).toEqual([platform]);
    expect(model.sources.map((s) => s.platform)).toEqual([platform]);
    if (platform !== 'tiktok') expect(model.contacts.length).toBeGreaterThan(10); // the TikTok sample follows nobody
  });

  it('reads as the same file in a folder does', async () => {
    const folder = join(dir, 'linkedin');
    await mkdir(folder, { recursive: true });
    await copyFile(LINKEDIN_CSV, join(folder, 'Connections.csv'));
    const alone = await parseExport([LINKEDIN_CSV]);
    const inFolder = await parseExport([folder]);
    expect(alone.model.contacts.length).toBe(inFolder.model.contacts.length);
  });
});
