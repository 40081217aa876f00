import type { Command } from 'commander';
import { inspectExport } from '../../app/inspectExport.js';
import type { CliIO } from '../io.js';
import { examplesText } from '../help.js';
import { globalOptions } from '../main.js';
import { renderSummary } from '../render/summary.js';

export function registerInspect(program: Command, io: CliIO): void {
  program
    .command('inspect')
    .description('detect the platform and show what the export holds (no network)')
    .argument('<archive...>', 'the export: .zip, .tar.gz/.tgz or an extracted folder; several parts of one export may be given')
    .addHelpText('after', examplesText([
      ['leave-platform inspect twitter-2024-05-01.zip', 'what a Twitter/X archive holds'],
      ['leave-platform inspect takeout-001.zip takeout-002.tgz', 'an export in several parts: give them all together'],
      ['leave-platform --json inspect instagram-export.zip', 'the same counts as JSON'],
    ]))
    .action(async (archives: string[], _options: unknown, command: Command) => {
      const global = globalOptions(command, io);
      const summary = await inspectExport(archives);
      io.stdout.write(global.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary));
    });
}
