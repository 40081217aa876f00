/** A private temporary folder for one media file's work, removed by its `cleanup()` (safe to call twice). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  cleanup: () => Promise<void>;
}

export async function makeTempDir(parent: string = tmpdir()): Promise<TempDir> {
  const path = await mkdtemp(join(parent, 'leave-platform-media-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
