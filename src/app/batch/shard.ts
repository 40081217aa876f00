/**
 * `--shard K/N`: this machine takes the rows whose id hashes to K, so a batch spreads over a CI matrix or
 * several machines with no coordinator. K is 1-based (1..N), like most CI matrix indexes; the hash is the
 * first 8 bytes of SHA-256 of the row id (UTF-8) as an unsigned integer, mod N, plus 1. It depends on the id
 * only, so adding or reordering rows never moves another row to another shard.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${text}" is not K/N with 1 <= K <= N.`, { hint: 'For example --shard 2/4 runs the second of four shards.' });
  }
  return { index, count };
}

/** The shard (1..count) a row id belongs to. */
export function shardOf(id: string, count: number): number {
  const digest = createHash('sha256').update(id, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1;
}

export function inShard(id: string, shard: Shard | null): boolean {
  return shard === null || shardOf(id, shard.count) === shard.index;
}
