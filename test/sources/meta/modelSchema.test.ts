/** What the Meta modules return, merged into a Model, is valid by the shipped schema/model.schema.json. */
import { describe, it, expect } from 'vitest';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mergeParsed } from '../../../src/model/merge.js';
import { facebookSource } from '../../../src/sources/facebook/index.js';
import { instagramSource } from '../../../src/sources/instagram/index.js';
import type { ArchiveSet } from '../../../src/archive/types.js';
import type { SourceModule } from '../../../src/sources/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { buildFixture, contextFor, readZipFiles, sampleArchive } from './helpers.js';

async function model(module: SourceModule, archive: ArchiveSet) {
  const detection = await module.detect(archive);
  expect(detection?.platform).toBe(module.platform);
  return mergeParsed([await module.parse(contextFor(archive), detection!)]);
}

describe('Meta parse output against the model schema', () => {
  it.each([
    ['facebook', 'facebook/export-2026-anonymized'],
    ['instagram', 'instagram/export-2024-12-anonymized'],
    ['instagram', 'instagram/export-2026-anonymized'],
  ])('%s: the real sample %s', async (platform, dir) => {
    const module = platform === 'facebook' ? facebookSource : instagramSource;
    const document = await model(module, sampleArchive(dir));
    expect(document.contacts.length).toBeGreaterThan(0);
    expect(modelSchemaErrors(document)).toEqual([]);
  });

  it.each([
    [facebookSource, 'facebook', 'facebook-sample.zip'],
    [instagramSource, 'instagram', 'instagram-sample.zip'],
  ] as const)('the fixture of %#', async (module, builder, zipName) => {
    const zip = await buildFixture(builder, zipName);
    try {
      const document = await model(module, memoryArchive(await readZipFiles(zip), zipName));
      expect(document.posts.length).toBeGreaterThan(0);
      expect(modelSchemaErrors(document)).toEqual([]);
    } finally {
      await rm(dirname(zip), { recursive: true, force: true });
    }
  });
});
