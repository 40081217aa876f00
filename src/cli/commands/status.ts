/** `status`: progress of each migration from its journal, and a fresh look at pending follow requests. */
import type { Command } from 'commander';
import { runStatus, type MigrationStatus } from '../../app/runStatus.js';
import { stateDir } from '../../app/stateDir.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { httpClientFor } from '../http.js';
import type { CliIO } from '../io.js';
import { globalOptions } from '../main.js';

export function registerStatus(program: Command, io: CliIO): void {
  program
    .command('status')
    .description('progress of your migrations: done / pending / failed per action kind')
    .option('--no-check', 'do not ask the server about pending follow requests')
    .action(async (options: { check: boolean }, command: Command) => {
      const global = globalOptions(command, io);
      const http = httpClientFor(global, { maxPacingWaitMs: 0 });
      try {
        const migrations = await runStatus({
          stateDir: stateDir(global.state, io.env, io.cwd),
          configDir: configDirOf(io.env),
          allowHttp: global.allowHttp,
          recheck: options.check,
        }, { http, clock: systemClock, env: io.env });
        if (global.json) io.stdout.write(`${JSON.stringify({ version: 1, migrations }, null, 2)}\n`);
        else io.stdout.write(renderStatus(migrations));
      } finally {
        await http.close();
      }
    });
}

function renderStatus(migrations: MigrationStatus[]): string {
  if (migrations.length === 0) return 'No migration yet: run `leave-platform import` first.\n';
  const lines: string[] = [];
  for (const m of migrations) {
    lines.push(`${m.destination ?? '(no destination)'} (since ${m.createdAt})`);
    for (const [type, c] of Object.entries(m.byType)) {
      lines.push(`  ${type.padEnd(9)} ${c.done} done · ${c.pending} pending · ${c.failed} failed · ${c.skipped} skipped · ${c.left} left`);
    }
    for (const f of m.failures.slice(0, 20)) lines.push(`  failed: ${f.type} ${f.target}: ${f.reason ?? 'no reason given'}`);
    if (m.pendingCheck) {
      const accepted = m.pendingCheck.filter((p) => p.now === 'accepted').length;
      const declined = m.pendingCheck.filter((p) => p.now === 'declined').length;
      lines.push(`  pending follow requests: ${accepted} accepted since, ${declined} declined, ${m.pendingCheck.length - accepted - declined} still waiting; re-run import to record them.`);
    }
    if (m.checkNote) lines.push(`  note: ${m.checkNote}`);
  }
  return `${lines.join('\n')}\n`;
}
