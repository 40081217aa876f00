/**
 * The 2018-19 layout has no real data sample, but its real shapes are documented as JSON Schemas
 * (samples/facebook/facebook-schemas-2019, MIT). The synthetic 2018-19 records our tests parse are
 * checked against those schemas as they are, so the tests cannot drift from the real format.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { facebookSource } from '../../../src/sources/facebook/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { contextFor, metaEncode, SAMPLES } from '../meta/helpers.js';

const DIR = join(SAMPLES, 'facebook/facebook-schemas-2019');
const SCHEMA_FILES = [
  '_partials/media.json', '_partials/coordinate.json', '_partials/attachments.json', 'posts/your_posts.json',
  'friends/friends.json', 'following_and_followers/following.json', 'profile_information/profile_information.json',
];

function schemas(): Ajv {
  // Draft-04 schemas: "id" names the schema; Ajv 8 reads "$id", so each is registered under its "id".
  const ajv = new Ajv({ strict: false, validateSchema: false });
  ajv.addSchema({ definitions: { for_sale_item: {} } }, 'https://samuelepilleri.github.io/facebook-schemas/_partials/marketplace.json');
  for (const file of SCHEMA_FILES) {
    const { $schema: _ignored, id, ...schema } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema, id as string);
  }
  return ajv;
}

const url = (file: string) => `https://samuelepilleri.github.io/facebook-schemas/${file}`;

const FILES = {
  'friends/friends.json': { friends: [{ name: 'Chloé Martin', timestamp: 1500000000, contact_info: 'chloe@example.org' }, { name: 'Dara', timestamp: 1500000100 }] },
  'following_and_followers/following.json': { following: [{ name: 'Dara', timestamp: 1500000200 }] },
  'posts/your_posts.json': {
    status_updates: [
      {
        timestamp: 1500000000, title: 'Sam Exämple updated his status.',
        data: [{ post: 'Bonjour 👋 https://example.org/a' }, { update_timestamp: 1500000500 }],
        attachments: [{ data: [
          { media: { uri: 'photos_and_videos/TimelinePhotos_1/10150.jpg', creation_timestamp: 1500000000, title: 'Timeline Photos', media_metadata: { photo_metadata: { upload_ip: '192.0.2.1' } } } },
          { external_context: { url: 'https://example.org/shared' } },
        ] }],
        tags: ['Chloé Martin'],
      },
    ],
  },
  'profile_information/profile_information.json': {
    profile: { name: { full_name: 'Sam Exämple' }, emails: { emails: ['sam@example.org'] }, registration_timestamp: 1200000000, profile_uri: 'https://www.facebook.com/sam.exaemple' },
  },
} as const;

describe('Facebook 2018-19 layout, checked against the real 2019 schemas', () => {
  it('our 2018-19 records are valid by those schemas', () => {
    const ajv = schemas();
    for (const [file, data] of Object.entries(FILES)) {
      const validate = ajv.getSchema(url(file));
      expect(validate, file).toBeDefined();
      expect(validate!(data), `${file}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    }
  });

  it('the schemas reject a record in another generation\'s shape (the check can fail)', () => {
    const validate = schemas().getSchema(url('friends/friends.json'))!;
    expect(validate({ friends_v2: [{ name: 'A', timestamp: 1 }] })).toBe(false);
  });

  it('parses those records', async () => {
    const files: Record<string, string> = {};
    for (const [file, data] of Object.entries(FILES)) files[`facebook-sam/${file}`] = metaEncode(data);
    files['facebook-sam/photos_and_videos/TimelinePhotos_1/10150.jpg'] = 'jpg';
    const archive = memoryArchive(files);
    const detection = await facebookSource.detect(archive);
    expect(detection).toEqual({ platform: 'facebook', layout: '2018-19', score: 1 });
    const result = await facebookSource.parse(contextFor(archive), detection!);
    expect(result.account).toEqual({ platform: 'facebook', id: null, username: 'sam.exaemple', displayName: 'Sam Exämple' });
    expect(result.contacts.map((c) => [c.displayName, c.relations])).toEqual([['Chloé Martin', ['friend']], ['Dara', ['friend', 'following']]]);
    expect(result.posts).toMatchObject([{
      text: 'Bonjour 👋 https://example.org/a', createdAt: '2017-07-14T02:40:00.000Z',
      links: ['https://example.org/shared', 'https://example.org/a'],
      media: [{ path: 'facebook-sam/photos_and_videos/TimelinePhotos_1/10150.jpg', type: 'image' }],
    }]);
  });
});
