/**
 * The report as Markdown, in the same order and words as the HTML one. All text from the archive or the
 * network is escaped (see `md`); long lists are folded into `<details>` sections (which GitHub, GitLab and
 * most Markdown viewers show as a click-to-open section), after a count.
 */
import { escapeUTF8 } from 'entities';
import { CONFIDENCES, type Match } from '../model/match.js';
import type { Platform } from '../model/types.js';
import {
  CONFIDENCE_WORDS, MATCH_STATUS_TITLES, OPEN_LIMIT, actionLabel, actionSubject, STATUS_WORDS, TYPE_WORDS, actionTypeLines,
  actionsByHandle, attentionGroups, contactLabel, count, estimateWords, evidenceWords, fmt, formatDate, groupByPlatform as groupFound,
  headline, isPlanOnly, matchOutcome, matchStatusWords, missingGroups, nextSteps, notActedGroups, percent, platformLabel, reasonWords,
} from './describe.js';
import { postsMarkdown } from './markdownPosts.js';
import { md, mdProse, mdUrl } from './mdText.js';
import type { Report, ReportAction } from './types.js';

/** What the renderer needs besides the report: the reader's time zone for dates (default UTC). */
export interface MarkdownOptions {
  timeZone?: string;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const s = report.summary;
  const planOnly = isPlanOnly(report);
  const platforms = s.platforms.map((p) => platformLabel(p.platform)).join(', ') || 'your old platform';

  out.push(`# Moving from ${md(platforms)} to the fediverse`, '');
  out.push(
    `Report made on ${md(formatDate(report.generatedAt, options.timeZone))}. ${report.destination ? `Your new account: **${md(`@${report.destination}`)}**.` : 'No new account was given: this report only shows who was found.'}`,
    '',
  );
  out.push(`**${mdProse(headline(report))}**`, '');

  out.push('## At a glance', '');
  const m = s.matches;
  // "Could not be checked" is not "not found": counted apart (issue 10 item 4).
  const notFound = m.not_found + m.gone + m.ambiguous;
  out.push(`- Contacts in your archive: **${fmt(s.contacts)}**`);
  out.push(`- Found on the fediverse: **${fmt(m.found)}** (${percent(m.found, s.contacts)}); how sure: ${CONFIDENCES.map((c) => `${c} ${fmt(s.confidence[c])}`).join(', ')}`);
  const notFoundParts = [
    m.not_found > 0 ? `no account found ${fmt(m.not_found)}` : null,
    m.gone > 0 ? `account gone ${fmt(m.gone)}` : null,
    m.ambiguous > 0 ? `several possible accounts ${fmt(m.ambiguous)}` : null,
  ].filter((x): x is string => x !== null);
  out.push(`- Not found: **${fmt(notFound)}**${notFoundParts.length > 0 ? ` (${notFoundParts.join(', ')})` : ''}`);
  if (m.error > 0) out.push(`- Could not be checked (a server did not answer; a re-run tries again): **${fmt(m.error)}**`);
  if (report.posts !== null) {
    const p = report.posts;
    out.push(`- Posts to carry over: **${fmt(p.posts)}**${p.statuses !== p.posts ? ` (${fmt(p.statuses)} on your new account)` : ''}; left out: ${fmt(p.excludedPosts.length)}`);
  }
  if (!planOnly) {
    const a = s.actions;
    out.push(`- Done: **${fmt(a.done)}**; waiting for approval: ${fmt(a.pending)}; failed: ${fmt(a.failed)}; not finished yet: ${fmt(a.planned + a.sent)}; skipped: ${fmt(a.skipped)}`);
  }
  out.push('');

  out.push('## Next steps', '');
  nextSteps(report).forEach((step, i) => out.push(`${i + 1}. ${mdProse(step)}`));
  out.push('');

  out.push('## Who we found', '');
  if (s.platforms.length > 0) {
    out.push('| Platform | Contacts | Found | Not found | Share found |', '| --- | ---: | ---: | ---: | ---: |');
    for (const p of s.platforms) out.push(`| ${md(platformLabel(p.platform))} | ${fmt(p.contacts)} | ${fmt(p.found)} | ${fmt(p.notFound)} | ${percent(p.found, p.contacts)} |`);
    out.push('');
  }
  if (m.found > 0) {
    out.push('How sure we are about the accounts found:', '');
    for (const c of CONFIDENCES) out.push(`- ${md(CONFIDENCE_WORDS[c])} (${count(s.confidence[c], 'account')})`);
    out.push('');
  }

  out.push(planOnly ? '## What will be done' : '## What was done', '');
  const lines = actionTypeLines(report);
  if (lines.length === 0) {
    out.push('Nothing to do.', '');
  } else {
    out.push(`| What | ${planOnly ? 'Plan' : 'Result'} |`, '| --- | --- |');
    for (const l of lines) out.push(`| ${l.label} | ${md(l.result)} |`);
    out.push('');
  }
  if (report.estimate !== null && s.actions.planned > 0) out.push(`Time needed: **${md(estimateWords(report.estimate))}**.`, '');
  for (const n of report.notes) out.push(`> ${mdProse(n)}`, '');

  out.push(...postsMarkdown(report, options.timeZone ?? 'UTC'));

  const attention = attentionGroups(report);
  if (attention.length > 0) {
    out.push('## Needs attention', '');
    for (const g of attention) {
      out.push(`### ${md(`${g.title} (${fmt(g.total)})`)}`, '', mdProse(g.explain), '');
      if (g.total <= 15) {
        out.push('| Action | Who or what | State | Why |', '| --- | --- | --- | --- |');
        for (const list of g.byReason.values()) {
          for (const a of list) {
            out.push(`| ${TYPE_WORDS[a.type]}${a.list ? ` ${md(`"${a.list}"`)}` : ''} | ${md(subject(a))} | ${STATUS_WORDS[a.status]} | ${md(reasonWords(a.reason, a.detail))} |`);
          }
        }
        out.push('');
      } else {
        for (const [reason, list] of g.byReason) {
          out.push(...folded(`${reason || g.title}: ${count(list.length, 'action')}`, list.length, list.map((a) => `- ${md(actionName(a))}`)));
        }
      }
    }
  }

  const byHandle = actionsByHandle(report);
  const found = report.matches.filter((x) => x.status === 'found');
  if (found.length > 0) {
    out.push(`## Accounts found (${fmt(found.length)})`, '');
    for (const [platform, list] of groupFound(found)) {
      out.push(`### ${md(`${platformLabel(platform)} (${fmt(list.length)})`)}`, '');
      const head = ['| Contact | Fediverse account | Confidence | Evidence | Outcome |', '| --- | --- | --- | --- | --- |'];
      if (list.length <= OPEN_LIMIT) {
        out.push(...head, ...list.map((x) => foundRow(report, x, byHandle)), '');
      } else {
        for (const c of CONFIDENCES) {
          const ms = list.filter((x) => x.confidence === c);
          if (ms.length > 0) out.push(...folded(`${c}: ${count(ms.length, 'account')}`, ms.length, [...head, ...ms.map((x) => foundRow(report, x, byHandle))]));
        }
      }
    }
  }

  const notActed = notActedGroups(report);
  if (notActed.size > 0) {
    const total = [...notActed.values()].reduce((n, l) => n + l.length, 0);
    out.push(`## Found but not acted on (${fmt(total)})`, '');
    for (const [reason, list] of notActed) {
      const rows = ['| Contact | Account | Confidence |', '| --- | --- | --- |', ...list.map((e) => `| ${md(contactLabel(e.contact))} | ${md(`@${e.handle}`)} | ${e.confidence ?? ''} |`)];
      out.push(...folded(`${reason}: ${count(list.length, 'account')}`, list.length, rows, true));
    }
  }

  const missing = missingGroups(report);
  if (missing.length > 0) {
    const total = missing.reduce((n, [, l]) => n + l.length, 0);
    out.push(`## Not found (${fmt(total)})`, '');
    for (const [status, list] of missing) {
      const rows = ['| Contact | Platform | Result |', '| --- | --- | --- |', ...list.map((x) => `| ${md(contactLabel(x.contact))} | ${md(platformLabel(x.contact.platform))} | ${md(matchStatusWords(x))} |`)];
      out.push(...folded(`${MATCH_STATUS_TITLES[status]}: ${count(list.length, 'contact')}`, list.length, rows, status === 'ambiguous' || status === 'error'));
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function foundRow(report: Report, m: Match, byHandle: Map<string, ReportAction[]>): string {
  const account = m.actor && /^https?:\/\//i.test(m.actor) ? `[${md(`@${m.handle}`)}](${mdUrl(m.actor)})` : md(`@${m.handle}`);
  const moved = m.movedFrom ? ` (moved here from ${md(`@${m.movedFrom}`)})` : '';
  const evidence = m.evidence.map((e) => md(evidenceWords(e))).join('<br>');
  return `| ${md(contactLabel(m.contact))} | ${account}${moved}${m.locked ? ' (approves followers by hand)' : ''} | ${m.confidence ?? ''} | ${evidence} | ${md(matchOutcome(report, m, byHandle))} |`;
}

/**
 * A titled section: short ones as a bold line and the lines (or a heading when `heading`), long ones
 * (more than OPEN_LIMIT rows) folded into `<details>`. The summary is HTML, so it is escaped as HTML.
 */
function folded(title: string, size: number, lines: string[], heading = false): string[] {
  if (size <= OPEN_LIMIT) return [heading ? `#### ${md(title)}` : `**${md(title)}**`, '', ...lines, ''];
  return [`<details><summary>${escapeUTF8(title)}</summary>`, '', ...lines, '', '</details>', ''];
}

function actionName(a: ReportAction): string {
  return `${actionSubject(a)}${a.type !== 'follow' ? ` (${actionLabel(a)})` : ''}`;
}

/** An account as its handle without `@` (as the table always showed it), a post or a file in words. */
function subject(a: ReportAction): string {
  return a.type === 'post' || a.type === 'media' ? actionSubject(a) : a.target;
}

/** Found matches per platform, strongest confidence first (kept for callers of the earlier API). */
export function groupByPlatform(matches: Match[]): Map<Platform, Match[]> {
  return groupFound(matches);
}

export { md, mdProse };
