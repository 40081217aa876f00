/**
 * A line read from the terminal without echoing it (a password): the terminal in raw mode, the keys
 * collected here, Enter ends, Backspace deletes, Ctrl-C and Ctrl-D give up. Nothing typed is written
 * anywhere; the terminal mode is restored whatever happens.
 */
import type { CliIO } from './io.js';

type RawInput = CliIO['stdin'] & { setRawMode?: (on: boolean) => unknown; isRaw?: boolean };

/** Null when stdin is not a terminal that can hide input (then nothing may be asked). */
export function hiddenPrompt(io: CliIO): ((prompt: string) => Promise<string>) | null {
  const input = io.stdin as RawInput;
  if (input.isTTY !== true || typeof input.setRawMode !== 'function' || io.stderr.isTTY !== true) return null;
  return (prompt) => readHidden(input, io.stderr, prompt);
}

function readHidden(input: RawInput, out: CliIO['stderr'], prompt: string): Promise<string> {
  out.write(prompt);
  const wasRaw = input.isRaw === true;
  input.setRawMode!(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode!(wasRaw);
      input.pause();
      out.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || ch === '\u0004') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}
