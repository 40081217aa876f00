/**
 * The `inspect` use case: what an export holds, in counts, without any network.
 */
import type { Account, Model, PostKind, SourceInfo } from '../model/types.js';
import type { ParseWarning } from '../sources/types.js';
import { parseExport, type ParseDeps } from './parseExport.js';

export interface ExportSummary {
  version: 1;
  sources: SourceInfo[];
  account: Account | null;
  contacts: {
    total: number;
    /** Per relation, per platform: `{ twitter: { following: 12, follower: 30 } }`. */
    byRelation: Record<string, Record<string, number>>;
    withUsername: number;
  };
  posts: {
    total: number;
    byKind: Partial<Record<PostKind, number>>;
    first: string | null;
    last: string | null;
    media: number;
    mediaMissing: number;
  };
  warnings: ParseWarning[];
}

export async function inspectExport(paths: string[], deps: ParseDeps = {}): Promise<ExportSummary> {
  const { model, warnings } = await parseExport(paths, deps);
  return summarizeModel(model, warnings);
}

export function summarizeModel(model: Model, warnings: ParseWarning[]): ExportSummary {
  const byRelation: Record<string, Record<string, number>> = {};
  let withUsername = 0;
  for (const c of model.contacts) {
    if (c.username !== null) withUsername++;
    const perPlatform = (byRelation[c.platform] ??= {});
    for (const r of c.relations) perPlatform[r] = (perPlatform[r] ?? 0) + 1;
  }
  const byKind: Partial<Record<PostKind, number>> = {};
  let first: string | null = null;
  let last: string | null = null;
  let media = 0;
  let mediaMissing = 0;
  for (const p of model.posts) {
    byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    if (p.createdAt !== null) {
      if (first === null || p.createdAt < first) first = p.createdAt;
      if (last === null || p.createdAt > last) last = p.createdAt;
    }
    for (const m of p.media) {
      media++;
      if (m.path === null) mediaMissing++;
    }
  }
  return {
    version: 1,
    sources: model.sources,
    account: model.account,
    contacts: { total: model.contacts.length, byRelation, withUsername },
    posts: { total: model.posts.length, byKind, first, last, media, mediaMissing },
    warnings,
  };
}
