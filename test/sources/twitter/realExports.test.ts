/**
 * The Twitter module on real archives from public repositories (samples/real-exports, used as they are),
 * and the visibility rules of issue 8 on synthetic archives (no real archive with a Circle was published).
 */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { twitterSource } from '../../../src/sources/twitter/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';
import { ME, accountJs, parseArchive, tweet, ytd } from './helpers.js';

async function parseReal(name: string) {
  const parsed = await detectAndParse(twitterSource, memoryArchive(realExportFiles(name), `${name}.zip`));
  expect(modelSchemaErrors(mergeParsed([parsed.result]))).toEqual([]);
  return parsed;
}

describe('twitter-2025-12 (real): long replies and self-replies', () => {
  it('gives a long reply its note-tweet text behind the @mention the note lacks', async () => {
    const { result } = await parseReal('twitter-2025-12');
    const reply = result.posts.find((p) => p.id === '1995717789903192574')!;
    expect(reply).toMatchObject({ kind: 'reply', inReplyToId: '1995376487307063526', inReplyToUser: 'BeautyofIndia9' });
    expect(reply.text).toBe(
      '@BeautyofIndia9 Banaras, a holy city in Uttar Pradesh known for its deep spiritual and religious importance.\n'
      + 'It sits along the sacred River Ganga and is home to famous places like the Kashi Vishwanath Temple.\n'
      + 'Its ghats, especially Dashashwamedh and Assi, are known for prayers, rituals, and the beautiful Ganga Aarti.🙏',
    );
    expect(result.posts.some((p) => p.text.endsWith('and the…'))).toBe(false);
  });

  it('makes a reply to one of the account\'s own tweets a reply naming the account (the rule of every platform)', async () => {
    const { result } = await parseReal('twitter-2025-12');
    expect(result.account?.username).toBe('ranigupta_20');
    const selfReply = result.posts.find((p) => p.id === '1995509118371848485')!;
    expect(selfReply).toMatchObject({ kind: 'reply', inReplyToId: '1995506586979328161', inReplyToUser: 'ranigupta_20' });
    const selfReplies = result.posts.filter((p) => p.inReplyToUser === result.account?.username);
    expect(selfReplies.map((p) => p.id)).toEqual(['1995509118371848485']);
    expect(selfReplies.every((p) => p.kind === 'reply')).toBe(true);
  });

  it('has no content warnings, and no sensitive flags where the archive says possibly_sensitive false', async () => {
    const { result } = await parseReal('twitter-2025-12');
    expect(result.posts.every((p) => p.contentWarning === null && p.sensitive === false)).toBe(true);
  });
});

describe('never more widely than it was', () => {
  const files = (extra: Record<string, string>) => memoryArchive({
    'data/account.js': accountJs(),
    'data/tweets.js': ytd('tweets', [
      { tweet: tweet('31', { full_text: 'for everyone' }) },
      { tweet: tweet('32', { full_text: 'for my circle only' }) },
      { tweet: tweet('33', { full_text: 'a photo, marked sensitive', possibly_sensitive: true }) },
    ]),
    ...extra,
  });

  it('marks the tweets listed in twitter-circle-tweet.js private, and no other', async () => {
    const archive = files({ 'data/twitter-circle-tweet.js': ytd('twitter_circle_tweet', [{ tweet: tweet('32', { full_text: 'for my circle only' }) }]) });
    const { result } = await parseArchive(archive);
    const visibility = Object.fromEntries(result.posts.map((p) => [p.id, p.visibility]));
    expect(visibility).toEqual({ 31: 'public', 32: 'private', 33: 'public' });
    // The circle file adds no post of its own: the tweet is in tweets.js too.
    expect(result.posts).toHaveLength(3);
  });

  it('marks every tweet of a protected account private (protected-history.js, latest action)', async () => {
    const archive = files({
      'data/protected-history.js': ytd('protected_history', [
        { protectedHistory: { protectedAt: '2023-01-01T00:00:00.000Z', action: 'Unprotect' } },
        { protectedHistory: { protectedAt: '2023-02-01T00:00:00.000Z', action: 'Protect' } },
      ]),
    });
    const { result } = await parseArchive(archive);
    expect(result.posts.map((p) => p.visibility)).toEqual(['private', 'private', 'private']);
  });

  it('keeps possibly_sensitive as the sensitive flag', async () => {
    const { result } = await parseArchive(files({}));
    expect(result.posts.map((p) => [p.id, p.sensitive, p.contentWarning])).toEqual([['31', false, null], ['32', false, null], ['33', true, null]]);
  });

  it('never reads direct messages', async () => {
    const dm = 'window.YTD.direct_messages.part0 = [ { "dmConversation": { "conversationId": "1-2", "messages": [ { "messageCreate": { "text": "secret DM text", "id": "900" } } ] } } ]';
    const { result } = await parseArchive(files({ 'data/direct-messages.js': dm, 'data/direct-messages-group.js': dm.replace('direct_messages', 'direct_messages_group') }));
    expect(JSON.stringify(result)).not.toContain('secret DM text');
    expect(ME.userName).toBe(result.account?.username);
  });
});
