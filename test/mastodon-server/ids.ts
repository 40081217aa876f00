/**
 * Status and media ids shaped like Mastodon's snowflakes (lib/mastodon/snowflake.rb: milliseconds shifted
 * left 16 bits, plus a sequence), so that ids sort by creation time. A backdated GoToSocial import gets an id
 * from its backdated time too (GtS makes a ULID from it), so it sorts among older posts.
 */
export class SnowflakeIds {
  private sequence = 0;

  next(ms: number): string {
    this.sequence = (this.sequence + 1) & 0xffff;
    return ((BigInt(Math.max(0, Math.floor(ms))) << 16n) | BigInt(this.sequence)).toString();
  }
}

/** Numeric id order (ids are decimal strings of different lengths). Non-numeric ids sort first. */
export function compareIds(a: string, b: string): number {
  const x = /^\d+$/u.test(a) ? BigInt(a) : -1n;
  const y = /^\d+$/u.test(b) ? BigInt(b) : -1n;
  return x < y ? -1 : x > y ? 1 : 0;
}
