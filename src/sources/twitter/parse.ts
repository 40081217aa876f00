/**
 * The Twitter/X archive -> neutral model. Reads, in order: manifest.js (optional), account.js, protected-history.js,
 * twitter-circle-tweet.js (only the ids, to mark those tweets private), note-tweet.js, then streams tweets.js
 * (all parts) converting each tweet at once, then the relation files. deleted-tweets.js, community-tweet.js,
 * like.js and direct messages (direct-messages*.js) are never read.
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Post } from '../../model/types.js';
import type { Detection, ParseContext, ParsedExport } from '../types.js';
import { accountFrom, isProtected } from './account.js';
import { ContactBook, RELATION_FILES, relationAccountId, type RelationFile } from './contacts.js';
import { dataTypeFiles, findManifest, readManifest, type DataType, type Manifest } from './files.js';
import { MediaIndex } from './media.js';
import { NameBook } from './names.js';
import { NoteIndex, noteFromElement } from './notes.js';
import { convertTweet, recordNames, tweetId, unwrapTweet, type ConvertedTweet, type TweetContext } from './tweet.js';
import { readYtdArray, readYtdEntry } from './ytd.js';

/** Individual "missing media file" warnings before they are summed up in one line. */
const MISSING_MEDIA_WARNINGS = 20;

export async function parseTwitterArchive(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  const { archive, warn } = context;
  const fileName = (e: ArchiveEntry) => `${e.archive}:${e.path}`;
  const repaired = (entry: ArchiveEntry) => (index: number) =>
    warn({ file: fileName(entry), message: `element ${index + 1} held control characters, dropped before parsing` });

  const manifestEntry = await findManifest(archive);
  let manifest: Manifest | null = null;
  if (manifestEntry) {
    const read = await readManifest(archive, manifestEntry);
    if ('error' in read) warn({ file: fileName(manifestEntry), message: `manifest.js is unreadable (${read.error}); files are found by name instead` });
    else manifest = read;
  }

  const files = (type: DataType): ArchiveEntry[] => {
    const { entries, missing } = dataTypeFiles(archive, manifest, type);
    for (const m of missing) {
      warn({ file: archive.files.join(', '), message: `manifest.js lists ${m} but the archive lacks it (a partial archive, or a part not given?)` });
    }
    return entries;
  };
  const readAll = async (type: DataType): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (const entry of files(type)) out.push(...(await readYtdArray(archive, entry, repaired(entry))));
    return out;
  };

  const account = accountFrom(await readAll('account'), manifest);
  const visibility = isProtected(await readAll('protectedHistory')) ? 'private' : 'public';
  const circleTweetIds = new Set<string>();
  for (const element of await readAll('circleTweets')) {
    const tweet = unwrapTweet(element);
    const id = tweet ? tweetId(tweet) : null;
    if (id !== null) circleTweetIds.add(id);
  }

  const notes = new NoteIndex();
  for (const element of await readAll('noteTweet')) {
    const note = noteFromElement(element);
    if (note) notes.add(note);
  }

  const media = new MediaIndex(archive);
  for (const nested of media.nestedZips) {
    warn({ file: fileName(nested), message: 'media zipped inside the archive (2019 archives) is not read: unzip it next to the .js files to include it' });
  }
  let missingMedia = 0;
  const names = new NameBook();
  const ctx: TweetContext = {
    ownId: account?.id ?? null,
    ownUsername: account?.username ?? null,
    visibility,
    circleTweetIds,
    media,
    notes,
    onMissingMedia: (tweetId, name) => {
      missingMedia++;
      if (missingMedia <= MISSING_MEDIA_WARNINGS) {
        warn({ file: archive.files.join(', '), message: `tweet ${tweetId}: media file ${name} is not in the archive` });
      }
    },
  };

  const posts = await readTweets(archive, files('tweets'), ctx, names, (entry, message) => warn({ file: fileName(entry), message }), repaired);
  if (missingMedia > MISSING_MEDIA_WARNINGS) {
    warn({ file: archive.files.join(', '), message: `${missingMedia - MISSING_MEDIA_WARNINGS} more media files are not in the archive` });
  }

  const contacts = new ContactBook();
  for (const type of Object.keys(RELATION_FILES) as RelationFile[]) {
    for (const entry of files(type)) {
      await readYtdEntry(archive, entry, {
        onElement: (element) => {
          const id = relationAccountId(element, type);
          if (id !== null) contacts.add(id, RELATION_FILES[type].relation);
        },
        onRepair: repaired(entry),
      });
    }
  }

  return {
    sources: [{ platform: 'twitter', files: [...archive.files], layout: detection.layout }],
    account,
    contacts: contacts.toContacts(names),
    posts,
  };
}

/**
 * Streams every tweets file, converting each element as it comes. Edit chains keep their latest version;
 * a tweet seen twice (the same part given twice) is kept once. Reply targets whose screen name the tweet
 * itself lacks are filled in from names seen anywhere in the archive. Result sorted oldest first.
 */
async function readTweets(
  archive: ArchiveSet,
  entries: readonly ArchiveEntry[],
  ctx: TweetContext,
  names: NameBook,
  warn: (entry: ArchiveEntry, message: string) => void,
  repaired: (entry: ArchiveEntry) => (index: number) => void,
): Promise<Post[]> {
  // Most tweets are no edit chain: they go straight to `posts`; chains (and repeated ids) are settled at the end.
  // Keeping the per-tweet bookkeeping this small matters: 150,000 posts must fit in well under 300 MB.
  const posts: Post[] = [];
  const seen = new Set<string>();
  const chains = new Map<string, ConvertedTweet>();
  const unnamedReplies = new Map<Post, string>();
  for (const entry of entries) {
    let skipped = 0;
    await readYtdEntry(archive, entry, {
      onElement: (element) => {
        const tweet = unwrapTweet(element);
        if (!tweet || 'deleted_at' in tweet) {
          skipped++;
          return;
        }
        const converted = convertTweet(tweet, ctx);
        if (!converted) {
          skipped++;
          return;
        }
        recordNames(tweet, names, ctx.ownId, converted.post.createdAt);
        const { post, chain, rank, replyUserId } = converted;
        if (replyUserId !== null) unnamedReplies.set(post, replyUserId);
        if (chain === post.id && rank === 0 && !chains.has(chain)) {
          if (!seen.has(post.id)) posts.push(post);
          seen.add(post.id);
          return;
        }
        const old = chains.get(chain);
        if (!old || rank >= old.rank) chains.set(chain, converted);
      },
      onRepair: repaired(entry),
    });
    if (skipped > 0) warn(entry, `${skipped} element(s) are not live tweets (no tweet id, or marked deleted) and were skipped`);
  }
  let result = posts;
  if (chains.size > 0) {
    // A chain's initial version may have gone to `posts` before a later version showed up: drop it there.
    result = posts.filter((p) => !chains.has(p.id) || chains.get(p.id)!.post === p);
    const kept = new Set(result);
    for (const { post } of chains.values()) {
      if (!kept.has(post) && !seen.has(post.id)) result.push(post);
    }
  }
  for (const [post, userId] of unnamedReplies) post.inReplyToUser = names.get(userId).username;
  result.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || compareIds(a.id, b.id));
  return result;
}

/** Numeric id strings compared as numbers (snowflakes exceed 2^53). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
