/**
 * The token store: one JSON file per account in the user's config dir ($XDG_CONFIG_HOME/leave-platform,
 * else ~/.config/leave-platform), the file mode 0600 and the directory 0700, written atomically (temp
 * file, then rename). This is the only place a token is ever written.
 */
import { chmod, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { normalizeHandle } from '../model/handle.js';

export interface StoredCredential {
  version: 1;
  /** `user@host` of the signed-in account (lower case). */
  account: string;
  /** The API origin, e.g. `https://social.example`. */
  apiBase: string;
  accessToken: string;
  scope: string;
  clientId: string;
  clientSecret: string;
  createdAt: string;
  /**
   * PeerTube: the refresh token that gets a new access token when it expires (a day by default). Absent in
   * Mastodon records and in records written before it existed (they stay readable).
   */
  refreshToken?: string;
  /** `peertube` for a password-grant sign-in (its tokens are refreshed); absent for Mastodon's OAuth app. */
  kind?: 'peertube';
}

export function configDirOf(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'leave-platform');
}

/** A safe file name for an account: `user@host.json`, with anything unusual percent-encoded. */
export function credentialFileName(account: string): string {
  const a = normalizeHandle(account);
  return `${a.replace(/[^a-z0-9._@-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}.json`;
}

export async function saveCredential(dir: string, credential: StoredCredential): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = join(dir, credentialFileName(credential.account));
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(credential, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return file;
}

export async function loadCredential(dir: string, account: string): Promise<StoredCredential | null> {
  const file = join(dir, credentialFileName(account));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`Cannot read the stored sign-in ${file}.`, { cause: error, file });
  }
  const parsed = parseCredential(text);
  if (!parsed) {
    throw new InputError(`The stored sign-in ${file} is damaged.`, { file, hint: 'Run `leave-platform login` again to replace it.' });
  }
  return parsed;
}

/** Every stored account (for `status` and for `import` without --to when there is exactly one). */
export async function listCredentials(dir: string): Promise<StoredCredential[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: StoredCredential[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const c = parseCredential(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (c) out.push(c);
  }
  return out;
}

function parseCredential(text: string): StoredCredential | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  const strings = ['account', 'apiBase', 'accessToken', 'scope', 'clientId', 'clientSecret', 'createdAt'];
  if (c.version !== 1 || !strings.every((k) => typeof c[k] === 'string')) return null;
  if (c.refreshToken !== undefined && typeof c.refreshToken !== 'string') return null;
  if (c.kind !== undefined && c.kind !== 'peertube') return null;
  return c as unknown as StoredCredential;
}
