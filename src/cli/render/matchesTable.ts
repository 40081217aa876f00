/** The `resolve` results for people: one line per contact, then a summary (DESIGN.md section 2). */
import type { UnreachableServer } from '../../app/runResolve.js';
import type { Match } from '../../model/match.js';
import type { UnreachableFailure } from '../../net/reachable.js';

const MAX_CELL = 42;

export interface TableSummary {
  hidden: number;
  notes: string[];
  /** Contacts whose server could not be reached are one line per server below the table, not a row each. */
  unreachable?: readonly UnreachableServer[];
}

export function renderMatchesTable(matches: readonly Match[], summary: TableSummary): string {
  const header = ['contact', 'status', 'confidence', 'fediverse account', 'why'];
  const grouped = new Set((summary.unreachable ?? []).flatMap((u) => u.matches));
  const rows = matches.filter((m) => !grouped.has(m)).map((m) => [
    contactLabel(m),
    m.status,
    m.confidence ?? '',
    m.status === 'ambiguous' ? (m.candidates ?? []).join(' | ') : m.handle ? `@${m.handle}` : '',
    why(m),
  ].map(clip));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push('', summaryLine(matches, summary.hidden));
  const unreachable = renderUnreachable(summary.unreachable ?? []);
  if (unreachable) out.push(unreachable.trimEnd());
  for (const n of summary.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

const FAILURE_WORDS: Record<UnreachableFailure, string> = {
  dns: 'its name could not be looked up',
  connect: 'the connection failed',
  timeout: 'no answer',
};

/**
 * One line per server that could not be reached, with how many contacts it left unchecked and why:
 * `  dead.example: 12 contacts not checked (no answer)`. Empty when every server answered.
 */
export function renderUnreachable(servers: readonly UnreachableServer[]): string {
  if (servers.length === 0) return '';
  const out = [`Could not reach ${servers.length} server${servers.length === 1 ? '' : 's'} (run again later to retry):`];
  for (const s of servers) {
    const n = s.matches.length;
    const what = n === 0 ? 'only guesses were asked there' : `${n} contact${n === 1 ? '' : 's'} not checked`;
    out.push(`  ${clip(s.host)}: ${what} (${FAILURE_WORDS[s.failure]})`);
  }
  return out.join('\n') + '\n';
}

export function summaryLine(matches: readonly Match[], hidden: number): string {
  const count = (s: Match['status']) => matches.filter((m) => m.status === s).length;
  const parts = [
    `${matches.length} contact${matches.length === 1 ? '' : 's'}`,
    `${count('found')} found`,
    `${count('not_found')} not found`,
  ];
  if (count('ambiguous')) parts.push(`${count('ambiguous')} ambiguous (never followed; add them to a --map file)`);
  if (count('gone')) parts.push(`${count('gone')} gone`);
  if (count('error')) parts.push(`${count('error')} failed (run again to retry them)`);
  if (hidden) parts.push(`${hidden} below --min-confidence not shown`);
  return parts.join(', ') + '.';
}

function contactLabel(m: Match): string {
  const c = m.contact;
  if (c.username) return `${c.platform}:@${c.username.replace(/^@/, '')}`;
  if (c.displayName) return `${c.platform}:${c.displayName}`;
  return `${c.platform}:#${c.id ?? '?'}`;
}

function why(m: Match): string {
  if (m.status === 'error' || m.status === 'gone') return m.error ?? '';
  if (m.status === 'ambiguous') return m.error ?? '';
  const strongest = m.evidence.find((e) => e.verifier === 'backlink') ?? m.evidence[0];
  const moved = m.movedFrom ? ` (moved from @${m.movedFrom})` : '';
  const locked = m.locked ? ' (approves followers)' : '';
  return strongest ? `${strongest.finder}: ${strongest.detail}${moved}${locked}` : '';
}

/** Keeps cells on one line and short; control characters from remote names are not printed raw. */
function clip(s: string): string {
  const one = s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ');
  return one.length > MAX_CELL * 2 ? `${one.slice(0, MAX_CELL * 2 - 1)}…` : one;
}
