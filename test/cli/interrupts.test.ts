/**
 * src/cli/interrupts.ts with a fake signal source: the first Ctrl-C aborts the soft-stop signal and says
 * so once; the second quits at once with exit 3 (not 130, as before issue 9) and one line; after dispose
 * Ctrl-C is the process's own again.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FIRST_INTERRUPT_NOTICE, SECOND_INTERRUPT_NOTICE, watchSigint, type SignalSource } from '../../src/cli/interrupts.js';
import type { ExitCode } from '../../src/errors.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: ExitCode[] = [];
  const source: SignalSource = {
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    exit: (code) => void exits.push(code),
  };
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { emitter, exits, source, stderr, text: () => text };
}

describe('watchSigint', () => {
  it('first Ctrl-C: aborts the signal and says it stops after the request in flight; the process goes on', () => {
    const p = fakeProcess();
    const watch = watchSigint(p.source, p.stderr);
    expect(watch.signal.aborted).toBe(false);
    p.emitter.emit('SIGINT');
    expect(watch.signal.aborted).toBe(true);
    expect(p.exits).toEqual([]);
    expect(p.text()).toBe(FIRST_INTERRUPT_NOTICE);
  });

  it('second Ctrl-C: exit 3 at once, with one line', () => {
    const p = fakeProcess();
    watchSigint(p.source, p.stderr);
    p.emitter.emit('SIGINT');
    p.emitter.emit('SIGINT');
    expect(p.exits).toEqual([3]);
    expect(p.text()).toBe(FIRST_INTERRUPT_NOTICE + SECOND_INTERRUPT_NOTICE);
    expect(SECOND_INTERRUPT_NOTICE.trim().split('\n')).toHaveLength(1);
  });

  it('a command\'s own words: no first notice (null), its own quit line', () => {
    const p = fakeProcess();
    watchSigint(p.source, p.stderr, { notice: null, quitNotice: 'Quit: the journal has it.\n' });
    p.emitter.emit('SIGINT');
    expect(p.text()).toBe('');
    p.emitter.emit('SIGINT');
    expect(p.text()).toBe('Quit: the journal has it.\n');
    expect(p.exits).toEqual([3]);
  });

  it('SIGTERM is the same soft stop, and a second signal of either kind quits', () => {
    const p = fakeProcess();
    const watch = watchSigint(p.source, p.stderr);
    p.emitter.emit('SIGTERM');
    expect(watch.signal.aborted).toBe(true);
    expect(p.exits).toEqual([]);
    p.emitter.emit('SIGINT');
    expect(p.exits).toEqual([3]);
  });

  it('after dispose it no longer listens', () => {
    const p = fakeProcess();
    const watch = watchSigint(p.source, p.stderr);
    watch.dispose();
    expect(p.emitter.listenerCount('SIGINT')).toBe(0);
    expect(p.emitter.listenerCount('SIGTERM')).toBe(0);
  });
});
