/** `status`: progress of each migration from its journal, and a fresh look at pending follow requests. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { runStatus, type MigrationStatus } from '../../app/runStatus.js';
import { stateDir } from '../../app/stateDir.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { connectDestination } from '../compose.js';
import { statusOfBatch } from './batch.js';
import { httpClientFor } from '../http.js';
import { reasonText } from '../../report/reasonWords.js';
import type { CliIO } from '../io.js';
import { examplesText } from '../help.js';
import { globalOptions } from '../main.js';
import { localTimeView, localTimes } from '../render/when.js';
import type { TimeView } from '../../report/when.js';

export function registerStatus(program: Command, io: CliIO): void {
  program
    .command('status')
    .description('progress of your migrations: done / pending / failed per action kind')
    .option('--no-check', 'do not ask the server about pending follow requests')
    .option('--batch <manifest>', 'every row of a batch manifest (leave-platform batch), from its own journal')
    .addHelpText('after', examplesText([
      ['leave-platform status', 'every migration: what is done, waiting or failed'],
      ['leave-platform status --no-check', 'from the journal only, without asking the server'],
    ]))
    .action(async (options: { check: boolean; batch?: string }, command: Command) => {
      const global = globalOptions(command, io);
      if (options.batch !== undefined) return statusOfBatch(options.batch, io, global, options.check);
      const http = httpClientFor(global, { maxPacingWaitMs: 0 });
      try {
        const connect = {
          http, clock: systemClock, env: io.env, configDir: configDirOf(io.env), allowHttp: global.allowHttp, maxWaitMs: 0,
        };
        const migrations = await runStatus({
          stateDir: stateDir(global.state, io.env, io.cwd),
          recheck: options.check,
        }, { clock: systemClock, destinationFor: async (account) => (await connectDestination(account, connect))?.destination ?? null });
        if (global.json) io.stdout.write(`${JSON.stringify({ version: 1, migrations }, null, 2)}\n`);
        else io.stdout.write(renderStatus(migrations, localTimeView(io.env, systemClock.now())));
      } finally {
        await http.close();
      }
    });
}

/** Action kinds as a person says them (never `list_add`). */
const KIND_WORDS: Record<string, string> = {
  follow: 'follows', block: 'blocks', mute: 'mutes', list_add: 'list additions', post: 'posts', media: 'media uploads',
};

/**
 * The migrations in words. Each starts with its destination, when it started on the reader's clock, and,
 * when several migrations share a destination (one per export), which journal it is, so that two
 * `me@home.test` lines are never the same line.
 */
export function renderStatus(migrations: MigrationStatus[], time: TimeView): string {
  if (migrations.length === 0) return 'No migration yet: run `leave-platform import` first.\n';
  const perDestination = new Map<string, number>();
  for (const m of migrations) perDestination.set(m.destination ?? '', (perDestination.get(m.destination ?? '') ?? 0) + 1);
  const lines: string[] = [];
  for (const m of migrations) {
    const shared = (perDestination.get(m.destination ?? '') ?? 0) > 1;
    const which = shared ? ` · one of ${perDestination.get(m.destination ?? '')} migrations to this account, each from another export; journal ${basename(m.dir)}` : '';
    lines.push(`${m.destination ? `@${m.destination}` : '(no destination)'}: started ${localTimes(m.createdAt, time)}${which}`);
    for (const [type, c] of Object.entries(m.byType)) {
      lines.push(`  ${(KIND_WORDS[type] ?? type).padEnd(15)} ${c.done} done · ${c.pending} waiting for approval · ${c.failed} failed · ${c.skipped} skipped · ${c.left} left`);
    }
    for (const f of m.failures.slice(0, 20)) {
      const what = f.type === 'post' || f.type === 'media' ? f.target : `@${f.target}`;
      lines.push(`  failed: ${KIND_WORDS[f.type] ?? f.type} ${what}: ${reasonText(f.reason) || 'no reason given'}`);
    }
    if (m.failures.length > 20) lines.push(`  … and ${m.failures.length - 20} more failed (--json lists them all)`);
    if (m.pendingCheck) {
      const accepted = m.pendingCheck.filter((p) => p.now === 'accepted').length;
      const declined = m.pendingCheck.filter((p) => p.now === 'declined').length;
      const recorded = accepted + declined === 0 ? '' : m.recorded ? '; recorded' : '; another run is using this migration, so the next import records them';
      lines.push(`  pending follow requests: ${accepted} accepted since, ${declined} declined, ${m.pendingCheck.length - accepted - declined} still waiting${recorded}.`);
    }
    if (m.checkNote === 'no_sign_in') lines.push(`  note: no sign-in for ${m.destination}; run \`leave-platform login ${m.destination}\` to check pending follow requests`);
  }
  return `${lines.join('\n')}\n`;
}
