/** Writes a report in the format its file name asks for (DESIGN.md section 2, `--report FILE`). */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { UsageError } from '../errors.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './types.js';

export type ReportFormat = 'json' | 'md' | 'html';

/** The format for a file name; a UsageError for anything else, so the CLI can check before any work. */
export function reportFormatFor(file: string): ReportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new UsageError(`Cannot tell the report format of ${file}.`, {
    hint: 'Name the report file with .json, .md or .html.',
  });
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}

export async function writeReport(file: string, report: Report): Promise<void> {
  await writeReportFile(file, renderReport(report, reportFormatFor(file)));
}

/** Writes a report's text through a temporary file: an interrupted run never leaves half a report behind. */
export async function writeReportFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}
