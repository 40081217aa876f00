/**
 * The whole batch's report (`batch --report FILE`, .json, .md or .html by the extension): one line per row
 * with its status and counts, linking the row's own report written beside it (runBatch.rowReportFile).
 * Row error messages are the errors' own sentences; they hold no token (DESIGN.md section 2).
 */
import { basename } from 'node:path';
import { escapeUTF8 } from 'entities';
import { reportFormatFor, writeReportFile } from '../../report/writeReport.js';
import type { BatchSummary, RowResult } from './types.js';

export interface BatchReport {
  version: 1;
  generatedAt: string;
  manifest: string;
  dryRun: boolean;
  shard: string | null;
  summary: { rows: number; done: number; incomplete: number; failed: number; lookups: number };
  rows: {
    id: string; to: string | null; status: RowResult['status']; note: RowResult['note']; counts: RowResult['counts'];
    error: RowResult['error']; resumeAt: string | null; report: string | null;
  }[];
}

export function buildBatchReport(summary: BatchSummary, generatedAt: string): BatchReport {
  return {
    version: 1, generatedAt, manifest: summary.manifest, dryRun: summary.dryRun, shard: summary.shard,
    summary: { rows: summary.rows, done: summary.done, incomplete: summary.incomplete, failed: summary.failed, lookups: summary.lookups },
    rows: summary.results.map((r) => ({
      id: r.id, to: r.to, status: r.status, note: r.note, counts: r.counts, error: r.error, resumeAt: r.resumeAt,
      // Relative to the batch report: the two are kept together.
      report: r.reportFile === null ? null : basename(r.reportFile),
    })),
  };
}

const STATUS_WORDS: Record<RowResult['status'], string> = { done: 'done', incomplete: 'incomplete (run again to resume)', failed: 'failed' };
const NOTE_WORDS: Record<NonNullable<RowResult['note']>, string> = { already_done: 'already done earlier', not_started: 'not started' };

function statusText(r: BatchReport['rows'][number]): string {
  return `${STATUS_WORDS[r.status]}${r.note ? ` (${NOTE_WORDS[r.note]})` : ''}`;
}

function countsText(c: RowResult['counts']): string {
  return `${c.done} done, ${c.pending} pending, ${c.failed} failed, ${c.skipped} skipped, ${c.left} left`;
}

export function renderBatchReport(report: BatchReport, format: 'json' | 'md' | 'html'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const title = `leave-platform batch${report.dryRun ? ' (dry run)' : ''}: ${basename(report.manifest)}`;
  const s = report.summary;
  const head = `${s.rows} row(s): ${s.done} done, ${s.incomplete} incomplete, ${s.failed} failed${report.shard ? `; shard ${report.shard}` : ''}. Generated ${report.generatedAt}.`;
  if (format === 'md') {
    const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const lines = [`# ${title}`, '', head, '', '| row | account | status | actions | problem | report |', '| --- | --- | --- | --- | --- | --- |'];
    for (const r of report.rows) {
      lines.push(`| ${cell(r.id)} | ${cell(r.to ?? '')} | ${cell(statusText(r))} | ${countsText(r.counts)} | ${cell(r.error?.message ?? '')} | ${r.report ? `[${cell(r.report)}](${encodeURI(r.report)})` : ''} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  const e = escapeUTF8;
  const rows = report.rows.map((r) => `<tr class="${r.status}"><td>${e(r.id)}</td><td>${e(r.to ?? '')}</td><td>${e(statusText(r))}</td><td>${e(countsText(r.counts))}</td><td>${e(r.error?.message ?? '')}</td><td>${r.report ? `<a href="${e(encodeURI(r.report))}">${e(r.report)}</a>` : ''}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}tr.failed td{background:#fde8e8}tr.incomplete td{background:#fff6dd}</style>
</head><body><h1>${e(title)}</h1><p>${e(head)}</p>
<table><thead><tr><th>row</th><th>account</th><th>status</th><th>actions</th><th>problem</th><th>report</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

export async function writeBatchReport(file: string, report: BatchReport): Promise<void> {
  await writeReportFile(file, renderBatchReport(report, reportFormatFor(file)));
}
