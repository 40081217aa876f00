/**
 * What each platform module under src/sources/<platform>/ provides: detection by content and a parser
 * into the neutral model. Modules are pure apart from reading entries through the ArchiveSet given to them.
 */
import type { ArchiveSet } from '../archive/types.js';
import type { Account, Contact, Platform, Post, SourceInfo } from '../model/types.js';

export interface Detection {
  platform: Platform;
  /** Which layout generation, e.g. "2022+", "2019-root". */
  layout: string | null;
  /**
   * How sure: 1 = files whose content only this platform writes (a manifest, a known wrapper);
   * lower for weaker signs. Detection picks the highest; below 0.3 is "not an export we know".
   */
  score: number;
}

export interface ParseWarning {
  /** The entry (or archive) the warning is about, when there is one. */
  file: string | null;
  message: string;
}

export interface ParseContext {
  readonly archive: ArchiveSet;
  /** Problems that do not stop the parse (a missing optional file, a skipped record). */
  warn(warning: ParseWarning): void;
}

/** What one platform module returns; several modules' results are merged into one Model. */
export interface ParsedExport {
  /** Usually one; the Instagram module also returns `threads` when the export holds Threads data. */
  sources: SourceInfo[];
  account: Account | null;
  contacts: Contact[];
  posts: Post[];
}

export interface SourceModule {
  readonly platform: Platform;
  /** A short line for `inspect` and for the "what we support" message. */
  readonly description: string;
  detect(archive: ArchiveSet): Promise<Detection | null>;
  parse(context: ParseContext, detection: Detection): Promise<ParsedExport>;
}
