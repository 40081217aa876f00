/**
 * Reads a batch manifest (DESIGN.md section 6a): JSON `{ "version": 1, "defaults": {...}, "rows": [...] }`,
 * or CSV with a header row naming the same fields (list cells separated by `;`). Both are checked against
 * schema/batch.schema.json, then for what a schema cannot say (unique ids, no token in the file, files
 * that exist, options that agree). Every problem is collected and thrown at once (ManifestError, exit 2)
 * before anything is sent.
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../../errors.js';
import { normalizeHandle } from '../../model/handle.js';
import { schemaProblems, rowName } from './manifestSchema.js';
import {
  BOOLEAN_FIELDS, LIST_FIELDS, PATH_FIELDS, ROW_OPTION_NAMES,
  type BatchManifest, type BatchRow, type ManifestDocument, type ManifestProblem, type RowOptions, type TokenSource,
} from './types.js';

/** An invalid manifest: every problem found, each with its row and field. Exit 2, nothing sent. */
export class ManifestError extends UsageError {
  constructor(readonly file: string, readonly problems: ManifestProblem[]) {
    super(`The manifest ${file} has ${problems.length} problem(s); nothing was sent.`, {
      hint: 'Fix every line above, then run the same command again (schema/batch.schema.json describes the fields).',
    });
  }
}

/** Manifests are small; a bigger file is not one. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** Reads and checks the manifest's shape; files and environment are checked by checkRows, for the rows to run. */
export async function readManifest(file: string, base: RowOptions = {}): Promise<BatchManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ManifestError(file, [{ row: null, field: null, code: 'unreadable', detail: (cause as Error).message }]);
  }
  if (text.length > MAX_MANIFEST_BYTES) throw new ManifestError(file, [{ row: null, field: null, code: 'unreadable', detail: `larger than ${MAX_MANIFEST_BYTES} bytes` }]);
  const format = manifestFormat(file, text);
  const problems: ManifestProblem[] = [];
  const document = format === 'json' ? parseJsonManifest(text, problems) : parseCsvManifest(text, problems);
  if (document !== null) problems.push(...(await schemaProblems(document)), ...semanticProblems(document));
  if (problems.length > 0 || document === null) throw new ManifestError(file, problems);
  const doc = document as ManifestDocument;
  const folder = dirname(resolve(file));
  const defaults = absolutePaths(doc.defaults ?? {}, folder);
  const rows = doc.rows.map((r, index): BatchRow => {
    const { id, archives, ...own } = r;
    // Precedence: the manifest's defaults, then the command line, then the row itself.
    const options = mergeOptions(mergeOptions(defaults, base), absolutePaths(own, folder));
    return {
      id, index, archives: archives.map((a) => resolve(folder, a)),
      to: options.to === undefined ? null : normalizeHandle(options.to),
      token: tokenSourceOf(options),
      options,
    };
  });
  return { file, format, rows };
}

/** What the row's own files and environment must hold before it runs: every problem of every row given. */
export async function checkRows(file: string, rows: readonly BatchRow[], env: NodeJS.ProcessEnv, check: (row: BatchRow) => string | null): Promise<void> {
  const problems: ManifestProblem[] = [];
  for (const row of rows) {
    for (const archive of row.archives) {
      if (!(await exists(archive))) problems.push({ row: row.id, field: 'archives', code: 'archive_missing', detail: archive });
    }
    for (const map of row.options.maps ?? []) {
      if (!(await exists(map))) problems.push({ row: row.id, field: 'maps', code: 'map_missing', detail: map });
    }
    if (row.token.kind === 'env' && !env[row.token.name]?.trim()) {
      problems.push({ row: row.id, field: 'tokenEnv', code: 'token_env_unset', detail: row.token.name });
    }
    if (row.token.kind === 'file' && !(await exists(row.token.path))) {
      problems.push({ row: row.id, field: 'tokenFile', code: 'token_file_unreadable', detail: row.token.path });
    }
    const bad = check(row);
    if (bad !== null) problems.push({ row: row.id, field: fieldNamed(bad), code: 'bad_option', detail: bad });
  }
  if (problems.length > 0) throw new ManifestError(file, problems);
}

function manifestFormat(file: string, text: string): 'csv' | 'json' {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return text.trimStart().startsWith('{') ? 'json' : 'csv';
}

function parseJsonManifest(text: string, problems: ManifestProblem[]): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (cause) {
    problems.push({ row: null, field: null, code: 'not_json', detail: (cause as Error).message });
    return null;
  }
}

const KNOWN_COLUMNS = new Set<string>(['id', 'archives', ...ROW_OPTION_NAMES]);

/** CSV → the JSON shape: typed cells (booleans, lists), empty cells left out, unknown columns said once. */
function parseCsvManifest(text: string, problems: ManifestProblem[]): unknown {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (cause) {
    problems.push({ row: null, field: null, code: 'not_csv', detail: (cause as Error).message });
    return null;
  }
  const [header, ...lines] = records;
  if (!header) {
    problems.push({ row: null, field: null, code: 'not_csv', detail: 'no header row' });
    return null;
  }
  const columns = header.map((h) => h.trim());
  for (const c of columns) {
    if (!KNOWN_COLUMNS.has(c)) {
      problems.push({ row: 'header', field: c, code: /token|secret|password|bearer/i.test(c) ? 'token_in_manifest' : 'unknown_field', detail: null });
    }
  }
  const rows = lines.map((cells) => {
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const cell = cells[i] ?? '';
      if (cell === '' || !KNOWN_COLUMNS.has(c)) return;
      row[c] = csvValue(c, cell);
    });
    return row;
  });
  return { version: 1, rows };
}

function csvValue(field: string, cell: string): unknown {
  if ((LIST_FIELDS as readonly string[]).includes(field)) {
    const separator = field === 'kinds' || field === 'finders' ? /[;,]/ : /;/;
    return cell.split(separator).map((s) => s.trim()).filter(Boolean);
  }
  if ((BOOLEAN_FIELDS as readonly string[]).includes(field)) {
    const word = cell.toLowerCase();
    if (['true', 'yes', '1'].includes(word)) return true;
    if (['false', 'no', '0'].includes(word)) return false;
    return cell; // the schema says it is not a boolean, naming the row and field
  }
  return cell;
}

/** Mastodon's tokens are 43 characters of base64url; others are long runs of letters and digits too. */
const TOKEN_LIKE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~+/=]{32,}$/;

function semanticProblems(document: unknown): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const doc = document as { defaults?: unknown; rows?: unknown };
  const rows = Array.isArray(doc.rows) ? doc.rows : [];
  const objects: [string, unknown][] = [['defaults', doc.defaults], ...rows.map((r, i): [string, unknown] => [rowName(rows, i), r])];
  for (const [name, value] of objects) {
    if (typeof value !== 'object' || value === null) continue;
    const o = value as Record<string, unknown>;
    if (o.tokenEnv !== undefined && o.tokenFile !== undefined) problems.push({ row: name, field: 'tokenFile', code: 'two_token_sources', detail: null });
    for (const [field, v] of Object.entries(o)) {
      const values = Array.isArray(v) ? v : [v];
      // A path or an id is not a token; a value shaped like one, in any field, is refused all the same.
      if (values.some((x) => typeof x === 'string' && TOKEN_LIKE.test(x) && !x.includes('/') && !/\.[a-z]{2,4}$/i.test(x))) {
        problems.push({ row: name, field, code: 'token_in_manifest', detail: null });
      }
    }
  }
  const seen = new Set<string>();
  for (const r of rows) {
    const id = (r as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    const key = id.toLowerCase();
    if (seen.has(key)) problems.push({ row: id, field: 'id', code: 'duplicate_id', detail: null });
    seen.add(key);
  }
  return problems;
}

function absolutePaths(options: RowOptions, folder: string): RowOptions {
  const out: RowOptions = { ...options };
  for (const f of PATH_FIELDS) if (out[f] !== undefined) out[f] = resolve(folder, out[f]);
  if (out.maps) out.maps = out.maps.map((m) => resolve(folder, m));
  return out;
}

/** `over` wins field by field; a row naming one token source drops the other one inherited. */
export function mergeOptions(under: RowOptions, over: RowOptions): RowOptions {
  const merged: RowOptions = { ...under };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  if (over.tokenEnv !== undefined) delete merged.tokenFile;
  if (over.tokenFile !== undefined) delete merged.tokenEnv;
  return merged;
}

function tokenSourceOf(o: RowOptions): TokenSource {
  if (o.tokenEnv !== undefined) return { kind: 'env', name: o.tokenEnv };
  if (o.tokenFile !== undefined) return { kind: 'file', path: o.tokenFile };
  return { kind: 'login' };
}

/** The field an option's message is about (`--since ...` → since). */
function fieldNamed(message: string): string | null {
  const m = /--([a-z-]+)/.exec(message);
  return m ? (m[1] as string).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) : null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
