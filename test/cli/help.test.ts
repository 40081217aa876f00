/**
 * `--help` as a new user reads it (issue 10, item 5): honest about what the tool does, examples in every
 * command's help, no "(default: false)", the global options in each command's help, the testing options
 * only under `--help-all` (and still accepted everywhere), and `-V` for the version.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FIXTURE = new URL('../../fixtures/twitter-sample.zip', import.meta.url).pathname;
const COMMANDS = ['inspect', 'parse', 'resolve', 'import', 'login', 'status'];
const TESTING = ['--connect-to', '--allow-http', '--allow-private-network'];

describe('the main help', () => {
  it('promises nothing a command does not do, shows examples, and keeps the testing options out', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/bring your posts/i);
    expect(r.stdout).toMatch(/Examples:\n[\s\S]*leave-platform import \S+ --to @me@example\.social --dry-run/);
    expect(r.stdout).not.toMatch(/\(default: (false|true|\[\])\)/);
    for (const option of TESTING) expect(r.stdout).not.toContain(option);
    expect(r.stdout).toContain('--help-all');
  });

  it('--help-all adds a "Testing options" section', async () => {
    const r = await runCli(['--help-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Testing options[^\n]*:\n\s+--connect-to <host:addr:port>[\s\S]*--allow-private-network[\s\S]*--allow-http/);
    expect(r.stderr).toBe('');
  });

  it('-V is --version', async () => {
    const short = await runCli(['-V']);
    const long = await runCli(['--version']);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
    expect(short.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe.each(COMMANDS)('%s --help', (command) => {
  it('has examples and the global options, and no noise defaults or testing options', async () => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n(?:.*\\n)*?  leave-platform (?:\\S+ )*${command}\\b`));
    expect(r.stdout).toMatch(/Global Options:\n[\s\S]*--json[\s\S]*--quiet[\s\S]*--verbose/);
    expect(r.stdout).not.toMatch(/\(default: (false|true|\[\])\)/);
    for (const option of TESTING) expect(r.stdout).not.toContain(option);
  });
});

describe('the testing options are still accepted everywhere', () => {
  it('before and after the command', async () => {
    for (const args of [
      ['--allow-http', '--allow-private-network', 'inspect', FIXTURE],
      ['inspect', FIXTURE, '--connect-to', 'example.social:127.0.0.1:9', '--allow-http'],
    ]) {
      const r = await runCli(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });
});
