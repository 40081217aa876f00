/**
 * The report as ONE self-contained HTML file for people: inline CSS, no scripts, no fonts or images from
 * elsewhere, and a Content-Security-Policy that forbids them anyway. Every piece of text goes through
 * `entities`' escapeUTF8 (a contact named `<script>` stays text); the only outside references are links
 * (`<a>`) to the found accounts' own pages, and only http(s) ones.
 *
 * Reading order, for someone who is not a programmer: where things stand (one sentence and a few big
 * numbers), what to do next, who was found (chart, per platform, how sure), what was or will be done,
 * the posts (htmlPosts.ts: counts, what is left out, a preview), what needs attention, then the long lists. Long lists are folded (`<details>`) and summed up first, so
 * a 3,000-contact report stays usable; on a phone, tables turn into one card per row; in print, folded
 * sections are printed open.
 */
import { CONFIDENCES, type ContactRef, type Match } from '../model/match.js';
import {
  CONFIDENCE_WORDS, MATCH_STATUS_TITLES, OPEN_LIMIT, actionLabel, actionSubject, actionTypeLines, actionsByHandle, attentionGroups,
  contactLabel, count, estimateWords, evidenceWords, fmt, formatDate, groupByPlatform, headline, isPlanOnly,
  matchOutcome, matchStatusWords, missingGroups, nextSteps, notActedGroups, percent, platformLabel, reasonWords,
} from './describe.js';
import { capitalize, esc, folded, names, prose } from './htmlText.js';
import { postsSection } from './htmlPosts.js';
import type { Report, ReportAction, ReportPlatformSummary } from './types.js';


const CSS = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f6f6f8;margin:0}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid #ddd}
h3{font-size:1.08rem;margin:1.4rem 0 .4rem}
p{margin:.5rem 0}
.meta{color:#555;margin:0}
.headline{font-size:1.12rem;font-weight:600;padding:.7rem 1rem;border-radius:8px;margin:1rem 0}
.headline.plan{background:#e8f0fe;border-left:5px solid #1a56db}
.headline.ok{background:#e6f4ea;border-left:5px solid #1a7f37}
.headline.warn{background:#fff4e5;border-left:5px solid #d97706}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.6rem;margin:1rem 0}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.6rem .8rem}
.card b{display:block;font-size:1.9rem;line-height:1.2}
.card span{color:#444;font-size:.92rem}
.card.good b{color:#1a7f37}.card.bad b{color:#c62828}.card.wait b{color:#9a6700}
ol.steps{padding-left:1.4rem}ol.steps li{margin:.45rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;background:#fff}
th,td{border:1px solid #ddd;padding:.4rem .55rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
.long{overflow-wrap:anywhere}
.handle{display:inline-block;max-width:100%;overflow-x:auto;vertical-align:bottom;overflow-wrap:normal}
.handle>span{white-space:nowrap}
code{font:.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef0f3;padding:0 .25em;border-radius:3px}
th{background:#eef0f3;font-weight:600}
td.n,th.n{text-align:right;white-space:nowrap}
td ul{margin:0;padding-left:1.1rem}
.muted{color:#666}
.small{font-size:.9rem}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;border-radius:4px}
.s-done{color:#1a7f37}.s-failed{color:#c62828}.s-pending,.s-sent{color:#9a6700}
.conf{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.85rem;font-weight:600;white-space:nowrap}
.c-verified{background:#d7f0dd;color:#14532d}.c-high{background:#dbeafe;color:#1e3a8a}
.c-medium{background:#fef3c7;color:#78350f}.c-low{background:#f3f4f6;color:#374151}
details{margin:.4rem 0 .8rem;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.3rem .7rem}
details[open]{padding-bottom:.6rem}
summary{cursor:pointer;font-weight:600;padding:.2rem 0}
details table{margin-bottom:.2rem}
ul.names{columns:16rem;column-gap:1.5rem;padding-left:1.1rem;margin:.4rem 0}
ul.names li{break-inside:avoid}
figure{margin:1rem 0;background:#fff;border:1px solid #ddd;border-radius:8px;padding:.8rem 1rem}
figcaption{font-weight:600;margin-bottom:.4rem}
.bar-label{margin:.6rem 0 .2rem}
svg.bar{display:block;width:100%;height:18px}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.9rem;margin-top:.3rem}
.key{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:-.1rem;margin-right:.3rem}
.k-found{background:#2e7d32}.k-missing{background:#b0b0b0}.k-unchecked{background:#e4e4e4;border:1px solid #bbb}
footer{margin-top:2.5rem;color:#666;font-size:.9rem}
ol.thread{list-style:none;margin:.6rem 0 1rem;padding:0 0 0 .9rem;border-left:3px solid #c7d2fe}
ol.thread.single{border-left:0;padding-left:0}
.thread-title{font-weight:600;margin:1.2rem 0 .2rem}
li.post{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.6rem .8rem;margin:0 0 .5rem}
.post-facts{color:#555;font-size:.88rem;margin:0 0 .3rem;overflow-wrap:anywhere}
.post-text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;margin:.2rem 0}
.cw{background:#fff4e5;border-radius:4px;padding:.15rem .5rem;margin:.2rem 0;overflow-wrap:anywhere}
ul.post-media{margin:.4rem 0 0;padding-left:1.1rem;font-size:.92rem}
ul.post-media li{overflow-wrap:anywhere}
ul.left-out{padding-left:1.1rem;margin:.4rem 0}
ul.left-out li{overflow-wrap:anywhere}
@media (max-width:640px){
  main{padding:1rem .8rem}
  h1{font-size:1.4rem}
  th,td{padding:.3rem .4rem}
  .share{display:none}
  table.rows,table.rows tbody,table.rows tr,table.rows td{display:block;width:100%}
  table.rows thead{display:none}
  table.rows{background:none;table-layout:auto}
  table.rows tr{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0 0 .6rem;padding:.3rem .2rem}
  table.rows td{border:0;padding:.15rem .5rem}
  table.rows td.n{text-align:left}
  table.rows td:empty{display:none}
  table.rows td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#555}
}
@media print{
  body{background:#fff;font-size:11pt}
  main{max-width:none;padding:0}
  .card,figure,details,tr,li{break-inside:avoid}
  h2,h3,summary{break-after:avoid}
  thead{display:table-header-group}
  details{border:0;padding:0}
  details::details-content{content-visibility:visible;display:block}
  summary{list-style:none}
  a{color:inherit;text-decoration:none}
  .headline,.card,.note{border-color:#999}
}
`;

/** What the renderer needs besides the report: the reader's time zone for dates (default UTC). */
export interface HtmlOptions {
  timeZone?: string;
}

/** What every section sees. */
export interface Context {
  report: Report;
  planOnly: boolean;
  timeZone: string;
}

/**
 * The sections after the top (title, headline, cards), in reading order. One function each, returning its
 * HTML or nothing: a new section is one more function in this list (the posts one is in htmlPosts.ts).
 */
const SECTIONS: readonly ((c: Context) => string[])[] = [
  nextStepsSection, whoWeFoundSection, whatIsDoneSection, postsSection, attentionSection, foundSection, notActedSection, notFoundSection,
];

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const c: Context = { report, planOnly: isPlanOnly(report), timeZone: options.timeZone ?? 'UTC' };
  const s = report.summary;
  const platforms = s.platforms.map((p) => platformLabel(p.platform)).join(', ') || 'your old platform';
  const title = `Moving from ${platforms} to the fediverse`;
  const h: string[] = [];
  h.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">Report made on ${esc(formatDate(report.generatedAt, c.timeZone))}. ${report.destination ? `Your new account: <strong>${handleHtml(report.destination)}</strong>.` : 'No new account was given: this report only shows who was found.'}</p>`,
  );
  const a = s.actions;
  const tone = c.planOnly ? 'plan' : a.failed > 0 || a.planned + a.sent > 0 ? 'warn' : 'ok';
  h.push(`<p class="headline ${tone}">${prose(headline(report))}</p>`);
  h.push(cards(report, c.planOnly));
  for (const section of SECTIONS) h.push(...section(c));
  h.push('<footer>Made by leave-platform. This file works offline and contains no scripts; you can keep it, print it or share it.</footer></main></body></html>');
  return `${h.join('\n')}\n`;
}

function nextStepsSection({ report }: Context): string[] {
  return ['<h2>Next steps</h2><ol class="steps">', ...nextSteps(report).map((step) => `<li>${prose(step)}</li>`), '</ol>'];
}

function whoWeFoundSection({ report }: Context): string[] {
  const s = report.summary;
  const h = ['<h2>Who we found</h2>'];
  if (s.platforms.length > 0) {
    h.push(chart(s.platforms));
    h.push('<table><thead><tr><th>Platform</th><th class="n">Contacts</th><th class="n">Found</th><th class="n">Not found</th><th class="n share">Share found</th></tr></thead><tbody>');
    for (const p of s.platforms) {
      h.push(
        `<tr><td data-label="Platform"><strong>${esc(platformLabel(p.platform))}</strong></td><td class="n" data-label="Contacts">${fmt(p.contacts)}</td>` +
          `<td class="n" data-label="Found">${fmt(p.found)}</td><td class="n" data-label="Not found">${fmt(p.notFound)}</td>` +
          `<td class="n share" data-label="Share found">${percent(p.found, p.contacts)}</td></tr>`,
      );
    }
    h.push('</tbody></table>');
  }
  if (s.matches.found > 0) {
    h.push('<p>How sure we are about the accounts found:</p><ul>');
    for (const conf of CONFIDENCES) {
      h.push(`<li><span class="conf c-${conf}">${esc(count(s.confidence[conf], 'account'))}</span> ${esc(CONFIDENCE_WORDS[conf])}</li>`);
    }
    h.push('</ul>');
  }
  return h;
}

function whatIsDoneSection({ report, planOnly }: Context): string[] {
  const h = [`<h2>${planOnly ? 'What will be done' : 'What was done'}</h2>`];
  const lines = actionTypeLines(report);
  if (lines.length === 0) {
    h.push('<p>Nothing to do.</p>');
  } else {
    h.push(`<table><thead><tr><th>What</th><th>${planOnly ? 'Plan' : 'Result'}</th></tr></thead><tbody>`);
    for (const l of lines) h.push(`<tr><td data-label="What"><strong>${esc(l.label)}</strong></td><td data-label="${planOnly ? 'Plan' : 'Result'}">${esc(l.result)}</td></tr>`);
    h.push('</tbody></table>');
  }
  if (report.estimate !== null && report.summary.actions.planned > 0) {
    h.push(`<p>Time needed: <strong>${esc(estimateWords(report.estimate))}</strong>.</p>`);
  }
  for (const n of report.notes) h.push(`<p class="note">${prose(n)}</p>`);
  return h;
}

function attentionSection({ report }: Context): string[] {
  const attention = attentionGroups(report);
  if (attention.length === 0) return [];
  const h = ['<h2>Needs attention</h2>'];
  for (const g of attention) {
    h.push(`<h3 class="s-${g.status}">${esc(`${g.title} (${fmt(g.total)})`)}</h3><p class="small">${prose(g.explain)}</p>`);
    if (g.total <= 15) {
      h.push('<table class="rows"><thead><tr><th>Who or what</th><th>What</th><th>Why</th></tr></thead><tbody>');
      for (const list of g.byReason.values()) {
        for (const act of list) {
          h.push(`<tr><td class="long" data-label="Who or what">${subjectHtml(act)}</td><td data-label="What">${esc(actionLabel(act))}</td><td class="long" data-label="Why">${esc(reasonWords(act.reason, act.detail))}</td></tr>`);
        }
      }
      h.push('</tbody></table>');
    } else {
      for (const [reason, list] of g.byReason) {
        h.push(folded(`${reason || g.title}: ${count(list.length, 'action')}`, list.length, names(list.map(actionName))));
      }
    }
  }
  return h;
}

function foundSection({ report, planOnly }: Context): string[] {
  const byHandle = actionsByHandle(report);
  const found = report.matches.filter((m) => m.status === 'found');
  if (found.length === 0) return [];
  const h = [
    `<h2>Accounts found (${fmt(found.length)})</h2>`,
    '<p class="small">Each account with how sure we are, why we think it is them, and what happens with it. Account names link to their fediverse profile.</p>',
  ];
  for (const [platform, list] of groupByPlatform(found)) {
    h.push(`<h3>${esc(`${platformLabel(platform)} (${fmt(list.length)})`)}</h3>`);
    const byConfidence = CONFIDENCES.map((conf) => [conf, list.filter((m) => m.confidence === conf)] as const).filter(([, l]) => l.length > 0);
    const open = list.length <= OPEN_LIMIT;
    for (const [conf, ms] of byConfidence) {
      const label = conf.charAt(0).toUpperCase() + conf.slice(1);
      h.push(folded(`${label}: ${count(ms.length, 'account')}`, open ? 0 : ms.length, foundTable(report, ms, byHandle, planOnly)));
    }
    const unrated = list.filter((m) => m.confidence === null);
    if (unrated.length > 0) h.push(folded(`Not rated: ${count(unrated.length, 'account')}`, open ? 0 : unrated.length, foundTable(report, unrated, byHandle, planOnly)));
  }
  return h;
}

function notActedSection({ report }: Context): string[] {
  const notActed = notActedGroups(report);
  if (notActed.size === 0) return [];
  const total = [...notActed.values()].reduce((n, l) => n + l.length, 0);
  const h = [
    `<h2>Found but not acted on (${fmt(total)})</h2>`,
    '<p class="small">We found these accounts but did nothing with them, for the reason given. Check the less certain ones yourself before you follow them.</p>',
  ];
  for (const [reason, list] of notActed) {
    const rows = list.map((e) =>
      `<tr><td class="long" data-label="Contact">${contactHtml(e.contact)}</td><td data-label="Account">${handleHtml(e.handle ?? '')}</td>` +
        `<td data-label="How sure">${e.confidence ? `<span class="conf c-${e.confidence}">${esc(e.confidence)}</span>` : ''}</td></tr>`);
    const table = `<table class="rows"><thead><tr><th>Contact</th><th>Account</th><th>How sure</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    h.push(folded(`${capitalize(reason)}: ${count(list.length, 'account')}`, list.length, table));
  }
  return h;
}

function notFoundSection({ report }: Context): string[] {
  const missing = missingGroups(report);
  if (missing.length === 0) return [];
  // Contacts that could not be checked are not counted as not found: their servers did not answer.
  const total = missing.reduce((n, [status, l]) => n + (status === 'error' ? 0 : l.length), 0);
  const unchecked = missing.reduce((n, [status, l]) => n + (status === 'error' ? l.length : 0), 0);
  const h = [`<h2>Not found (${fmt(total)})</h2>`, `<p class="small">${esc(`${count(total, 'contact')} without a fediverse account we could find${unchecked > 0 ? `; ${fmt(unchecked)} more could not be checked` : ''}.`)}</p>`];
  for (const [status, list] of missing) {
    // Contacts someone can act on (several candidates, a failed check) start open when there are few.
    const actionable = status === 'ambiguous' || status === 'error';
    const body = names(list.map((m) => missingName(m)));
    h.push(folded(`${MATCH_STATUS_TITLES[status]}: ${count(list.length, 'contact')}`, actionable ? list.length : Number.POSITIVE_INFINITY, body));
  }
  return h;
}

function cards(report: Report, planOnly: boolean): string {
  const s = report.summary;
  // "Could not be checked" is not "not found" (issue 10 item 4): a server that did not answer says nothing.
  const notFound = s.matches.not_found + s.matches.gone + s.matches.ambiguous;
  const found = [
    card(fmt(s.contacts), 'contacts in your archive'),
    card(fmt(s.matches.found), `found on the fediverse (${percent(s.matches.found, s.contacts)})`, 'good'),
    card(fmt(notFound), 'not found'),
    ...(s.matches.error > 0 ? [card(fmt(s.matches.error), 'could not be checked', 'wait')] : []),
  ];
  const a = s.actions;
  const done: string[] = [];
  if (planOnly) {
    if (report.actions.length > 0) done.push(card(fmt(a.planned), 'steps to do'));
    if (a.skipped > 0) done.push(card(fmt(a.skipped), 'skipped'));
  } else {
    done.push(card(fmt(a.done), 'done', 'good'));
    if (a.pending > 0) done.push(card(fmt(a.pending), 'waiting for approval', 'wait'));
    if (a.failed > 0) done.push(card(fmt(a.failed), 'failed', 'bad'));
    if (a.planned + a.sent > 0) done.push(card(fmt(a.planned + a.sent), 'not finished yet', 'wait'));
    if (a.skipped > 0) done.push(card(fmt(a.skipped), 'skipped'));
  }
  if (report.posts !== null) done.push(card(fmt(report.posts.posts), planOnly ? 'posts to carry over' : 'posts chosen to carry over'));
  return (
    `<div class="cards" role="group" aria-label="Your contacts">${found.join('')}</div>` +
    (done.length > 0 ? `<div class="cards" role="group" aria-label="On your new account">${done.join('')}</div>` : '')
  );
}

function card(value: string, label: string, kind = ''): string {
  return `<div class="card${kind ? ` ${kind}` : ''}"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function foundTable(report: Report, ms: Match[], byHandle: Map<string, ReportAction[]>, planOnly: boolean): string {
  const rows = ms.map((m) => {
    const name = handleHtml(m.handle ?? '');
    const account = m.actor !== null && isHttpUrl(m.actor)
      ? `<a href="${esc(m.actor)}" rel="noopener noreferrer nofollow">${name}</a>`
      : name;
    const extra = [
      m.movedFrom ? `moved here from ${handleHtml(m.movedFrom)}` : null,
      m.locked ? 'approves followers by hand' : null,
    ].filter((x): x is string => x !== null);
    const evidence = m.evidence.map((e) => `<li>${esc(evidenceWords(e))}</li>`).join('');
    return (
      `<tr><td class="long" data-label="Contact">${contactHtml(m.contact)}</td>` +
      `<td data-label="Fediverse account">${account}${extra.length ? `<br><span class="muted small">${extra.join('; ')}</span>` : ''}</td>` +
      `<td class="long" data-label="Why we think so">${evidence ? `<ul>${evidence}</ul>` : ''}</td>` +
      `<td data-label="${planOnly ? 'What will happen' : 'What happened'}">${esc(matchOutcome(report, m, byHandle))}</td></tr>`
    );
  });
  return (
    `<table class="rows found"><thead><tr><th>Contact</th><th>Fediverse account</th><th>Why we think so</th><th>${planOnly ? 'What will happen' : 'What happened'}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function actionName(a: ReportAction): string {
  return `${subjectHtml(a)}${a.type !== 'follow' ? esc(` (${actionLabel(a)})`) : ''}`;
}

/** What an action is about: the account as a handle, a post or a file in words. */
function subjectHtml(a: ReportAction): string {
  return a.type === 'post' || a.type === 'media' ? `<span class="long">${esc(actionSubject(a))}</span>` : handleHtml(a.target);
}

function missingName(m: Match): string {
  const who = `${contactHtml(m.contact)}${esc(`, ${platformLabel(m.contact.platform)}`)}`;
  switch (m.status) {
    case 'ambiguous':
      return m.candidates?.length
        ? `${who}: several candidates: ${m.candidates.map((c) => handleHtml(c, { at: false })).join(', ')}`
        : `${who}${esc(`: ${matchStatusWords(m)}`)}`;
    case 'error':
      return `${who}<span class="long">${esc(`: ${matchStatusWords(m)}`)}</span>`;
    case 'gone':
      return `${who}${m.error ? `<span class="long">${esc(` (${m.error})`)}</span>` : ''}`;
    default:
      return who;
  }
}

/**
 * One stacked bar per platform, each the platform's whole contact list: found (green), not found (grey)
 * and, when some contacts were not looked up, the rest (light). The words are HTML above each bar, so they
 * wrap on a phone; the bars are in percent of the figure's width.
 */
function chart(platforms: ReportPlatformSummary[]): string {
  let unchecked = false;
  const rows = platforms.map((p) => {
    const total = Math.max(1, p.contacts, p.found + p.notFound);
    const rest = Math.max(0, p.contacts - p.found - p.notFound);
    if (rest > 0) unchecked = true;
    const fw = (p.found / total) * 100;
    const nw = (p.notFound / total) * 100;
    const rw = (rest / total) * 100;
    const text = `${platformLabel(p.platform)}: ${fmt(p.found)} found, ${fmt(p.notFound)} not found${rest > 0 ? `, ${fmt(rest)} not looked up` : ''} (${percent(p.found, p.contacts)} found)`;
    return (
      `<p class="bar-label">${esc(text)}</p>` +
      '<svg class="bar" aria-hidden="true" height="18" preserveAspectRatio="none">' +
      '<rect x="0" y="0" width="100%" height="18" fill="#f0f0f0"/>' +
      (fw > 0 ? `<rect x="0" y="0" width="${pct(fw)}" height="18" fill="#2e7d32"/>` : '') +
      (nw > 0 ? `<rect x="${pct(fw)}" y="0" width="${pct(nw)}" height="18" fill="#b0b0b0"/>` : '') +
      (rw > 0 ? `<rect x="${pct(fw + nw)}" y="0" width="${pct(rw)}" height="18" fill="#e4e4e4"/>` : '') +
      '</svg>'
    );
  });
  return (
    '<figure><figcaption>Found and not found, per platform</figcaption>' +
    rows.join('') +
    '<div class="legend"><span><i class="key k-found"></i>found on the fediverse</span><span><i class="key k-missing"></i>not found</span>' +
    (unchecked ? '<span><i class="key k-unchecked"></i>not looked up</span>' : '') +
    '</div></figure>'
  );
}

/**
 * `@user@host.example`, kept whole: each part (`@user`, `@host.`, `example`) never breaks inside (a
 * hyphen included), and a narrow column breaks only before an `@` or after a `.` (`<wbr>`). The
 * `.handle` box scrolls instead of overflowing the page in the rare case of one part wider than a phone.
 */
function handleHtml(handle: string, options: { at?: boolean } = {}): string {
  const h = handle.startsWith('@') || options.at === false ? handle : `@${handle}`;
  const parts = h.split(/(?=@)|(?<=\.)/).filter((p) => p !== '');
  return `<span class="handle">${parts.map((p) => `<span>${esc(p)}</span>`).join('<wbr>')}</span>`;
}

/** A contact as `contactLabel` says it, with the old username as a handle. */
function contactHtml(c: ContactRef): string {
  const label = contactLabel(c);
  const user = c.username !== null ? `@${c.username}` : null;
  if (user !== null && label === user) return handleHtml(user);
  if (user !== null && label.endsWith(`(${user})`)) return `${esc(label.slice(0, -(user.length + 2)))}(${handleHtml(user)})`;
  return esc(label);
}

function pct(n: number): string {
  return `${Math.round(n * 100) / 100}%`;
}

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
