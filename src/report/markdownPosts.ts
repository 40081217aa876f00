/**
 * The posts section of the Markdown report, in the same order and words as the HTML one (htmlPosts.ts).
 * A post's text is quoted line by line (`> `), each line escaped with `md` and with anything that would
 * start a heading, a list or a code block at its start escaped too, so that a post reads as it is and
 * cannot change the report's structure.
 */
import { escapeUTF8 } from 'entities';
import { OPEN_LIMIT, count, fmt, isPlanOnly } from './describe.js';
import {
  LEFT_OUT_LISTED, kindLines, leftOutGroups, mediaLeftOutGroups, mediaLeftOutWords, mediaWords, partFacts, postsEstimateWords, videosWords,
  postsSummary, previewThreads, sourceWords, threadTitle,
} from './describePosts.js';
import { md, mdProse } from './mdText.js';
import type { Report, ReportPostPart, ReportPosts } from './types.js';

export function postsMarkdown(report: Report, timeZone: string): string[] {
  const p = report.posts;
  if (p === null) return [];
  const planOnly = isPlanOnly(report);
  const out = ['## Your posts', '', mdProse(postsSummary(p, planOnly)), ''];
  const kinds = kindLines(p);
  if (kinds.length > 0) {
    out.push('| Kind of post | Carried over |', '| --- | ---: |', ...kinds.map((k) => `| ${md(k.label)} | ${fmt(k.count)} |`), '');
  }
  const estimate = postsEstimateWords(p);
  if (estimate !== null && planOnly) out.push(md(estimate), '');
  const videos = videosWords(p);
  if (videos !== null) out.push(md(videos), '');
  out.push(...leftOut(p, timeZone), ...preview(p, timeZone, planOnly));
  return out;
}

function leftOut(p: ReportPosts, timeZone: string): string[] {
  const out: string[] = [];
  const more = (n: number) => (n > LEFT_OUT_LISTED ? [`- and ${fmt(n - LEFT_OUT_LISTED)} more (the JSON report lists them all)`] : []);
  if (p.excludedPosts.length > 0) {
    out.push(`### Posts left out (${fmt(p.excludedPosts.length)})`, '');
    for (const [reason, list] of leftOutGroups(p)) {
      const lines = list.slice(0, LEFT_OUT_LISTED).map((e) => `- ${md(sourceWords(e.source, timeZone))}${e.source.url ? `: ${md(e.source.url)}` : ''}`);
      out.push(...folded(`${reason}: ${count(list.length, 'post')}`, list.length, [...lines, ...more(list.length)]));
    }
  }
  if (p.mediaLeftOut.length > 0) {
    out.push(`### Pictures and videos that cannot go (${fmt(p.mediaLeftOut.length)})`, '', 'Their posts go without them.', '');
    for (const [reason, list] of mediaLeftOutGroups(p)) {
      const lines = list.slice(0, LEFT_OUT_LISTED).map((m) => `- ${md(mediaLeftOutWords(m))}`);
      out.push(...folded(`${reason}: ${count(list.length, 'file')}`, list.length, [...lines, ...more(list.length)]));
    }
  }
  return out;
}

function preview(p: ReportPosts, timeZone: string, planOnly: boolean): string[] {
  if (p.preview.length === 0) return [];
  const out = [
    `### ${planOnly ? 'How your first posts will read' : 'Your first posts'}`, '',
    md(`The first ${count(p.preview.length, 'post')} of ${fmt(p.statuses)}, in the order they are sent, exactly as your new account will show them.`), '',
  ];
  for (const thread of previewThreads(p.preview)) {
    out.push(`#### ${md(threadTitle(thread, timeZone))}`, '');
    for (const part of thread) out.push(...partMarkdown(part, timeZone, planOnly));
  }
  return out;
}

function partMarkdown(part: ReportPostPart, timeZone: string, planOnly: boolean): string[] {
  const out = [`*${md(capitalize(partFacts(part, timeZone, planOnly).join(' · ')))}*`, ''];
  if (part.spoilerText !== null) out.push(`**Content warning:** ${md(part.spoilerText)} (the text below stays hidden until opened)`, '');
  if (part.text !== '') out.push(...quote(part.text), '');
  for (const m of part.media) {
    const w = mediaWords(m);
    out.push(`- ${md(w.file)}${w.alt !== null ? `, described as “${md(w.alt)}”` : ', *without a description*'}${w.note !== null ? ` **${md(`(${w.note})`)}**` : ''}`);
  }
  if (part.media.length > 0) out.push('');
  return out;
}

/** A post's text as a block quote, its line breaks kept (a backslash at a line's end is a hard break). */
export function quote(text: string): string[] {
  const lines = text.split(/\r?\n|\r/);
  return lines.map((line, i) => {
    const next = lines[i + 1];
    const br = line.trim() !== '' && next !== undefined && next.trim() !== '' ? '\\' : '';
    return line.trim() === '' ? '>' : `> ${mdLineStart(md(line))}${br}`;
  });
}

/**
 * Escapes what would make a line a heading, a list item, a quote, a thematic break or a code block
 * (CommonMark 4 and 5): leading spaces become entities, and a leading `#`, `-`, `+`, `=` or a number
 * followed by `.` or `)` gets a backslash (`md` has made a `>` an entity already).
 */
function mdLineStart(line: string): string {
  const indent = /^ +/.exec(line)?.[0].length ?? 0;
  const rest = line.slice(indent).replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return `${'&#32;'.repeat(indent)}${rest}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** As the Markdown report folds: a bold title and the lines, or `<details>` over OPEN_LIMIT. */
function folded(title: string, size: number, lines: string[]): string[] {
  const t = capitalize(title);
  if (size <= OPEN_LIMIT) return [`**${md(t)}**`, '', ...lines, ''];
  return [`<details><summary>${escapeUTF8(t)}</summary>`, '', ...lines, '', '</details>', ''];
}
