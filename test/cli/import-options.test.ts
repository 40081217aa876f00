/** `import` options checked before any work: a report file named so its format cannot be told. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('import --report', () => {
  it.each(['plan.pdf', 'plan', 'report.txt'])('refuses %s with exit 2 before reading the export', async (file) => {
    const r = await runCli(['import', 'no-such-export.zip', '--dry-run', '--report', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot tell the report format/);
    expect(r.stderr).toMatch(/\.json, \.md or \.html/);
    expect(r.stderr).not.toMatch(/no-such-export/); // the archive was never opened
  });
});
