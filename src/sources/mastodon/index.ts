/**
 * A Mastodon account's own exports, for moving between servers: the archive from "Request your archive"
 * (`archive-<timestamp>-<hex>.zip` since 4.1, `.tar.gz` before; `outbox.json`, `actor.json`,
 * `media_attachments/…`) and the CSVs from the data-export page (following, blocks, mutes, lists).
 * Either may be given alone or together (several inputs are one ArchiveSet).
 */
import { entriesNamed } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { InputError } from '../../errors.js';
import type { Account, Post } from '../../model/types.js';
import { readEntryText } from '../csv.js';
import { parseEntryJson, readEntryHead } from '../entries.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import { ContactBook, accountCsvName, looksLikeAccountCsv, readAccountCsv } from './accounts.js';
import { outboxItems, postsFromOutbox, type OutboxOwner } from './outbox.js';

const HEAD_BYTES = 64 * 1024;
/** Lines of an account CSV enough to tell it (most of them handles): a hundred. */
const DETECT_LINES = 100;
/** outbox.json is parsed whole: 2.8 MB for 1.6k posts in a real export, so this allows ~300k posts. */
const MAX_OUTBOX_BYTES = 512 * 1024 * 1024;
const MAX_ACTOR_BYTES = 4 * 1024 * 1024;

export const mastodonSource: SourceModule = {
  platform: 'mastodon',
  description: 'Mastodon account archive (outbox.json, actor.json) and account CSV exports',
  detect: detectMastodon,
  parse: parseMastodon,
};

const isOutboxHead = (head: string) =>
  /"type"\s*:\s*"OrderedCollection"/.test(head) && /"orderedItems"\s*:/.test(head) && /activitystreams/.test(head);
const isActorHead = (head: string) =>
  /"type"\s*:\s*"(Person|Service|Application|Group)"/.test(head) && /"outbox"\s*:\s*"outbox\.json"/.test(head);

async function detectMastodon(archive: ArchiveSet): Promise<Detection | null> {
  const outbox = entriesNamed(archive, 'outbox.json')[0];
  const actor = entriesNamed(archive, 'actor.json')[0];
  const outboxOk = outbox ? isOutboxHead(await readEntryHead(archive, outbox, HEAD_BYTES).catch(() => '')) : false;
  const actorOk = actor ? isActorHead(await readEntryHead(archive, actor, HEAD_BYTES).catch(() => '')) : false;
  if (outboxOk && actorOk) return { platform: 'mastodon', layout: 'archive', score: 1 };
  if (outboxOk || actorOk) return { platform: 'mastodon', layout: 'archive', score: 0.9 };

  let best = 0;
  for (const entry of archive.entries) {
    const name = accountCsvName(entry);
    if (!name) continue;
    // Its first lines say what it is: parsing a whole file here, then again to read it, was most of the
    // parse time of a batch of such exports.
    const head = await readEntryHead(archive, entry, HEAD_BYTES).catch(() => '');
    if (!looksLikeAccountCsv(name, firstLines(head, DETECT_LINES), entry.path)) continue;
    // following_accounts.csv has a header only Mastodon (and servers copying it) writes; the
    // headerless ones are plain `user@domain` lines, weaker evidence.
    best = Math.max(best, name === 'following_accounts.csv' || name === 'muted_accounts.csv' ? 0.85 : 0.6);
  }
  return best > 0 ? { platform: 'mastodon', layout: 'csv', score: best } : null;
}

async function parseMastodon(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  const { archive } = context;
  // The actor first: the outbox needs the owner to tell self-replies from replies to others.
  let account: Account | null = null;
  for (const entry of entriesNamed(archive, 'actor.json')) {
    account ??= await readActor(context, entry);
  }
  const owner: OutboxOwner = { actorId: account?.id ?? null, username: account?.username ?? null };

  const posts: Post[] = [];
  for (const entry of entriesNamed(archive, 'outbox.json')) {
    posts.push(...(await readOutbox(context, entry, owner)));
  }

  const book = new ContactBook();
  for (const entry of archive.entries) {
    if (accountCsvName(entry)) await readAccountCsv(context, entry, book);
  }
  const contacts = book.contacts();

  if (posts.length === 0 && contacts.length === 0 && account === null) {
    const hasFiles = archive.entries.some((e) => accountCsvName(e) || /(^|\/)(outbox|actor)\.json$/i.test(e.path));
    if (!hasFiles) {
      throw new InputError('This input holds no Mastodon outbox.json, actor.json or account CSV files.', {
        hint: 'On your Mastodon server, use Preferences → Import and export → "Request your archive", and the CSV downloads on the Data export page.',
      });
    }
  }
  if (contacts.length === 0) {
    context.warn({
      file: null,
      message: 'No following, blocked, muted or list CSVs were given; the archive itself holds no contacts. Download them from Preferences → Import and export → Data export.',
    });
  }

  return {
    sources: [{ platform: 'mastodon', files: [...archive.files], layout: detection.layout }],
    account,
    contacts,
    posts,
  };
}

async function readOutbox(context: ParseContext, entry: ArchiveEntry, owner: OutboxOwner): Promise<Post[]> {
  const text = await readEntryText(context.archive, entry, MAX_OUTBOX_BYTES);
  const doc = parseEntryJson(text, entry, 'Download the archive again from your Mastodon server (Preferences → Import and export).');
  const items = outboxItems(doc, text);
  if (items === null) {
    throw new InputError(`${entry.path} in ${entry.archive} is not an ActivityStreams outbox (no orderedItems list).`, { file: entry.path });
  }
  const result = postsFromOutbox(items, context.archive, owner);
  if (result.skipped > 0) {
    context.warn({ file: entry.path, message: `${result.skipped} item(s) of ${entry.path} are not posts or boosts we know; skipped.` });
  }
  if (result.missingMedia > 0) {
    context.warn({ file: entry.path, message: `${result.missingMedia} media file(s) referenced by ${entry.path} are not in the archive.` });
  }
  return result.posts;
}

async function readActor(context: ParseContext, entry: ArchiveEntry): Promise<Account | null> {
  let actor: unknown;
  try {
    actor = JSON.parse(await readEntryText(context.archive, entry, MAX_ACTOR_BYTES));
  } catch (error) {
    if (error instanceof InputError) throw error;
    context.warn({ file: entry.path, message: `${entry.path} is not valid JSON (cut short or damaged); the account is unknown.` });
    return null;
  }
  if (typeof actor !== 'object' || actor === null) return null;
  const a = actor as Record<string, unknown>;
  const name = typeof a['name'] === 'string' ? a['name'].trim() : ''; // plain text in ActivityStreams, not HTML
  return {
    platform: 'mastodon',
    id: typeof a['id'] === 'string' ? a['id'] : null,
    username: typeof a['preferredUsername'] === 'string' ? a['preferredUsername'] : null,
    displayName: name === '' ? null : name,
  };
}

/** The first `count` whole lines of `text` (all of it when it has fewer): a line cut at the end is dropped. */
function firstLines(text: string, count: number): string {
  let end = -1;
  for (let i = 0; i < count; i++) {
    const next = text.indexOf('\n', end + 1);
    if (next === -1) return i === 0 || Buffer.byteLength(text) < HEAD_BYTES ? text : text.slice(0, end + 1);
    end = next;
  }
  return text.slice(0, end + 1);
}
