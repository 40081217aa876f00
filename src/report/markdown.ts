/** The report as Markdown. All text from the archive or the network is escaped (see `md`). */
import { CONFIDENCES, type Match } from '../model/match.js';
import type { Platform } from '../model/types.js';
import type { ActionStatus, ActionType } from '../plan/types.js';
import {
  CONFIDENCE_WORDS, STATUS_WORDS, TYPE_WORDS, actionsByHandle, contactLabel, formatDuration, isPlanOnly,
  limitWords, matchOutcome, matchStatusWords, nextSteps, platformLabel,
} from './describe.js';
import type { Report } from './types.js';

const STATUS_ORDER: readonly ActionStatus[] = ['planned', 'sent', 'done', 'pending', 'failed', 'skipped'];

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  const planOnly = isPlanOnly(report);
  const platforms = s.platforms.map((p) => platformLabel(p.platform)).join(', ') || 'your old platform';

  out.push(`# Moving from ${md(platforms)} to the fediverse`, '');
  out.push(`Report made ${md(report.generatedAt)}. ${report.destination ? `Destination account: ${md(`@${report.destination}`)}.` : 'No destination account.'}`, '');

  out.push('## Summary', '');
  const foundConf = CONFIDENCES.map((c) => `${c} ${s.confidence[c]}`).join(', ');
  out.push(`- Contacts in the archive: ${s.contacts}`);
  out.push(`- Fediverse accounts found: ${s.matches.found} (${foundConf})`);
  out.push(`- Not found: ${s.matches.not_found}; several candidates: ${s.matches.ambiguous}; gone: ${s.matches.gone}; lookup failed: ${s.matches.error}`, '');
  if (s.platforms.length > 0) {
    out.push('| Platform | Contacts | Found | Not found |', '| --- | ---: | ---: | ---: |');
    for (const p of s.platforms) out.push(`| ${md(platformLabel(p.platform))} | ${p.contacts} | ${p.found} | ${p.notFound} |`);
    out.push('');
  }

  out.push(planOnly ? '## What will be done' : '## What was done', '');
  const types = Object.keys(s.actionsByType) as ActionType[];
  if (types.length === 0) {
    out.push('Nothing to do.', '');
  } else {
    out.push(`| Action | ${STATUS_ORDER.map((st) => STATUS_WORDS[st]).join(' | ')} |`, `| --- |${STATUS_ORDER.map(() => ' ---: |').join('')}`);
    for (const t of types) {
      const counts = s.actionsByType[t];
      if (counts) out.push(`| ${TYPE_WORDS[t]} | ${STATUS_ORDER.map((st) => counts[st]).join(' | ')} |`);
    }
    out.push('');
  }
  if (report.estimate !== null && s.actions.planned > 0) {
    out.push(`Time needed: ${formatDuration(report.estimate.seconds)}${report.estimate.limitedBy !== 'none' ? `, set by ${limitWords(report.estimate.limitedBy)}` : ''}.`, '');
  }
  for (const n of report.notes) out.push(`> ${md(n)}`, '');

  out.push('## Next steps', '');
  for (const step of nextSteps(report)) out.push(`- ${md(step)}`);
  out.push('');

  const attention = report.actions.filter((a) => a.status === 'failed' || a.status === 'pending' || a.status === 'sent');
  if (attention.length > 0) {
    out.push('## Needs attention', '', '| Action | Account | State | Why |', '| --- | --- | --- | --- |');
    for (const a of attention) {
      out.push(`| ${TYPE_WORDS[a.type]}${a.list ? ` ${md(`"${a.list}"`)}` : ''} | ${md(a.target)} | ${STATUS_WORDS[a.status]} | ${md(a.reason ?? '')} |`);
    }
    out.push('');
  }

  const byHandle = actionsByHandle(report);
  const found = report.matches.filter((m) => m.status === 'found');
  if (found.length > 0) {
    out.push('## Accounts found', '');
    out.push('Confidence levels:', '');
    for (const c of CONFIDENCES) out.push(`- ${md(CONFIDENCE_WORDS[c])}`);
    out.push('');
    for (const [platform, list] of groupByPlatform(found)) {
      out.push(`### ${md(platformLabel(platform))}`, '', '| Contact | Fediverse account | Confidence | Evidence | Outcome |', '| --- | --- | --- | --- | --- |');
      for (const m of list) {
        const account = m.actor && /^https?:\/\//i.test(m.actor) ? `[${md(`@${m.handle}`)}](${mdUrl(m.actor)})` : md(`@${m.handle}`);
        const moved = m.movedFrom ? ` (moved from ${md(`@${m.movedFrom}`)})` : '';
        const evidence = m.evidence.map((e) => md(`${e.finder}${e.verifier ? ` + ${e.verifier}` : ''}: ${e.detail}`)).join('<br>');
        out.push(`| ${md(contactLabel(m.contact))} | ${account}${moved}${m.locked ? ' (approves followers by hand)' : ''} | ${m.confidence ?? ''} | ${evidence} | ${md(matchOutcome(report, m, byHandle))} |`);
      }
      out.push('');
    }
  }

  const notActed = report.excluded.filter((e) => e.handle !== null);
  if (notActed.length > 0) {
    out.push('## Found but not acted on', '', '| Contact | Account | Confidence | Why |', '| --- | --- | --- | --- |');
    for (const e of notActed) out.push(`| ${md(contactLabel(e.contact))} | ${md(`@${e.handle}`)} | ${e.confidence ?? ''} | ${md(e.reason)} |`);
    out.push('');
  }

  const missing = report.matches.filter((m) => m.status !== 'found');
  if (missing.length > 0) {
    out.push('## Not found', '', '| Contact | Platform | Result |', '| --- | --- | --- |');
    for (const m of missing) out.push(`| ${md(contactLabel(m.contact))} | ${md(platformLabel(m.contact.platform))} | ${md(matchStatusWords(m))} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function groupByPlatform(matches: Match[]): Map<Platform, Match[]> {
  const out = new Map<Platform, Match[]>();
  for (const m of matches) out.set(m.contact.platform, [...(out.get(m.contact.platform) ?? []), m]);
  for (const list of out.values()) list.sort((a, b) => CONFIDENCES.indexOf(a.confidence ?? 'low') - CONFIDENCES.indexOf(b.confidence ?? 'low'));
  return out;
}

/**
 * Escapes text for Markdown: HTML-significant characters become entities (a contact named
 * `<script>` stays text in any renderer); emphasis, code, link brackets and table pipes are backslash-escaped
 * (with `[` `]` escaped no link or image can form); newlines cannot break a table row.
 */
export function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}

/** A link destination: only the characters that could end it are percent-encoded. */
function mdUrl(url: string): string {
  return url.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
