/**
 * A reader that goes away early (`leave-platform --help | head`): the CLI drops what it still had to
 * write and ends normally, instead of crashing on EPIPE with a stack trace (seen trying it as a user).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { assertDistFresh } from '../helpers/distFreshness.js';

describe('stdout closed by its reader', () => {
  it('--help into a reader that is already gone: exit 0, nothing on stderr', async () => {
    assertDistFresh();
    const child = spawn(process.execPath, [BIN, '--help-all'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `| head -1` that has read its line and exited: the pipe is closed before the CLI writes.
    child.stdout.destroy();
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
