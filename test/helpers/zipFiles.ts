/**
 * Writes small real archives into a temp folder for tests: zips with yazl, tarballs with tar-stream,
 * plain folders. (For hostile zips that yazl refuses to write, see test/archive/rawZip.ts.)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

/** Entry path → content. A path ending in '/' is an empty directory entry. */
export type FileMap = Record<string, string | Uint8Array>;

export interface ZipWriteOptions {
  /** Deflate (default) or store. */
  compress?: boolean;
  /** Write zip64 records even for small entries (yazl's forceZip64Format). */
  forceZip64Format?: boolean;
}

function bytes(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/** A fresh temp folder; remove it with removeTempDir. */
export async function makeTempDir(prefix = 'lp-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The bytes of a zip holding `files`. */
export async function zipBuffer(files: FileMap, options: ZipWriteOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) {
      zip.addEmptyDirectory(name.slice(0, -1));
      continue;
    }
    zip.addBuffer(bytes(content), name, {
      compress: options.compress ?? true,
      forceZip64Format: options.forceZip64Format ?? false,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a zip at `path` (creating its folder) and returns `path`. */
export async function writeZip(path: string, files: FileMap, options: ZipWriteOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await zipBuffer(files, options));
  return path;
}

export interface TarWriteOptions {
  /** gzip it (default true): a .tar.gz; false gives a plain .tar. */
  gzip?: boolean;
  /** Extra body-less headers, e.g. symlinks: `{ name: 'link', type: 'symlink', linkname: '../x' }`. */
  extra?: Partial<tar.Header>[];
}

/**
 * The bytes of a tarball holding `files` (names written as given, so hostile names are possible).
 * A list of [name, content] pairs may repeat a name, as `tar -r` does.
 */
export async function tarBuffer(files: FileMap | [string, string | Uint8Array][], options: TarWriteOptions = {}): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const [name, content] of Array.isArray(files) ? files : Object.entries(files)) {
    if (name.endsWith('/')) pack.entry({ name, type: 'directory' });
    else pack.entry({ name }, bytes(content));
  }
  for (const header of options.extra ?? []) pack.entry({ name: 'extra', ...header });
  pack.finalize();
  const raw = await collected;
  return options.gzip === false ? raw : gzipSync(raw);
}

/** Writes a .tar.gz (or .tar) at `path` and returns `path`. */
export async function writeTarGz(path: string, files: FileMap | [string, string | Uint8Array][], options: TarWriteOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await tarBuffer(files, options));
  return path;
}

/** Writes `files` under the folder `dir` (an extracted export) and returns `dir`. */
export async function writeFolder(dir: string, files: FileMap): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    const target = join(dir, name);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes(content));
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * A Mastodon account export holding only following_accounts.csv: the simplest archive whose contacts are
 * full handles, for tests of import against a local server.
 */
export async function writeMastodonFollowsExport(dir: string, handles: readonly string[]): Promise<string> {
  const csv = `Account address,Show boosts,Notify on new posts,Languages\n${handles.map((h) => `${h},true,false,`).join('\n')}\n`;
  return writeZip(join(dir, 'mastodon-export.zip'), { 'following_accounts.csv': csv });
}
