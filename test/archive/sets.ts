/** Helpers shared by the archive tests: an opened set closed after use, the InputError a read must give, an entry by path. */
import { expect } from 'vitest';
import { openArchiveSet, type OpenArchiveOptions } from '../../src/archive/open.js';
import type { ArchiveSet } from '../../src/archive/types.js';
import { InputError } from '../../src/errors.js';

/** Opens `paths` as one set, hands it to `use`, and closes it whatever happens. */
export async function withSet<T>(paths: string[], use: (set: ArchiveSet) => Promise<T>, options?: OpenArchiveOptions): Promise<T> {
  const set = await openArchiveSet(paths, options);
  try {
    return await use(set);
  } finally {
    await set.close();
  }
}

/** The error `promise` rejects with, which must be an InputError (exit 2) with a hint. */
export async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(2);
  expect((error as InputError).hint).toBeTruthy();
  return error as InputError;
}

/** The entry of `set` at `path`; throws, listing what is there, when there is none. */
export function entry(set: ArchiveSet, path: string) {
  const found = set.entries.find((e) => e.path === path);
  if (!found) throw new Error(`no entry ${path} in ${set.entries.map((e) => e.path).join(', ')}`);
  return found;
}
