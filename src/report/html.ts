/**
 * The report as ONE self-contained HTML file for people: inline CSS, no scripts, no fonts or images from
 * elsewhere, and a Content-Security-Policy that forbids them anyway. Every piece of text goes through
 * `entities`' escapeUTF8 (a contact named `<script>` stays text); the only outside references are links
 * (`<a>`) to the found accounts' own pages, and only http(s) ones.
 */
import { escapeUTF8 } from 'entities';
import { CONFIDENCES } from '../model/match.js';
import type { ActionStatus, ActionType } from '../plan/types.js';
import {
  CONFIDENCE_WORDS, STATUS_WORDS, TYPE_WORDS, actionsByHandle, contactLabel, formatDuration, isPlanOnly,
  limitWords, matchOutcome, matchStatusWords, nextSteps, platformLabel,
} from './describe.js';
import { groupByPlatform } from './markdown.js';
import type { Report, ReportPlatformSummary } from './types.js';

const STATUS_ORDER: readonly ActionStatus[] = ['planned', 'sent', 'done', 'pending', 'failed', 'skipped'];

const CSS = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fafafa;margin:0}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;background:#fff}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f3}td.n{text-align:right}
.muted{color:#666}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem}
.s-done{color:#1a7f37}.s-failed{color:#c62828}.s-pending,.s-sent{color:#9a6700}
ul.steps li{margin:.3rem 0}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
svg text{font:13px system-ui,sans-serif}
`;

export function renderHtml(report: Report): string {
  const s = report.summary;
  const planOnly = isPlanOnly(report);
  const platforms = s.platforms.map((p) => platformLabel(p.platform)).join(', ') || 'your old platform';
  const h: string[] = [];
  h.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`Moving from ${platforms} to the fediverse`)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
    `<h1>${esc(`Moving from ${platforms} to the fediverse`)}</h1>`,
    `<p class="muted">Report made ${esc(report.generatedAt)}. ${report.destination ? `Destination account: <strong>${esc(`@${report.destination}`)}</strong>.` : 'No destination account.'}</p>`,
  );

  h.push('<h2>Summary</h2><ul>');
  h.push(`<li>Contacts in the archive: <strong>${s.contacts}</strong></li>`);
  h.push(`<li>Fediverse accounts found: <strong>${s.matches.found}</strong> (${CONFIDENCES.map((c) => `${c} ${s.confidence[c]}`).join(', ')})</li>`);
  h.push(`<li>Not found: ${s.matches.not_found}; several candidates: ${s.matches.ambiguous}; gone: ${s.matches.gone}; lookup failed: ${s.matches.error}</li></ul>`);
  if (s.platforms.length > 0) {
    h.push(chart(s.platforms));
    h.push('<table><thead><tr><th>Platform</th><th>Contacts</th><th>Found</th><th>Not found</th></tr></thead><tbody>');
    for (const p of s.platforms) {
      h.push(`<tr><td>${esc(platformLabel(p.platform))}</td><td class="n">${p.contacts}</td><td class="n">${p.found}</td><td class="n">${p.notFound}</td></tr>`);
    }
    h.push('</tbody></table>');
  }

  h.push(`<h2>${planOnly ? 'What will be done' : 'What was done'}</h2>`);
  const types = Object.keys(s.actionsByType) as ActionType[];
  if (types.length === 0) {
    h.push('<p>Nothing to do.</p>');
  } else {
    h.push(`<table><thead><tr><th>Action</th>${STATUS_ORDER.map((st) => `<th>${esc(STATUS_WORDS[st])}</th>`).join('')}</tr></thead><tbody>`);
    for (const t of types) {
      const counts = s.actionsByType[t];
      if (counts) h.push(`<tr><td>${esc(TYPE_WORDS[t])}</td>${STATUS_ORDER.map((st) => `<td class="n">${counts[st]}</td>`).join('')}</tr>`);
    }
    h.push('</tbody></table>');
  }
  if (report.estimate !== null && s.actions.planned > 0) {
    const by = report.estimate.limitedBy !== 'none' ? `, set by ${limitWords(report.estimate.limitedBy)}` : '';
    h.push(`<p>Time needed: <strong>${esc(formatDuration(report.estimate.seconds))}</strong>${esc(by)}.</p>`);
  }
  for (const n of report.notes) h.push(`<p class="note">${esc(n)}</p>`);

  h.push('<h2>Next steps</h2><ul class="steps">');
  for (const step of nextSteps(report)) h.push(`<li>${esc(step)}</li>`);
  h.push('</ul>');

  const attention = report.actions.filter((a) => a.status === 'failed' || a.status === 'pending' || a.status === 'sent');
  if (attention.length > 0) {
    h.push('<h2>Needs attention</h2><table><thead><tr><th>Action</th><th>Account</th><th>State</th><th>Why</th></tr></thead><tbody>');
    for (const a of attention) {
      h.push(
        `<tr><td>${esc(TYPE_WORDS[a.type] + (a.list ? ` "${a.list}"` : ''))}</td><td>${esc(a.target)}</td>` +
          `<td class="s-${a.status}">${esc(STATUS_WORDS[a.status])}</td><td>${esc(a.reason ?? '')}</td></tr>`,
      );
    }
    h.push('</tbody></table>');
  }

  const byHandle = actionsByHandle(report);
  const found = report.matches.filter((m) => m.status === 'found');
  if (found.length > 0) {
    h.push('<h2>Accounts found</h2><p>How sure we are:</p><ul>');
    for (const c of CONFIDENCES) h.push(`<li>${esc(CONFIDENCE_WORDS[c])}</li>`);
    h.push('</ul>');
    for (const [platform, list] of groupByPlatform(found)) {
      h.push(`<h3>${esc(platformLabel(platform))} (${list.length})</h3>`);
      h.push('<table><thead><tr><th>Contact</th><th>Fediverse account</th><th>Confidence</th><th>Evidence</th><th>Outcome</th></tr></thead><tbody>');
      for (const m of list) {
        const name = esc(`@${m.handle ?? ''}`);
        const account = m.actor !== null && isHttpUrl(m.actor)
          ? `<a href="${esc(m.actor)}" rel="noopener noreferrer nofollow">${name}</a>`
          : name;
        const extra = [
          m.movedFrom ? `moved from @${m.movedFrom}` : null,
          m.locked ? 'approves followers by hand' : null,
        ].filter((x): x is string => x !== null);
        const evidence = m.evidence
          .map((e) => `<li>${esc(`${e.finder}${e.verifier ? ` + ${e.verifier}` : ''}: ${e.detail}`)}</li>`)
          .join('');
        h.push(
          `<tr><td>${esc(contactLabel(m.contact))}</td>` +
            `<td>${account}${extra.length ? `<br><span class="muted">${esc(extra.join('; '))}</span>` : ''}</td>` +
            `<td>${esc(m.confidence ?? '')}</td><td>${evidence ? `<ul>${evidence}</ul>` : ''}</td>` +
            `<td>${esc(matchOutcome(report, m, byHandle))}</td></tr>`,
        );
      }
      h.push('</tbody></table>');
    }
  }

  const notActed = report.excluded.filter((e) => e.handle !== null);
  if (notActed.length > 0) {
    h.push(`<h2>Found but not acted on (${notActed.length})</h2>`);
    h.push('<table><thead><tr><th>Contact</th><th>Account</th><th>Confidence</th><th>Why</th></tr></thead><tbody>');
    for (const e of notActed) {
      h.push(`<tr><td>${esc(contactLabel(e.contact))}</td><td>${esc(`@${e.handle}`)}</td><td>${esc(e.confidence ?? '')}</td><td>${esc(e.reason)}</td></tr>`);
    }
    h.push('</tbody></table>');
  }

  const missing = report.matches.filter((m) => m.status !== 'found');
  if (missing.length > 0) {
    h.push(`<h2>Not found</h2><details><summary>${missing.length} contact(s) without a fediverse account we could find</summary>`);
    h.push('<table><thead><tr><th>Contact</th><th>Platform</th><th>Result</th></tr></thead><tbody>');
    for (const m of missing) {
      h.push(`<tr><td>${esc(contactLabel(m.contact))}</td><td>${esc(platformLabel(m.contact.platform))}</td><td>${esc(matchStatusWords(m))}</td></tr>`);
    }
    h.push('</tbody></table></details>');
  }
  h.push('<p class="muted">Made by leave-platform.</p></main></body></html>');
  return `${h.join('\n')}\n`;
}

/** A horizontal bar per platform: found (green) and not found (grey), scaled to the largest platform. */
function chart(platforms: ReportPlatformSummary[]): string {
  const rowH = 28;
  const labelW = 110;
  const barW = 360;
  const width = labelW + barW + 150;
  const height = platforms.length * rowH + 30;
  const max = Math.max(1, ...platforms.map((p) => p.found + p.notFound));
  const rows = platforms.map((p, i) => {
    const y = 10 + i * rowH;
    const fw = Math.round((p.found / max) * barW);
    const nw = Math.round((p.notFound / max) * barW);
    return (
      `<text x="0" y="${y + 15}">${esc(platformLabel(p.platform))}</text>` +
      `<rect x="${labelW}" y="${y}" width="${fw}" height="20" fill="#2e7d32"/>` +
      `<rect x="${labelW + fw}" y="${y}" width="${nw}" height="20" fill="#bdbdbd"/>` +
      `<text x="${labelW + fw + nw + 6}" y="${y + 15}">${p.found} found, ${p.notFound} not found</text>`
    );
  });
  const legendY = height - 8;
  return (
    `<svg role="img" aria-label="Contacts found and not found per platform" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    rows.join('') +
    `<rect x="${labelW}" y="${legendY - 10}" width="12" height="12" fill="#2e7d32"/><text x="${labelW + 16}" y="${legendY}">found</text>` +
    `<rect x="${labelW + 80}" y="${legendY - 10}" width="12" height="12" fill="#bdbdbd"/><text x="${labelW + 96}" y="${legendY}">not found</text>` +
    '</svg>'
  );
}

function esc(text: string): string {
  return escapeUTF8(text);
}

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
