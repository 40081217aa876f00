/**
 * The posts section of the HTML report (issue 8 section 4): counts by kind, how long posting takes and
 * which of the server's limits sets it, what is left out and why, and a preview of the first posts as
 * they will read, threads shown as threads. Post texts, content warnings, alt text and file names come
 * from the export: every one goes through `esc`, and the text keeps its line breaks by CSS
 * (`white-space:pre-wrap`), never by markup built from it.
 */
import { count, fmt, isPlanOnly } from './describe.js';
import {
  LEFT_OUT_LISTED, kindLines, leftOutGroups, mediaLeftOutGroups, mediaLeftOutWords, mediaWords, partFacts, postsEstimateWords, videosWords,
  postsSummary, previewThreads, sourceWords, threadTitle,
} from './describePosts.js';
import { capitalize, esc, folded, prose } from './htmlText.js';
import type { Report, ReportPostPart, ReportPosts } from './types.js';

export function postsSection(c: { report: Report; timeZone: string }): string[] {
  const p = c.report.posts;
  if (p === null) return [];
  const planOnly = isPlanOnly(c.report);
  const h = ['<h2>Your posts</h2>', `<p>${prose(postsSummary(p, planOnly))}</p>`];
  const kinds = kindLines(p);
  if (kinds.length > 0) {
    h.push('<table><thead><tr><th>Kind of post</th><th class="n">Carried over</th></tr></thead><tbody>');
    for (const k of kinds) h.push(`<tr><td data-label="Kind of post">${esc(k.label)}</td><td class="n" data-label="Carried over">${fmt(k.count)}</td></tr>`);
    h.push('</tbody></table>');
  }
  const estimate = postsEstimateWords(p);
  if (estimate !== null && planOnly) h.push(`<p>${esc(estimate)}</p>`);
  const videos = videosWords(p);
  if (videos !== null) h.push(`<p>${esc(videos)}</p>`);
  h.push(...leftOut(p, c.timeZone), ...preview(p, c.timeZone, planOnly));
  return h;
}

function leftOut(p: ReportPosts, timeZone: string): string[] {
  const h: string[] = [];
  if (p.excludedPosts.length > 0) {
    h.push(`<h3>${esc(`Posts left out (${fmt(p.excludedPosts.length)})`)}</h3>`);
    for (const [reason, list] of leftOutGroups(p)) {
      const items = list.slice(0, LEFT_OUT_LISTED).map((e) => `<li>${esc(sourceWords(e.source, timeZone))}${e.source.url ? `: ${esc(e.source.url)}` : ''}</li>`);
      if (list.length > LEFT_OUT_LISTED) items.push(`<li class="muted">${esc(`and ${fmt(list.length - LEFT_OUT_LISTED)} more (the JSON report lists them all)`)}</li>`);
      h.push(folded(`${reason}: ${count(list.length, 'post')}`, list.length, `<ul class="left-out">${items.join('')}</ul>`));
    }
  }
  if (p.mediaLeftOut.length > 0) {
    h.push(`<h3>${esc(`Pictures and videos that cannot go (${fmt(p.mediaLeftOut.length)})`)}</h3>`, '<p class="small">Their posts go without them.</p>');
    for (const [reason, list] of mediaLeftOutGroups(p)) {
      const items = list.slice(0, LEFT_OUT_LISTED).map((m) => `<li>${esc(mediaLeftOutWords(m))}</li>`);
      if (list.length > LEFT_OUT_LISTED) items.push(`<li class="muted">${esc(`and ${fmt(list.length - LEFT_OUT_LISTED)} more (the JSON report lists them all)`)}</li>`);
      h.push(folded(`${reason}: ${count(list.length, 'file')}`, list.length, `<ul class="left-out">${items.join('')}</ul>`));
    }
  }
  return h;
}

function preview(p: ReportPosts, timeZone: string, planOnly: boolean): string[] {
  if (p.preview.length === 0) return [];
  const h = [
    `<h3>${esc(planOnly ? 'How your first posts will read' : 'Your first posts')}</h3>`,
    `<p class="small">${esc(`The first ${count(p.preview.length, 'post')} of ${fmt(p.statuses)}, in the order they are sent, exactly as your new account will show them.`)}</p>`,
  ];
  for (const thread of previewThreads(p.preview)) {
    h.push(`<p class="thread-title">${esc(threadTitle(thread, timeZone))}</p>`);
    h.push(`<ol class="thread${thread.length === 1 ? ' single' : ''}">${thread.map((part) => partHtml(part, timeZone, planOnly)).join('')}</ol>`);
  }
  return h;
}

function partHtml(part: ReportPostPart, timeZone: string, planOnly: boolean): string {
  const facts = partFacts(part, timeZone, planOnly);
  const out = [`<li class="post"><p class="post-facts">${esc(capitalize(facts.join(' · ')))}</p>`];
  if (part.spoilerText !== null) out.push(`<p class="cw"><strong>Content warning:</strong> ${esc(part.spoilerText)} <span class="muted small">(the text below stays hidden until opened)</span></p>`);
  if (part.text !== '') out.push(`<div class="post-text">${esc(part.text)}</div>`);
  if (part.media.length > 0) {
    const items = part.media.map((m) => {
      const w = mediaWords(m);
      const alt = w.alt !== null ? `, described as “${esc(w.alt)}”` : ', <em>without a description</em>';
      return `<li>${esc(w.file)}${alt}${w.note !== null ? ` <strong>${esc(`(${w.note})`)}</strong>` : ''}</li>`;
    });
    out.push(`<ul class="post-media">${items.join('')}</ul>`);
  }
  out.push('</li>');
  return out.join('');
}
