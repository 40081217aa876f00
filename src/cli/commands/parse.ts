import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { parseExport } from '../../app/parseExport.js';
import { InputError } from '../../errors.js';
import { writeModelJson } from '../../model/writeJson.js';
import type { CliIO } from '../io.js';
import { examplesText } from '../help.js';
import { globalOptions } from '../main.js';
import { warningText } from '../render/warning.js';

export function registerParse(program: Command, io: CliIO): void {
  program
    .command('parse')
    .description('print the neutral model of the export as JSON (no network)')
    .argument('<archive...>', 'the export: .zip, .tar.gz/.tgz or an extracted folder; several parts of one export may be given')
    .option('-o, --out <file>', 'write the JSON to this file instead of stdout')
    .addHelpText('after', examplesText([
      ['leave-platform parse twitter-2024-05-01.zip --out model.json', 'the whole export as JSON, in a file'],
      ['leave-platform -q parse linkedin-export.zip > model.json', 'to stdout, without the warnings'],
    ]))
    .action(async (archives: string[], options: { out?: string }, command: Command) => {
      const global = globalOptions(command, io);
      const { model, warnings } = await parseExport(archives);
      if (!global.quiet) {
        for (const w of warnings) io.stderr.write(`warning: ${warningText(w)}\n`);
      }
      if (options.out === undefined) {
        await writeModelJson(model, io.stdout);
        return;
      }
      const file = createWriteStream(options.out);
      const opened = new Promise<void>((resolve, reject) => {
        file.once('open', () => resolve());
        file.once('error', (cause) => reject(new InputError(`Cannot write ${options.out}: ${cause.message}.`, { cause, file: options.out ?? null, hint: 'Check that the folder exists and is writable.' })));
      });
      await opened;
      await writeModelJson(model, file);
      file.end();
      await finished(file);
      if (!global.quiet && !global.json) {
        io.stderr.write(`Wrote ${model.contacts.length} contacts and ${model.posts.length} posts to ${options.out}\n`);
      }
    });
}
