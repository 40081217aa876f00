/** Every command, registered on the program. One file per command; each declares options and calls src/app. */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerInspect } from './inspect.js';
import { registerParse } from './parse.js';

export function registerCommands(program: Command, io: CliIO): void {
  registerInspect(program, io);
  registerParse(program, io);
}
