/** `--max-wait` durations (parseDuration): the forms the help names, bare seconds, and bad input → exit 2. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_WAIT, parseDuration } from '../../src/cli/commands/import.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['1m30s500ms', 90_500],
    ['90', 90_000], // a bare number is seconds
    ['0', 0],
    ['1.5', 1500],
    [' 15M ', 900_000], // trimmed, any case
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('the default is 15 minutes', () => {
    expect(parseDuration(DEFAULT_MAX_WAIT)).toBe(15 * 60_000);
  });

  it.each(['', '  ', 'soon', '10 m', '-5s', '5x', '1mo', 'm', '1.', '.5s', '1e3s', '30s!', 's30'])('"%s" is a UsageError', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
    try {
      parseDuration(text);
    } catch (error) {
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toContain(`--max-wait "${text}" is not a duration`);
      expect((error as UsageError).hint).toMatch(/30s, 10m, 2h/);
    }
  });

  it('the CLI says so and exits 2 before reading anything', async () => {
    const r = await runCli(['import', 'no-such-export.zip', '--to', '@me@home.test', '--max-wait', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error: --max-wait "soon" is not a duration.');
    expect(r.stderr).toContain('Write it like 30s, 10m, 2h or 1h30m.');
    expect(r.stderr).not.toMatch(/no-such-export/);
  });
});
