/**
 * The Mastodon module on a real Mastodon 4.5 archive (samples/real-exports/mastodon-2026-07, as it is):
 * statuses addressed as `/ap/users/<numeric id>/statuses/...`. And content warnings and sensitive flags.
 */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { mastodonSource } from '../../../src/sources/mastodon/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';

const ME = 'https://mastodon.social/ap/users/116840387061670746';

async function parseReal() {
  const parsed = await detectAndParse(mastodonSource, memoryArchive(realExportFiles('mastodon-2026-07'), 'archive-20260701000000-0123456789abcdef0123456789abcdef.zip'));
  expect(modelSchemaErrors(mergeParsed([parsed.result]))).toEqual([]);
  return parsed.result;
}

describe('mastodon-2026-07 (real, 4.5 /ap/users/<id> URIs)', () => {
  it('keeps self-threads: every reply to one\'s own status is a reply naming the account', async () => {
    const result = await parseReal();
    expect(result.account).toMatchObject({ id: ME, username: 'darkpatern' });
    const selfReplies = result.posts.filter((p) => p.inReplyToId?.startsWith(`${ME}/statuses/`));
    expect(selfReplies).toHaveLength(209);
    for (const post of selfReplies) expect(post).toMatchObject({ kind: 'reply', inReplyToUser: 'darkpatern' });
    expect(result.posts.find((p) => p.id === `${ME}/statuses/116840648568742867`)).toMatchObject({
      inReplyToId: `${ME}/statuses/116840646326358788`, inReplyToUser: 'darkpatern',
    });
  });

  it('names the author of a reply to someone else in either URI shape, from the mention tag for numeric ids', async () => {
    const result = await parseReal();
    const byId = new Map(result.posts.map((p) => [p.id, p]));
    // /ap/users/<numeric id>: the mention whose href is that actor names the account.
    expect(byId.get(`${ME}/statuses/116843963509934422`)).toMatchObject({
      kind: 'reply', inReplyToId: 'https://mastodon.nl/ap/users/116404991435260606/statuses/116843947597246047', inReplyToUser: 'ee@mastodon.nl',
    });
    // /users/<name> without any mention tag: the URI names the account.
    expect(byId.get(`${ME}/statuses/116843814569312153`)).toMatchObject({ kind: 'reply', inReplyToUser: 'JeanMarcvanTol@mastodon.nl' });
    const othersReplies = result.posts.filter((p) => p.kind === 'reply' && !p.inReplyToId!.startsWith(`${ME}/`));
    expect(othersReplies).toHaveLength(19);
    expect(othersReplies.every((p) => p.inReplyToUser !== null && p.inReplyToUser !== 'darkpatern')).toBe(true);
  });

  it('reads summary and sensitive (all empty in this archive) as no content warning, not sensitive', async () => {
    const result = await parseReal();
    expect(result.posts.every((p) => p.contentWarning === null && p.sensitive === false)).toBe(true);
  });
});

describe('content warnings and sensitive media', () => {
  it('keeps the Note\'s summary as the content warning and its sensitive flag; a self-reply without actor.json names the user from the status URL', async () => {
    const note = (id: string, extra: Record<string, unknown>) => ({
      id: `https://example.social/users/me/statuses/${id}/activity`, type: 'Create', actor: 'https://example.social/users/me',
      published: '2024-01-01T00:00:00Z', to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [],
      object: {
        id: `https://example.social/users/me/statuses/${id}`, type: 'Note', summary: null, inReplyTo: null, published: '2024-01-01T00:00:00Z',
        url: `https://example.social/@me/${id}`, attributedTo: 'https://example.social/users/me', to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [],
        sensitive: false, content: `<p>post ${id}</p>`, attachment: [], tag: [], ...extra,
      },
    });
    const outbox = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams', id: 'outbox.json', type: 'OrderedCollection', totalItems: 2,
      orderedItems: [
        note('1', { summary: 'food, spoilers', sensitive: true }),
        note('2', { inReplyTo: 'https://example.social/users/me/statuses/1' }),
      ],
    });
    const { result } = await detectAndParse(mastodonSource, memoryArchive({ 'outbox.json': outbox }));
    expect(result.posts.map((p) => [p.contentWarning, p.sensitive, p.kind, p.inReplyToUser])).toEqual([
      ['food, spoilers', true, 'post', null],
      [null, false, 'reply', 'me'],
    ]);
  });
});
