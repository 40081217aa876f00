/** Every command, registered on the program. One file per command; each declares options and calls src/app. */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerBatch } from './batch.js';
import { registerImport } from './import.js';
import { registerInspect } from './inspect.js';
import { registerLogin } from './login.js';
import { registerParse } from './parse.js';
import { registerResolve } from './resolve.js';
import { registerStatus } from './status.js';

export function registerCommands(program: Command, io: CliIO): void {
  registerInspect(program, io);
  registerParse(program, io);
  registerResolve(program, io);
  registerImport(program, io);
  registerLogin(program, io);
  registerStatus(program, io);
  registerBatch(program, io);
}
