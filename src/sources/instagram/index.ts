/**
 * Instagram export (Meta Accounts Center, JSON): followers, following, blocked, close friends and the
 * user's own posts; and the Threads data inside it (`your_instagram_activity/threads/`), returned as a
 * second source with platform `threads`.
 */
import { ContactBook } from '../meta/contacts.js';
import { MediaIndex } from '../meta/media.js';
import { htmlExportError, howToRequestJson } from '../meta/request.js';
import type { SourceInfo } from '../../model/types.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import { readInstagramContacts } from './contacts.js';
import { detectInstagram, instagramSigns, INSTAGRAM_HTML_LAYOUT } from './detect.js';
import { readInstagramPosts } from './posts.js';
import { readInstagramAccount } from './profile.js';

export async function parseInstagram(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  if (detection.layout === INSTAGRAM_HTML_LAYOUT) {
    throw htmlExportError('Instagram', instagramSigns(context.archive).html.example);
  }
  const book = new ContactBook();
  const media = new MediaIndex(context.archive);
  const contacts = await readInstagramContacts(context, book);
  const posts = await readInstagramPosts(context, media);
  const account = await readInstagramAccount(context);

  const archiveName = context.archive.files.join(', ');
  if (!contacts.found.has('instagram:follower') && !contacts.found.has('instagram:following')) {
    context.warn({ file: archiveName, message: 'This Instagram export holds no followers or following list. ' + howToRequestJson('Instagram') });
  }
  if (contacts.deleted > 0) {
    context.warn({ file: archiveName, message: `${contacts.deleted} account(s) in the lists have been deleted since (__deleted__...); left them out.` });
  }
  if (media.missing > 0) {
    context.warn({
      file: archiveName,
      message: `${media.missing} photo(s) or video(s) referenced by posts are not in the archive; give every part of a multi-part export together.`,
    });
  }

  const files = [...context.archive.files];
  const sources: SourceInfo[] = [{ platform: 'instagram', files, layout: detection.layout }];
  const hasThreads = contacts.threadsFiles > 0 || posts.threadsFiles > 0 || instagramSigns(context.archive).threads;
  if (hasThreads) sources.push({ platform: 'threads', files, layout: detection.layout });
  return { sources, account, contacts: book.contacts(), posts: posts.posts };
}

export const instagramSource: SourceModule = {
  platform: 'instagram',
  description: 'Instagram export from Accounts Center (JSON): followers, following, blocked, close friends, posts; Threads inside it',
  detect: detectInstagram,
  parse: parseInstagram,
};
