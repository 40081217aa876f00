import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { normalizeHeader, parseCsvRecords, parseCsvTable, readCsvTable, readEntryText } from '../../src/sources/csv.js';
import type { ParseWarning } from '../../src/sources/types.js';
import { memoryArchive } from '../helpers/memoryArchive.js';

const columns = {
  first: ['First Name', 'Vorname'],
  last: ['Last Name'],
  url: ['URL'],
  on: ['Connected On'],
};

describe('parseCsvTable', () => {
  it('skips a Notes: preamble with a quoted note and a blank line before the header', () => {
    const text = readFileSync('/work/shared/samples/linkedin/fixtures/Connections.sourcer.csv', 'utf8');
    const table = parseCsvTable(text, { file: 'Connections.csv', columns, required: ['first', 'last', 'on'] });
    expect(table).not.toBeNull();
    expect(table!.header[0]).toBe('First Name');
    expect(table!.rows.map((r) => r.get('first'))).toEqual(['Priya', 'Sam', 'Alex']);
    expect(table!.rows[0]!.get('url')).toBe('https://www.linkedin.com/in/priyashah');
    expect(table!.rows[2]!.get('url')).toBe('https://www.linkedin.com/in/alexkim');
  });

  it('finds columns by name whatever their order (URL last)', () => {
    const text = readFileSync('/work/shared/samples/linkedin/fixtures/Connections.labeldekho-truncated.csv', 'utf8');
    const table = parseCsvTable(text, { file: 'Connections.csv', columns, required: ['first', 'on'] })!;
    expect(table.rows.map((r) => [r.get('first'), r.get('url'), r.get('on')])).toEqual([
      ['Alice', 'https://linkedin.com/in/alicejohnson', '15 Jan 2023'],
      ['Bob', 'https://linkedin.com/in/bobwilliams', '20 Mar 2023'],
      ['Carol', 'https://linkedin.com/in/caroldavis', '10 May 2023'],
    ]);
  });

  it('drops a BOM, ignores header case and spacing, reads CRLF and trailing blank lines', () => {
    const text = '\uFEFFfirst  name,LAST NAME,connected on\r\nA,B,1 Jan 2020\r\n\r\n\r\n\r\n';
    const table = parseCsvTable(text, { file: 'x.csv', columns, required: ['first', 'last', 'on'] })!;
    expect(table.header).toEqual(['first  name', 'LAST NAME', 'connected on']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.get('on')).toBe('1 Jan 2020');
    expect(table.has('url')).toBe(false);
    expect(table.rows[0]!.get('url')).toBeNull();
  });

  it('accepts a translated header through the aliases', () => {
    const table = parseCsvTable('Vorname,Last Name,Connected On\nJörg,Ä,2 Feb 2022\n', { file: 'x.csv', columns, required: ['first'] })!;
    expect(table.rows[0]!.get('first')).toBe('Jörg');
  });

  it('keeps multi-line quoted cells with doubled quotes', () => {
    const text = 'Date,Text\n2024-01-01,"line one\nsays ""hi""\n\nline four"\n';
    const table = parseCsvTable(text, { file: 'x.csv', columns: { date: ['Date'], text: ['Text'] }, required: ['date'] })!;
    expect(table.rows[0]!.get('text')).toBe('line one\nsays "hi"\n\nline four');
  });

  it('returns null when no line is the header', () => {
    expect(parseCsvTable('a,b\n1,2\n', { file: 'x.csv', columns, required: ['first'] })).toBeNull();
    expect(parseCsvTable('', { file: 'x.csv', columns, required: ['first'] })).toBeNull();
  });

  it('keeps the rows before a cut inside a quoted field and says it was truncated', () => {
    const text = 'First Name,Last Name,Connected On\nA,B,1 Jan 2020\nC,"D';
    const table = parseCsvTable(text, { file: 'x.csv', columns, required: ['first'] })!;
    expect(table.truncated).toBe(true);
    expect(table.rows.map((r) => r.get('first'))).toEqual(['A']);
  });
});

describe('parseCsvRecords', () => {
  it('reads the real Takeout comment CSV with its trailing blank lines', () => {
    const text = readFileSync('/work/shared/samples/youtube/google_takeout_parser-tests/comments_post_2024-06_format.csv', 'utf8');
    const { records, truncated } = parseCsvRecords(text, 'comments.csv');
    expect(truncated).toBe(false);
    expect(records).toHaveLength(3);
    expect(records[1]![6]).toContain('\n');
  });
});

describe('readCsvTable', () => {
  it('warns through the context when the file was cut short', async () => {
    const archive = memoryArchive({ 'x/Connections.csv': 'First Name,Last Name,Connected On\nA,B,1 Jan 2020\n"C' });
    const warnings: ParseWarning[] = [];
    const table = await readCsvTable({ archive, warn: (w) => warnings.push(w) }, archive.entries[0]!, { columns, required: ['first'] });
    expect(table!.rows).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.file).toBe('x/Connections.csv');
    expect(warnings[0]!.message).toMatch(/cut short/);
  });
});

describe('readEntryText', () => {
  it('turns a read failure into an InputError naming the entry and its archive', async () => {
    const archive = memoryArchive({ 'big/file.csv': 'x'.repeat(100) }, 'part-002.zip');
    const read = readEntryText(archive, archive.entries[0]!, 10);
    await expect(read).rejects.toThrow(InputError);
    await expect(readEntryText(archive, archive.entries[0]!, 10)).rejects.toThrow(/big\/file\.csv from part-002\.zip/);
  });
});

describe('normalizeHeader', () => {
  it('compares headers without case, BOM or extra space', () => {
    expect(normalizeHeader('\uFEFF Channel  ID ')).toBe(normalizeHeader('channel id'));
  });
});
