/**
 * `login <handle-or-server>`: OAuth sign-in to the destination account; the token goes to the token
 * store (mode 0600) and nowhere else: it is never printed.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { runLogin } from '../../app/runLogin.js';
import { canOpenBrowser, openBrowser } from '../../auth/browser.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { httpClientFor } from '../http.js';
import type { CliIO } from '../io.js';
import { examplesText } from '../help.js';
import { globalOptions } from '../main.js';
import { hiddenPrompt } from '../hiddenInput.js';

export function registerLogin(program: Command, io: CliIO): void {
  program
    .command('login')
    .description('sign in to your new account (OAuth; on PeerTube your password, asked on the terminal and never stored) and store the token for import')
    .argument('<handle-or-server>', 'your new account (@you@your.server, or its profile link https://your.server/@you) or its server (your.server; your.server:3000 for another port)')
    .option('--posts', 'also allow posting (write:statuses, write:media), for importing posts', false)
    .option('--no-browser', 'do not open a browser: show a link and read the code the server shows')
    .addHelpText('after', examplesText([
      ['leave-platform login @me@example.social', 'sign in in your browser; the token is stored for import'],
      ['leave-platform login example.social --no-browser', 'on a machine without a browser: open the link elsewhere, paste the code'],
    ]))
    .action(async (target: string, options: { posts: boolean; browser: boolean }, command: Command) => {
      const global = globalOptions(command, io);
      const http = httpClientFor(global);
      try {
        const result = await runLogin({ target, posts: options.posts, noBrowser: !options.browser }, {
          http,
          clock: systemClock,
          configDir: configDirOf(io.env),
          allowHttp: global.allowHttp,
          canOpenBrowser: () => canOpenBrowser(io.env),
          openBrowser: (url) => openBrowser(url),
          readCode: (prompt) => readLine(io, prompt),
          // PeerTube asks for the password: only on a terminal, never echoed (no terminal: refused).
          ...(hiddenPrompt(io) ? { askPassword: hiddenPrompt(io)! } : {}),
          tell: (m) => io.stderr.write(`${m}\n`),
        });
        if (global.json) {
          io.stdout.write(`${JSON.stringify({ version: 1, account: result.account, apiBase: result.apiBase, scopes: result.scopes, method: result.method })}\n`);
        } else {
          io.stdout.write(`Signed in as ${result.account} (${new URL(result.apiBase).host}). The token is stored in ${result.file}.\n`);
        }
      } finally {
        await http.close();
      }
    });
}

function readLine(io: CliIO, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!done) resolve('');
    });
  });
}
