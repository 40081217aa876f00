import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../src/packageFile.js';

describe('packageFile', () => {
  it('finds the files the package ships from the package root, wherever the code runs', () => {
    expect((JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string }).name).toBe('leave-platform');
    expect(JSON.parse(readFileSync(packageFile('schema/batch.schema.json'), 'utf8'))).toHaveProperty('$schema');
  });
});
