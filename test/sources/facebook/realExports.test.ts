/**
 * The Facebook module on real exports (samples/real-exports/facebook-*, as they are): posts on other
 * people's timelines and in groups are not the user's own; a professional profile keeps its posts in
 * `this_profile's_activity_across_facebook/posts/profile_posts_1.json`.
 */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { facebookSource } from '../../../src/sources/facebook/index.js';
import { writtenElsewhere } from '../../../src/sources/facebook/posts.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';
import { metaEncode } from '../meta/helpers.js';

async function parse(files: Record<string, string | Uint8Array>) {
  const parsed = await detectAndParse(facebookSource, memoryArchive(files, 'facebook-x.zip'));
  expect(modelSchemaErrors(mergeParsed([parsed.result]))).toEqual([]);
  return parsed;
}

describe('facebook-2020-posts (real): only the user\'s own posts', () => {
  it('leaves out what was written on someone else\'s timeline (288) or in a group (45), and counts them in one warning', async () => {
    const { result, warnings } = await parse(realExportFiles('facebook-2020-posts'));
    const texts = result.posts.map((p) => p.text);
    expect(texts.some((t) => t.startsWith("Happy new month peeps.\nI'm excited"))).toBe(true);
    expect(texts).not.toContain('G1 baba. hbd...llnp');
    expect(texts.some((t) => t.startsWith('Join us at Lasting Success Tutorials'))).toBe(false);
    expect(warnings.map((w) => w.message)).toContain(
      "333 post(s) written on someone else's timeline or in a group are not your own posts; left out.",
    );
  });

  it('reads the photos the posts name', async () => {
    const { result } = await parse(realExportFiles('facebook-2020-posts'));
    const media = result.posts.flatMap((p) => p.media);
    expect(media.length).toBeGreaterThan(0);
    expect(media.every((m) => m.type === 'image')).toBe(true);
  });
});

describe('facebook-2022-posts (real)', () => {
  it('leaves out the 7 posts on other people\'s timelines', async () => {
    const { warnings } = await parse(realExportFiles('facebook-2022-posts'));
    expect(warnings.map((w) => w.message)).toContain("7 post(s) written on someone else's timeline or in a group are not your own posts; left out.");
  });
});

describe('a professional profile\'s export', () => {
  const profilePosts = metaEncode([
    {
      timestamp: 1767225600,
      data: [{ post: 'Grand opening on Saturday! 🎉' }],
      title: 'Nobel Mount updated their status.',
      attachments: [{ data: [
        { media: { uri: "this_profile's_activity_across_facebook/posts/media/Opening_1/1234_n_5678", creation_timestamp: 1767225600,
          media_metadata: { video_metadata: { exif_data: [] } } } },
        { media: { uri: "this_profile's_activity_across_facebook/posts/media/Opening_1/2345_n_6789", creation_timestamp: 1767225600,
          media_metadata: { photo_metadata: { exif_data: [] } } } },
      ] }],
    },
    { timestamp: 1767139200, data: [{ post: 'Congratulations!' }], title: "Nobel Mount wrote on Ann Lee's timeline." },
  ]);

  it('reads profile_posts_1.json next to the real connections files, typing extension-less media by metadata', async () => {
    const { detection, result, warnings } = await parse({
      ...realExportFiles('facebook-2026-profile'),
      "this_profile's_activity_across_facebook/posts/profile_posts_1.json": profilePosts,
      "this_profile's_activity_across_facebook/posts/media/Opening_1/1234_n_5678": 'video bytes',
    });
    expect(detection).toMatchObject({ platform: 'facebook', layout: '2023+' });
    expect(result.contacts.length).toBeGreaterThan(0);
    expect(result.posts).toHaveLength(1);
    expect(result.posts[0]).toMatchObject({
      text: 'Grand opening on Saturday! 🎉', createdAt: '2026-01-01T00:00:00.000Z', kind: 'post', contentWarning: null, sensitive: false,
      media: [
        { path: "this_profile's_activity_across_facebook/posts/media/Opening_1/1234_n_5678", type: 'video', archive: 'facebook-x.zip' },
        { path: null, type: 'image', archive: null },
      ],
    });
    expect(warnings.some((w) => w.message.includes('no posts file'))).toBe(false);
  });

  it('is recognised as Facebook from its posts folder alone', async () => {
    const { detection, result } = await parse({ "this_profile's_activity_across_facebook/posts/profile_posts_1.json": profilePosts });
    expect(detection).toMatchObject({ platform: 'facebook', score: 1 });
    expect(result.posts.map((p) => p.text)).toEqual(['Grand opening on Saturday! 🎉']);
  });
});

describe('writtenElsewhere', () => {
  it('knows Facebook\'s English sentences for other timelines and groups, and the user\'s own timeline', () => {
    const title = (t: string) => ({ timestamp: 1, title: t });
    expect(writtenElsewhere(title("Sam Example wrote on Ann Lee's timeline."), 'Sam Example')).toBe(true);
    expect(writtenElsewhere(title('Sam Example wrote on a timeline.'), 'Sam Example')).toBe(true);
    expect(writtenElsewhere(title('Sam Example posted in Hiking Club.'), 'Sam Example')).toBe(true);
    expect(writtenElsewhere(title("Sam Example wrote on Sam Example's timeline."), 'Sam Example')).toBe(false);
    expect(writtenElsewhere(title('Sam Example updated his status.'), 'Sam Example')).toBe(false);
    expect(writtenElsewhere(title('Sam Example was in National Mall.'), null)).toBe(false);
    expect(writtenElsewhere({ timestamp: 1 }, null)).toBe(false);
  });
});
