/**
 * Opening the authorization page in the user's browser, where there is one: `open` on macOS, `start`
 * on Windows, `xdg-open` on other systems with a graphical session. Without one, login falls back to the
 * out-of-band code (the user opens the printed link anywhere and pastes the code).
 */
import { spawn } from 'node:child_process';

export function canOpenBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  if (env.LEAVE_PLATFORM_NO_BROWSER === '1') return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The program, its arguments and spawn options that open `url` on `platform`. */
export function browserCommand(url: string, platform: NodeJS.Platform): { cmd: string; args: string[]; verbatim: boolean } {
  if (platform === 'darwin') return { cmd: 'open', args: [url], verbatim: false };
  if (platform === 'win32') {
    // `start` is a cmd.exe built-in, so the URL passes through cmd's parser: an unescaped `&` (every
    // authorize URL has several) would end the command there and run the rest as commands of its own.
    // Its metacharacters are escaped with `^`, and the line is passed verbatim so nothing re-quotes it.
    return { cmd: 'cmd', args: ['/d', '/s', '/c', 'start', '""', url.replace(/[&|<>^()%!"]/g, '^$&')], verbatim: true };
  }
  return { cmd: 'xdg-open', args: [url], verbatim: false };
}

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const { cmd, args, verbatim } = browserCommand(url, platform);
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
