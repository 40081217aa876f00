/**
 * Test scaffolding shared by the platform modules' tests: detect-then-parse with recorded warnings, the
 * other platforms' real samples (no module may claim them), and the checks every built fixture passes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openArchiveSet } from '../../src/archive/open.js';
import type { ArchiveSet } from '../../src/archive/types.js';
import { detectPlatforms } from '../../src/app/parseExport.js';
import { mergeParsed } from '../../src/model/merge.js';
import { SOURCE_MODULES } from '../../src/sources/registry.js';
import type { ParseWarning, SourceModule } from '../../src/sources/types.js';
import { modelSchemaErrors } from '../helpers/modelSchema.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';

export const SAMPLES_ROOT = '/work/shared/samples';

/** Detects `archive` with `source` (throws when it is not detected) and parses it, recording the warnings. */
export async function detectAndParse(source: SourceModule, archive: ArchiveSet) {
  const detection = await source.detect(archive);
  if (!detection) throw new Error('not detected');
  const warnings: ParseWarning[] = [];
  const result = await source.parse({ archive, warn: (w) => warnings.push(w) }, detection);
  return { detection, result, warnings };
}

/** The real exports from public repositories (samples/real-exports/<platform>-<date>/export/...). */
export const REAL_EXPORTS = `${SAMPLES_ROOT}/real-exports`;

/** Every file under `dir`, as it is, by its path relative to `dir`. */
export function filesUnder(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (folder: string, rel: string) => {
    for (const name of readdirSync(folder)) {
      const full = `${folder}/${name}`;
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else files[`${rel}${name}`] = readFileSync(full);
    }
  };
  walk(dir, '');
  return files;
}

/**
 * One real export (`samples/real-exports/<name>/export/`) as the platform hands it out: its files at their
 * archive paths, plus a small placeholder for each media file its `media-files.txt` names (the repositories
 * hold no media bytes).
 */
export function realExportFiles(name: string): Record<string, Uint8Array> {
  const files = filesUnder(`${REAL_EXPORTS}/${name}/export`);
  const list = `${REAL_EXPORTS}/${name}/media-files.txt`;
  if (existsSync(list)) {
    for (const line of readFileSync(list, 'utf8').split('\n')) {
      const path = line.trim();
      if (path !== '' && !path.startsWith('#')) files[path] = Buffer.from('placeholder');
    }
  }
  return files;
}

/**
 * Each real-sample folder of every platform but `own`: all its files as they are, paths relative to it.
 * The real exports count one by one, under the platform their name starts with.
 */
export function* otherPlatformSamples(own: string): Generator<{ platform: string; files: Record<string, Uint8Array> }> {
  for (const platform of readdirSync(SAMPLES_ROOT).filter((d) => d !== own && d !== 'real-exports')) {
    yield { platform, files: filesUnder(`${SAMPLES_ROOT}/${platform}`) };
  }
  for (const name of readdirSync(REAL_EXPORTS)) {
    const platform = name.split('-')[0]!;
    if (platform === own || !statSync(`${REAL_EXPORTS}/${name}`).isDirectory()) continue;
    yield { platform: `real-exports/${name}`, files: realExportFiles(name) };
  }
}

/**
 * Runs a fixture builder (fixtures/builders/<name>.mjs, default export) into a fresh temporary folder,
 * opens the archive parts it wrote (`parts`, in that order) as one set and hands it to `use`; closes the
 * set and removes the folder afterwards.
 */
export async function withBuiltFixture<T>(
  build: (outDir: string) => Promise<unknown>,
  parts: readonly string[],
  use: (archive: ArchiveSet, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await makeTempDir();
  try {
    await build(dir);
    const archive = await openArchiveSet(parts.map((part) => join(dir, part)));
    try {
      return await use(archive, dir);
    } finally {
      await archive.close();
    }
  } finally {
    await removeTempDir(dir);
  }
}

/**
 * What every fixture must be: detected by `source` and, among every platform module, by it alone; parsed,
 * the export validates against the model schema. Returns the detection, the parse and its warnings.
 */
export async function expectDetectedAloneAndValid(source: SourceModule, archive: ArchiveSet) {
  const detection = await source.detect(archive);
  expect(detection?.platform).toBe(source.platform);
  // Among every platform module, only this one claims the export.
  expect((await detectPlatforms(archive, SOURCE_MODULES)).map((d) => d.detection.platform)).toEqual([source.platform]);
  const warnings: ParseWarning[] = [];
  const parsed = await source.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
  expect(modelSchemaErrors(mergeParsed([parsed]))).toEqual([]);
  return { detection, parsed, warnings };
}
