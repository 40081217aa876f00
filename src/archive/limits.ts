/**
 * The caps that keep a hostile or absurd archive from exhausting memory or time (issue 2, item 3).
 * Every cap can be lowered by the caller (tests pass small ones); none can be switched off.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface ArchiveLimits {
  /** readText's default cap when the caller gives no ReadOptions.maxBytes. */
  readonly maxTextBytes: number;
  /**
   * Tarballs only: while listing, data-like entries up to this size are kept in memory, because a tarball
   * has no index and re-reading a multi-GB .tar.gz once per parsed file would be quadratic.
   */
  readonly tarKeepEntryBytes: number;
  /** Tarballs only: the total of all kept entries. Past it, entries are re-streamed on demand instead. */
  readonly tarKeepTotalBytes: number;
  /**
   * Gzip bomb guard: a tarball may expand to at most max(tarMinExpandedBytes, tarMaxRatio × file size).
   * Real exports are mostly JPEG/MP4 (ratio near 1) and JSON (ratio about 10); deflate tops out near 1032,
   * so only a bomb gets near 100 over a whole archive.
   */
  readonly tarMaxRatio: number;
  readonly tarMinExpandedBytes: number;
  /**
   * Most entries one part may list. Each listed entry costs memory (~200 bytes); a central directory of
   * millions of empty entries is a cheap way to exhaust it. Big real exports hold a few hundred thousand.
   */
  readonly maxEntries: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxTextBytes: 512 * MiB,
  tarKeepEntryBytes: 64 * MiB,
  tarKeepTotalBytes: 256 * MiB,
  tarMaxRatio: 100,
  tarMinExpandedBytes: 1 * GiB,
  maxEntries: 2_000_000,
};

/** The most a tarball of `fileSize` compressed bytes may expand to before we call it a bomb. */
export function tarExpansionCap(limits: ArchiveLimits, fileSize: number): number {
  return Math.max(limits.tarMinExpandedBytes, limits.tarMaxRatio * fileSize);
}

/** Human-readable byte counts for error messages ("512 MiB"). */
export function formatBytes(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(1)} GiB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
