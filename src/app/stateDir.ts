/**
 * Where leave-platform keeps its journal and caches (DESIGN.md section 2, `--state`): the given
 * directory, else `$XDG_STATE_HOME/leave-platform` (XDG Base Directory spec), else
 * `~/.local/state/leave-platform`.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export function stateDir(option: string | null, env: NodeJS.ProcessEnv, cwd: string, home: string = homedir()): string {
  if (option) return resolve(cwd, option);
  const xdg = env.XDG_STATE_HOME;
  // The spec says relative XDG paths are invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'leave-platform');
  return join(home, '.local', 'state', 'leave-platform');
}
