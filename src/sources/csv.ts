/**
 * Reading the CSV files that exports carry (LinkedIn, YouTube Takeout, Mastodon), on top of csv-parse.
 *
 * What the exports do that a plain CSV reader does not expect (reference/formats.md sections 5, 6, 11):
 * - a UTF-8 BOM on the first header cell;
 * - a preamble before the header (LinkedIn's `Notes:` line, a quoted note and a blank line);
 * - headers whose case or language differs between exports (`Channel Id` / `Channel ID`, German, Spanish);
 * - several blank lines at the end, `\r\n` line ends, multi-line quoted fields;
 * - a file cut short by an interrupted download (an unclosed quote at the end).
 *
 * So a table is found by looking for the first line that parses as a header naming the required columns,
 * and columns are looked up by a key with a list of accepted names, never by position.
 */
import { parse } from 'csv-parse/sync';
import type { ArchiveEntry, ArchiveSet } from '../archive/types.js';
import { InputError } from '../errors.js';
import type { ParseContext } from './types.js';

/** For each column key we use, the header names (any case, any language) that mean it. */
export type CsvColumns<K extends string> = Readonly<Record<K, readonly string[]>>;

export interface CsvTableOptions<K extends string> {
  /** The entry's name, for messages. */
  file: string;
  columns: CsvColumns<K>;
  /** The header must name all of these; the others are optional. */
  required: readonly NoInfer<K>[];
  /** How many lines before the header may be preamble (default 30). */
  maxPreambleLines?: number;
}

export interface CsvRow<K extends string> {
  /** The cell of the column `key`, trimmed; null when the column is absent or the cell empty. */
  get(key: K): string | null;
  readonly cells: readonly string[];
}

export interface CsvTable<K extends string> {
  /** The header cells as written (BOM dropped). */
  readonly header: readonly string[];
  /** The keys whose column the header has. */
  has(key: K): boolean;
  readonly rows: readonly CsvRow<K>[];
  /** True when the file ended inside a quoted field: the rows read before that are kept. */
  readonly truncated: boolean;
}

export interface CsvRecords {
  records: string[][];
  /** True when the text ended inside a quoted field (a cut-off file); `records` holds what came before. */
  truncated: boolean;
}

/** Header cells compared without case, BOM, surrounding space or repeated inner space. */
export function normalizeHeader(cell: string): string {
  return cell.replace(/^\uFEFF/, '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Every record of a CSV text, empty lines skipped. A text cut inside a quoted field gives the records
 * before it and `truncated: true`; any other malformation is an InputError naming `file`.
 */
export function parseCsvRecords(text: string, file: string): CsvRecords {
  const records: string[][] = [];
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[]) => {
        records.push(record);
        return null;
      },
    });
    return { records, truncated: false };
  } catch (error) {
    if (isCsvError(error) && error.code === 'CSV_QUOTE_NOT_CLOSED') return { records, truncated: true };
    throw new InputError(`${file} is not a readable CSV file: ${messageOf(error)}.`, {
      cause: error,
      file,
      hint: 'The export may be damaged; download it again.',
    });
  }
}

/**
 * The table in `text` whose header names every required column, skipping any preamble before it.
 * Returns null when no such header is found within the first lines.
 */
export function parseCsvTable<K extends string>(text: string, options: CsvTableOptions<K>): CsvTable<K> | null {
  const body = text.replace(/^\uFEFF/, '');
  const start = findHeaderOffset(body, options);
  if (start === null) return null;
  const { records, truncated } = parseCsvRecords(body.slice(start), options.file);
  const [headerCells, ...dataRecords] = records;
  if (!headerCells) return null;
  const index = columnIndex(headerCells, options.columns);
  const rows = dataRecords
    .filter((cells) => cells.some((c) => c.trim() !== ''))
    .map((cells): CsvRow<K> => ({
      cells,
      get(key: K): string | null {
        const i = index.get(key);
        if (i === undefined) return null;
        const v = cells[i]?.trim() ?? '';
        return v === '' ? null : v;
      },
    }));
  return {
    header: headerCells.map((c) => c.replace(/^\uFEFF/, '')),
    has: (key: K) => index.has(key),
    rows,
    truncated,
  };
}

/**
 * Reads `entry` and finds its table. A file cut short is reported through `context.warn` and the rows
 * before the cut are kept. Returns null when the header is not there (the caller decides whether
 * that is an error).
 */
export async function readCsvTable<K extends string>(
  context: ParseContext,
  entry: ArchiveEntry,
  options: Omit<CsvTableOptions<K>, 'file'>,
): Promise<CsvTable<K> | null> {
  const text = await readEntryText(context.archive, entry);
  const table = parseCsvTable(text, { ...options, file: entry.path });
  if (table?.truncated) {
    context.warn({
      file: entry.path,
      message: `${entry.path} ends in the middle of a quoted field (cut short?); read the ${table.rows.length} rows before it.`,
    });
  }
  return table;
}

/** An entry's text; reading failures other than our own typed errors become an InputError naming it. */
export async function readEntryText(archive: ArchiveSet, entry: ArchiveEntry, maxBytes?: number): Promise<string> {
  try {
    return await archive.readText(entry, maxBytes === undefined ? undefined : { maxBytes });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Could not read ${entry.path} from ${entry.archive}: ${messageOf(error)}.`, {
      cause: error,
      file: entry.path,
    });
  }
}

function findHeaderOffset<K extends string>(body: string, options: CsvTableOptions<K>): number | null {
  const max = options.maxPreambleLines ?? 30;
  let offset = 0;
  for (let line = 0; line <= max && offset < body.length; line++) {
    const end = body.indexOf('\n', offset);
    const lineText = (end === -1 ? body.slice(offset) : body.slice(offset, end)).replace(/\r$/, '');
    if (lineText.trim() !== '' && isHeader(lineText, options)) return offset;
    if (end === -1) break;
    offset = end + 1;
  }
  return null;
}

function isHeader<K extends string>(line: string, options: CsvTableOptions<K>): boolean {
  let cells: string[];
  try {
    const parsed = parse(line, { relax_column_count: true, relax_quotes: true }) as string[][];
    cells = parsed[0] ?? [];
  } catch {
    return false; // a preamble line that is not CSV at all
  }
  const index = columnIndex(cells, options.columns);
  return options.required.every((key) => index.has(key));
}

function columnIndex<K extends string>(headerCells: readonly string[], columns: CsvColumns<K>): Map<K, number> {
  const normalized = headerCells.map(normalizeHeader);
  const index = new Map<K, number>();
  for (const key of Object.keys(columns) as K[]) {
    const names = columns[key].map(normalizeHeader);
    const i = normalized.findIndex((cell) => names.includes(cell));
    if (i !== -1) index.set(key, i);
  }
  return index;
}

function isCsvError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
