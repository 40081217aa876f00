/**
 * Every way reading an archive can fail, as an InputError (exit 2) that names the file and says what to
 * do next. The low-level error (yauzl, zlib, tar-stream, fs) is kept as `cause` for --verbose.
 */
import { InputError, InternalError } from '../errors.js';
import { formatBytes } from './limits.js';

const REDOWNLOAD = 'The file is damaged or incomplete: download the export again from the platform.';
const HOSTILE = 'A real export never looks like this: do not extract this file; download the export again from the platform.';

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function where(archive: string, entry?: string): string {
  return entry === undefined ? archive : `${archive}: ${entry}`;
}

export function missingPathError(archive: string, cause?: unknown): InputError {
  return new InputError(`${archive}: no such file or folder.`, {
    cause, file: archive,
    hint: 'Check the path: give the export archive (.zip, .tar.gz) or the folder you extracted it to.',
  });
}

export function unreadablePathError(archive: string, cause: unknown): InputError {
  return new InputError(`${archive} cannot be read (${causeText(cause)}).`, {
    cause, file: archive, hint: 'Check that the file exists and that you may read it.',
  });
}

export function emptyFileError(archive: string): InputError {
  return new InputError(`${archive} is empty (0 bytes).`, {
    file: archive, hint: 'The download probably failed: download the export again from the platform.',
  });
}

export function notAnArchiveError(archive: string): InputError {
  return new InputError(`${archive} is not a .zip, a .tar.gz, a folder or an export file (.json, .js, .csv).`, {
    file: archive,
    hint: 'Give the archive the platform sent you (.zip, .tar.gz or .tgz), the folder you extracted it to, or the export file itself.',
  });
}

export function corruptArchiveError(archive: string, kind: 'zip' | 'tar' | 'tar.gz', cause: unknown): InputError {
  return new InputError(`${archive} is not a readable ${kind} (${causeText(cause)}).`, {
    cause, file: archive, hint: REDOWNLOAD,
  });
}

export function truncatedZipError(archive: string, cause: unknown): InputError {
  return new InputError(`${archive} is truncated or not a zip: its central directory is missing.`, {
    cause, file: archive, hint: REDOWNLOAD,
  });
}

export function splitZipError(archive: string, cause: unknown): InputError {
  return new InputError(`${archive} is one piece of a split (multi-disk) zip, which cannot be read.`, {
    cause, file: archive,
    hint: 'Join the pieces into one zip first (for example `zip -s 0 split.zip --out whole.zip`), then give that.',
  });
}

export function unsafeNameError(archive: string, name: string, cause?: unknown): InputError {
  return new InputError(
    `${archive} holds an entry with an unsafe name (${JSON.stringify(name)}) that would escape the folder it is extracted to; this archive is refused.`,
    { cause, file: archive, hint: HOSTILE },
  );
}

export function overlappingEntriesError(archive: string, a: string, b: string): InputError {
  return new InputError(
    `${archive} has entries whose data overlap (${JSON.stringify(a)} and ${JSON.stringify(b)}): this is a zip bomb; this archive is refused.`,
    { file: archive, hint: HOSTILE },
  );
}

export function entryTooLargeError(archive: string, entry: string, declared: number, cap: number): InputError {
  return new InputError(
    `${where(archive, entry)} is ${formatBytes(declared)}, more than the ${formatBytes(cap)} limit for reading it.`,
    { file: where(archive, entry), hint: 'If this file is genuine, report it with the file size; otherwise download the export again.' },
  );
}

export function entryOverCapError(archive: string, entry: string, cap: number, cause?: unknown): InputError {
  return new InputError(
    `${where(archive, entry)} expands to more than ${formatBytes(cap)}, more than its header declares: stopped reading (corrupt archive or zip bomb).`,
    { cause, file: where(archive, entry), hint: HOSTILE },
  );
}

export function tarBombError(archive: string, cap: number): InputError {
  return new InputError(
    `${archive} expands to more than ${formatBytes(cap)}, far more than its compressed size: stopped reading (gzip bomb).`,
    { file: archive, hint: HOSTILE },
  );
}

/** `exact` is the entry count when the archive declares it (zip), else we stopped counting at `max`. */
export function tooManyEntriesError(archive: string, max: number, exact?: number): InputError {
  const count = exact === undefined ? `more than ${max}` : String(exact);
  return new InputError(`${archive} holds ${count} entries; leave-platform reads at most ${max} per archive.`, {
    file: archive, hint: 'If this export is genuine, extract it and give only the folders of the platform you are leaving.',
  });
}

export function entryReadError(archive: string, entry: string, cause: unknown): InputError {
  return new InputError(`${where(archive, entry)} cannot be read (${causeText(cause)}).`, {
    cause, file: where(archive, entry), hint: REDOWNLOAD,
  });
}

export function encryptedEntryError(archive: string, entry: string): InputError {
  return new InputError(`${where(archive, entry)} is encrypted, which leave-platform cannot read.`, {
    file: where(archive, entry), hint: 'Extract the archive with its password, then give the extracted folder.',
  });
}

export function unsupportedCompressionError(archive: string, entry: string, method: number): InputError {
  return new InputError(`${where(archive, entry)} uses zip compression method ${method}, which leave-platform cannot read.`, {
    file: where(archive, entry), hint: 'Extract the archive with another tool, then give the extracted folder.',
  });
}

export function noSuchEntryError(archive: string, entry: string): InputError {
  return new InputError(`${where(archive, entry)}: no such entry in this archive.`, {
    file: where(archive, entry), hint: 'The archive changed while it was being read: run the command again.',
  });
}

/** Reading after close() is a bug in leave-platform, not bad input. */
export function closedArchiveError(archive: string): InternalError {
  return new InternalError(`${archive} was read after it was closed.`, {
    hint: 'This is a bug; please report it with the output of the same command run with --verbose.',
  });
}
