import { describe, it, expect } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readMetaJson } from '../../../src/sources/meta/json.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { contextFor } from './helpers.js';

describe('readMetaJson', () => {
  it('parses and repairs', async () => {
    const archive = memoryArchive({ 'a.json': '{"n\\u00c3\\u00a4me": "J\\u00c3\\u00bcrgen"}' });
    const context = contextFor(archive);
    expect(await readMetaJson(context, archive.entries[0]!, { importance: 'core', platformName: 'Facebook' })).toEqual({ näme: 'Jürgen' });
  });

  it('throws an InputError naming the entry when a core file is cut short', async () => {
    const archive = memoryArchive({ 'connections/friends/your_friends.json': '{"friends_v2": [{"name": "A"' }, 'fb.zip');
    const context = contextFor(archive);
    const error = await readMetaJson(context, archive.entries[0]!, { importance: 'core', platformName: 'Facebook' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toContain('fb.zip: connections/friends/your_friends.json');
    expect((error as InputError).message).toContain('cut short');
    expect((error as InputError).file).toBe('fb.zip: connections/friends/your_friends.json');
  });

  it('warns and returns null for an extra file that is empty', async () => {
    const archive = memoryArchive({ 'profile_information.json': '' });
    const context = contextFor(archive);
    expect(await readMetaJson(context, archive.entries[0]!, { importance: 'extra', platformName: 'Facebook' })).toBeNull();
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]!.message).toContain('is empty');
  });
});
