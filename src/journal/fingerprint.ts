/**
 * Where a migration's journal lives: one directory per (source archive, destination account) under the
 * state dir (DESIGN.md section 6).
 *
 * The archive fingerprint is cheap (at most 2 MiB read per part, whatever the archive's size) and stable:
 * each part contributes its size and a SHA-256 of its first and last MiB; an extracted folder contributes
 * its files' relative paths and sizes. File names and mtimes are left out on purpose: copying or renaming
 * the archive (a re-download, `cp` without `-p`) must not start a new migration, or a re-run would lose the
 * journal and could post the same posts twice. The parts' order on the command line does not matter.
 */
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { normalizeHandle } from '../model/handle.js';

const EDGE = 1024 * 1024;

export async function fingerprintArchives(paths: readonly string[]): Promise<string> {
  if (paths.length === 0) throw new InputError('No archive to fingerprint.');
  const parts = await Promise.all(paths.map((p) => fingerprintPart(p)));
  const all = createHash('sha256');
  for (const part of parts.sort()) all.update(`${part}\n`);
  return all.digest('hex');
}

async function fingerprintPart(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new InputError(`Cannot read ${path}.`, { cause, file: path });
  }
  const hash = createHash('sha256');
  if (info.isDirectory()) {
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const lines: string[] = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const full = join(e.parentPath, e.name);
      const rel = full.slice(path.length).replace(/\\/g, '/');
      lines.push(`${rel}\u0000${(await stat(full)).size}`);
    }
    hash.update(`dir\n${lines.sort().join('\n')}`);
    return hash.digest('hex');
  }
  hash.update(`file\n${info.size}\n`);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(EDGE, info.size));
    await readFully(fh, head, 0);
    hash.update(head);
    if (info.size > EDGE) {
      const tail = Buffer.alloc(Math.min(EDGE, info.size - EDGE));
      await readFully(fh, tail, info.size - tail.length);
      hash.update(tail);
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

async function readFully(fh: import('node:fs/promises').FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
}

/**
 * `<stateDir>/migrations/<destination slug>-<16 hex>`: the slug keeps the directory recognisable, the hash
 * (of fingerprint and lower-case destination) keeps it unique.
 */
export function journalDirFor(stateDir: string, archiveFingerprint: string, destination: string): string {
  const dest = normalizeHandle(destination);
  const slug = dest.replace(/[^a-z0-9@._-]+/g, '_').slice(0, 60) || 'destination';
  const id = createHash('sha256').update(`${archiveFingerprint}\n${dest}`).digest('hex').slice(0, 16);
  return join(stateDir, 'migrations', `${slug}-${id}`);
}
