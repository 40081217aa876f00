/**
 * What `import` prints: the confirmation question, the text summary for people and the `--json` summary.
 * Reasons and notes arrive as codes and are put in words here (src/report/reasonWords.ts).
 */
import { countBucket, emptyCounts } from '../../apply/counts.js';
import type { ApplyCounts } from '../../apply/types.js';
import type { ImportPreview, ImportResult } from '../../app/runImport.js';
import type { Match } from '../../model/match.js';
import { actionTarget, type Action, type ActionState, type ActionType } from '../../plan/types.js';
import { noteText, reasonText } from '../../report/reasonWords.js';

const ACTION_WORDS: Record<ActionType, [string, string]> = {
  follow: ['follow', 'follows'], block: ['block', 'blocks'], mute: ['mute', 'mutes'],
  list_add: ['list addition', 'list additions'], post: ['post', 'posts'], media: ['picture or video upload', 'picture and video uploads'],
  video: ['video upload', 'video uploads'],
};

export function actionCount(n: number, type: ActionType): string {
  const [one, many] = ACTION_WORDS[type];
  return `${n} ${n === 1 ? one : many}`;
}

/** The question before anything is sent: what, to whom (the first ones and a count), from which account, how long. */
export function confirmText(p: ImportPreview): string {
  const parts = (Object.entries(p.byType) as [ActionType, number][]).map(([type, n]) => actionCount(n, type)).join(', ');
  const follows = p.first.filter((s) => s.action.type === 'follow').map((s) => `@${actionTarget(s.action)}`);
  const more = (p.byType.follow ?? 0) - follows.length;
  const who = follows.length > 0 ? `\nFollow ${follows.join(', ')}${more > 0 ? ` and ${more} more` : ''}.` : '';
  return `Send ${parts} from @${p.destination}?${who}\nEstimated time: ${formatSeconds(p.estimate.seconds)}.`;
}

export function jsonSummary(r: ImportResult): Record<string, unknown> {
  return {
    version: 1,
    destination: r.destination,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    counts: r.counts,
    countsByType: countsByType(r.states),
    estimate: { seconds: r.estimate.seconds, limitedBy: r.estimate.limitedBy },
    stopped: r.stopped === null ? null : r.stopped.reason === 'rate_limit'
      ? { reason: 'rate_limit', limit: r.stopped.limit, resumeAt: r.stopped.resumeAt.toISOString() }
      : { reason: r.stopped.reason },
    matches: { found: r.matches.filter((m) => m.status === 'found').length, total: r.matches.length },
    actions: r.states.map((s) => ({
      type: s.action.type, target: actionTarget(s.action), list: s.action.type === 'list_add' ? s.action.list : null,
      status: s.status, reason: s.reason?.code ?? null, detail: s.reason?.detail ?? null,
    })),
    postsExcluded: r.plan.postsExcluded.map((e) => ({ platform: e.source.platform, id: e.source.id, reason: e.reason.code, detail: e.reason.detail ?? null })),
    notes: [...r.resolveNotes, ...r.notes.map(noteText)],
    warnings: r.warnings,
    report: r.reportFile,
    csv: r.csvFiles.map((f) => f.path),
  };
}

function countsByType(states: ActionState[]): Partial<Record<ActionType, ApplyCounts>> {
  const out: Partial<Record<ActionType, ApplyCounts>> = {};
  for (const s of states) (out[s.action.type] ??= emptyCounts())[countBucket(s.status)]++;
  return out;
}

/** Exports whose contacts have a name but no user name that could also be theirs on the fediverse. */
const NAME_ONLY_PLATFORMS: ReadonlySet<string> = new Set(['facebook', 'linkedin']);

export function textSummary(r: ImportResult): string {
  const lines: string[] = [];
  lines.push(...matchLines(r.matches));
  if (r.dryRun || !r.destination) {
    const planned = r.states.filter((s) => s.status === 'planned' || s.status === 'sent');
    const byType = new Map<ActionType, number>();
    for (const s of planned) byType.set(s.action.type, (byType.get(s.action.type) ?? 0) + 1);
    lines.push(r.dryRun ? 'Dry run: nothing was sent.' : 'Nothing was sent (no destination account).');
    lines.push(`Would do: ${[...byType].map(([t, n]) => actionCount(n, t)).join(', ') || 'nothing'}; estimated time ${formatSeconds(r.estimate.seconds)}${r.estimate.limitedBy !== 'none' ? ` (limited by ${limitText(r)})` : ''}.`);
    for (const s of planned.filter((x) => x.action.type !== 'media' && x.action.type !== 'post').slice(0, 50)) lines.push(`  ${actionLine(s.action)}`);
    const accountActions = planned.filter((x) => x.action.type !== 'media' && x.action.type !== 'post').length;
    if (accountActions > 50) lines.push(`  … and ${accountActions - 50} more (see --report)`);
    lines.push(...postLines(r));
    for (const s of r.states.filter((x) => x.action.type === 'video' && x.status === 'skipped').slice(0, 50)) lines.push(`  left out: ${actionLine(s.action)}: ${reasonText(s.reason)}`);
  } else if (r.cancelled) {
    lines.push('Cancelled: nothing was sent.');
  } else {
    const c = r.counts;
    lines.push(`${c.done} done, ${c.pending} pending (waiting for the other side to accept), ${c.failed} failed, ${c.skipped} skipped, ${c.left} left.`);
    for (const s of r.states.filter((x) => x.status === 'failed').slice(0, 20)) lines.push(`  failed: ${actionLine(s.action)}: ${reasonText(s.reason) || 'no reason given'}`);
    const media = r.states.filter((x) => (x.action.type === 'media' || x.action.type === 'video') && x.status === 'skipped');
    for (const s of media.slice(0, 20)) lines.push(`  left out: ${actionLine(s.action)}: ${reasonText(s.reason)}`);
  }
  for (const n of r.resolveNotes) lines.push(`note: ${n}`);
  const namesOnly = r.matches.filter((m) => m.status === 'not_found' && NAME_ONLY_PLATFORMS.has(m.contact.platform)).length;
  if (!r.signedIn && namesOnly > 0) {
    lines.push(`note: ${namesOnly} of the contacts not found ${namesOnly === 1 ? 'is' : 'are'} known only by name (Facebook and LinkedIn give no user name to look for). Names are looked up through your server's search: sign in (leave-platform login @you@your.server) and run the same command with --to to search them.`);
  }
  for (const n of r.notes) lines.push(`note: ${noteText(n)}`);
  if (r.reportFile) lines.push(`Report: ${r.reportFile}`);
  for (const f of r.csvFiles) lines.push(`CSV: ${f.path}`);
  return `${lines.join('\n')}\n`;
}

/** The posts of a dry run: how many statuses, what is left out and why, and the first one as it will read. */
function postLines(r: ImportResult): string[] {
  const posts = r.states.filter((s) => s.action.type === 'post');
  if (posts.length === 0 && r.plan.postsExcluded.length === 0) return [];
  const lines: string[] = [];
  const sources = new Set(posts.map((s) => actionTarget(s.action))).size;
  const media = r.states.filter((s) => s.action.type === 'media');
  const mediaOut = media.filter((s) => s.status === 'skipped').length;
  lines.push(`Posts: ${sources} of your posts become ${posts.length} ${posts.length === 1 ? 'post' : 'posts'}, with ${media.length - mediaOut} pictures and videos${mediaOut ? ` (${mediaOut} cannot go)` : ''}.`);
  const byReason = new Map<string, number>();
  for (const e of r.plan.postsExcluded) {
    const words = reasonText({ code: e.reason.code });
    byReason.set(words, (byReason.get(words) ?? 0) + 1);
  }
  for (const [why, n] of [...byReason].sort((a, b) => b[1] - a[1])) lines.push(`  ${n} left out: ${why}`);
  const first = posts[0]?.action;
  if (first && first.type === 'post') {
    lines.push('  The first post will read:');
    for (const l of first.text.split('\n').slice(0, 8)) lines.push(`  | ${l}`);
  }
  return lines;
}

function actionLine(a: Action): string {
  switch (a.type) {
    case 'list_add':
      return `add @${a.handle} to the list "${a.list}"`;
    case 'post':
      return `post ${a.source.platform} ${a.source.id}${a.parts > 1 ? ` (part ${a.part} of ${a.parts})` : ''}`;
    case 'media':
      return `upload ${a.path ?? '(a file the export lacks)'}`;
    case 'video':
      return `upload the video "${a.name}" to the channel ${a.channel}`;
    default:
      return `${a.type} @${a.handle}`;
  }
}

function limitText(r: ImportResult): string {
  const l = r.estimate.limit;
  if (!l) return r.estimate.limitedBy;
  const what: Record<string, string> = { follows: 'follows', statuses: 'posts', media: 'uploads', requests: 'requests' };
  return `${l.limit} ${what[l.family] ?? l.family} per ${windowText(l.windowSeconds)}`;
}

function windowText(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'day' : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** What the resolver found, in words: found per confidence, then the contacts it could not settle. */
function matchLines(matches: Match[]): string[] {
  const count = (f: (m: Match) => boolean) => matches.filter(f).length;
  const found = matches.filter((m) => m.status === 'found');
  const byConfidence = (['verified', 'high', 'medium', 'low'] as const)
    .map((c) => [c, found.filter((m) => m.confidence === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  const lines = [`Found ${found.length} of ${matches.length} contacts on the fediverse${byConfidence.length ? ` (${byConfidence.join(', ')})` : ''}.`];
  // "Not found" and "could not be checked" are counted apart: a server that did not answer says nothing.
  const other = [
    [count((m) => m.status === 'not_found'), 'not found'],
    [count((m) => m.status === 'ambiguous'), 'ambiguous (two accounts fit; never followed)'],
    [count((m) => m.status === 'gone'), 'gone (the account was deleted)'],
    [count((m) => m.status === 'error'), 'could not be checked (network or server errors; a re-run retries them)'],
  ] as const;
  for (const [n, what] of other) if (n > 0) lines.push(`  ${n} ${what}`);
  return lines;
}

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)} s`;
  if (s < 5400) return `${Math.ceil(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}
