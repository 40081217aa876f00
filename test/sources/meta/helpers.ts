/** Test helpers for the Meta parsers: a ParseContext that records warnings, and the real samples as archives. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArchiveSet } from '../../../src/archive/types.js';
import type { ParseContext, ParseWarning } from '../../../src/sources/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';

export const SAMPLES = '/work/shared/samples';

export interface RecordingContext extends ParseContext {
  readonly warnings: ParseWarning[];
}

export function contextFor(archive: ArchiveSet): RecordingContext {
  const warnings: ParseWarning[] = [];
  return { archive, warnings, warn: (w) => { warnings.push(w); } };
}

/** Every file under a samples folder (without SOURCE.txt), as it is, under `prefix/`. */
export function sampleFiles(dir: string, prefix = ''): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name !== 'SOURCE.txt') files[prefix + relative(dir, full).split('\\').join('/')] = readFileSync(full);
    }
  };
  walk(dir);
  return files;
}

export function sampleArchive(dir: string, prefix = '', name = 'export.zip'): ArchiveSet {
  return memoryArchive(sampleFiles(join(SAMPLES, dir), prefix), name);
}

/** Meta's own serialization: UTF-8 bytes as Latin-1 code points, escaped as \u00XX. */
export function metaEncode(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[^\u0000-\u007f]+/g, (run) =>
    [...Buffer.from(run, 'utf8')].map((b) => `\\u00${b.toString(16).padStart(2, '0')}`).join(''));
}

/** Every file entry of a zip on disk, path → bytes (for checking the fixtures our builders write). */
export async function readZipFiles(path: string): Promise<Record<string, Uint8Array>> {
  const { default: yauzl } = await import('yauzl');
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file)));
  });
  const files: Record<string, Uint8Array> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: import('yauzl').Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => { files[entry.fileName] = Buffer.concat(chunks); zip.readEntry(); });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

/** Runs a fixture builder (fixtures/builders/<name>.mjs) into a fresh temporary folder; returns the zip's path. */
export async function buildFixture(name: string, zipName: string): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'lp-fixture-'));
  const builderPath: string = new URL(`../../../fixtures/builders/${name}.mjs`, import.meta.url).href;
  const builder = (await import(builderPath)) as { default: (outDir: string) => Promise<void> };
  await builder.default(dir);
  return join(dir, zipName);
}
