/** The human rendering of `inspect`: a few aligned lines a non-programmer can read. */
import type { ExportSummary } from '../../app/inspectExport.js';
import { warningLines } from './warning.js';

export function renderSummary(s: ExportSummary): string {
  const out: string[] = [];
  for (const src of s.sources) {
    out.push(`Platform:  ${src.platform}${src.layout ? ` (layout ${src.layout})` : ''}`);
    out.push(`Files:     ${src.files.join(', ')}`);
  }
  if (s.account) {
    const who = [s.account.username ? `@${s.account.username}` : null, s.account.displayName, s.account.id ? `id ${s.account.id}` : null]
      .filter(Boolean).join(', ');
    out.push(`Account:   ${who || '(not named in the export)'}`);
  }
  out.push('');
  out.push(`Contacts:  ${s.contacts.total} (${s.contacts.withUsername} with a username)`);
  for (const [platform, relations] of Object.entries(s.contacts.byRelation)) {
    const rows = Object.entries(relations).sort((a, b) => b[1] - a[1]);
    for (const [relation, n] of rows) out.push(`  ${pad(`${platform} ${relationWords(platform, relation)}`, 28)} ${String(n).padStart(7)}`);
  }
  out.push('');
  out.push(`Posts:     ${s.posts.total}`);
  for (const [kind, n] of Object.entries(s.posts.byKind)) out.push(`  ${pad(kind, 28)} ${String(n).padStart(7)}`);
  if (s.posts.first && s.posts.last) out.push(`  ${pad('from', 28)} ${s.posts.first.slice(0, 10)} to ${s.posts.last.slice(0, 10)}`);
  if (s.posts.media > 0) {
    const missing = s.posts.mediaMissing > 0 ? ` (${s.posts.mediaMissing} not in the archive)` : '';
    out.push(`  ${pad('media files', 28)} ${String(s.posts.media).padStart(7)}${missing}`);
  }
  if (s.warnings.length > 0) {
    out.push('');
    out.push(`Warnings (${s.warnings.length}):`);
    for (const w of s.warnings.slice(0, 20)) out.push(...warningLines(w, { bullet: '  - ', width: WARNING_WIDTH }));
    if (s.warnings.length > 20) out.push(`  ... and ${s.warnings.length - 20} more (use --json to see all)`);
  }
  return out.join('\n') + '\n';
}

/** Long warnings (Facebook's "how to request a new export" steps) wrap at this width, indented. */
const WARNING_WIDTH = 100;

const RELATION_WORDS: Record<string, string> = {
  following: 'following', follower: 'followers', friend: 'friends', subscription: 'subscriptions',
  blocked: 'blocked', muted: 'muted', close_friend: 'close friends',
};

/** What a platform itself calls a relation, where it differs: LinkedIn's mutual contacts are "connections". */
const PLATFORM_RELATION_WORDS: Record<string, Record<string, string>> = {
  linkedin: { friend: 'connections' },
};

/** A relation as a person says it: `close friends`, `list "Tech"`, LinkedIn `connections`. */
function relationWords(platform: string, relation: string): string {
  if (relation.startsWith('list:')) return `list "${relation.slice(5)}"`;
  return PLATFORM_RELATION_WORDS[platform]?.[relation] ?? RELATION_WORDS[relation] ?? relation;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
