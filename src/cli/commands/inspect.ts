import type { Command } from 'commander';
import { inspectExport } from '../../app/inspectExport.js';
import type { CliIO } from '../io.js';
import { globalOptions } from '../main.js';
import { renderSummary } from '../render/summary.js';

export function registerInspect(program: Command, io: CliIO): void {
  program
    .command('inspect')
    .description('detect the platform and show what the export holds (no network)')
    .argument('<archive...>', 'the export: .zip, .tar.gz/.tgz or an extracted folder; several parts of one export may be given')
    .action(async (archives: string[], _options: unknown, command: Command) => {
      const global = globalOptions(command, io);
      const summary = await inspectExport(archives);
      io.stdout.write(global.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary));
    });
}
