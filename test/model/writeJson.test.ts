import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeModelJson } from '../../src/model/writeJson.js';
import { MODEL_VERSION, type Model } from '../../src/model/types.js';

async function render(model: Model): Promise<string> {
  const out = new PassThrough({ highWaterMark: 16 });
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeModelJson(model, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('writeModelJson', () => {
  it('writes the same document as JSON.stringify, for empty and large arrays', async () => {
    const empty: Model = { version: MODEL_VERSION, sources: [], account: null, contacts: [], posts: [] };
    expect(JSON.parse(await render(empty))).toEqual(empty);

    const big: Model = {
      ...empty,
      posts: Array.from({ length: 1000 }, (_, i) => ({
        platform: 'twitter' as const, id: String(i), createdAt: null, kind: 'post' as const, text: `post "${i}" \u2028 ✓`,
        inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: null,
        visibility: null, contentWarning: null, sensitive: false, links: [], mentions: [], hashtags: [], media: [],
      })),
    };
    expect(JSON.parse(await render(big))).toEqual(big);
  });
});
