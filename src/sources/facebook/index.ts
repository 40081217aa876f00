/** Facebook "Download Your Information" (JSON): friends, following, followers and the user's own posts. */
import { ContactBook } from '../meta/contacts.js';
import { MediaIndex } from '../meta/media.js';
import { htmlExportError, howToRequestJson } from '../meta/request.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import { readFacebookContacts } from './contacts.js';
import { detectFacebook, facebookSigns, FACEBOOK_HTML_LAYOUT } from './detect.js';
import { readFacebookPosts } from './posts.js';
import { readFacebookAccount } from './profile.js';

export async function parseFacebook(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  if (detection.layout === FACEBOOK_HTML_LAYOUT) {
    throw htmlExportError('Facebook', facebookSigns(context.archive).html.example);
  }
  const book = new ContactBook();
  const media = new MediaIndex(context.archive);
  const { found } = await readFacebookContacts(context, book);
  const account = await readFacebookAccount(context);
  const { posts, filesFound, elsewhere } = await readFacebookPosts(context, media, account?.displayName ?? null);

  const archiveName = context.archive.files.join(', ');
  if (!found.has('friend') && !found.has('following')) {
    context.warn({ file: archiveName, message: 'This Facebook export holds no friends or following list. ' + howToRequestJson('Facebook') });
  }
  if (filesFound === 0) {
    context.warn({ file: archiveName, message: 'This Facebook export holds no posts file (your_posts...json or profile_posts...json); no posts were read.' });
  }
  if (elsewhere > 0) {
    context.warn({
      file: archiveName,
      message: `${elsewhere} post(s) written on someone else's timeline or in a group are not your own posts; left out.`,
    });
  }
  if (media.missing > 0) {
    context.warn({
      file: archiveName,
      message: `${media.missing} photo(s) or video(s) referenced by posts are not in the archive; give every part of a multi-part export together.`,
    });
  }
  return {
    sources: [{ platform: 'facebook', files: [...context.archive.files], layout: detection.layout }],
    account,
    contacts: book.contacts(),
    posts,
  };
}

export const facebookSource: SourceModule = {
  platform: 'facebook',
  description: 'Facebook "Download your information" export (JSON): friends, following, followers, posts',
  detect: detectFacebook,
  parse: parseFacebook,
};
