/**
 * The `inspect` use case: what an export holds, in counts, without any network.
 */
import { openArchiveSet } from '../archive/open.js';
import type { ArchiveSet } from '../archive/types.js';
import type { Account, Model, Platform, PostKind, SourceInfo } from '../model/types.js';
import { SOURCE_MODULES } from '../sources/registry.js';
import type { ParseWarning, SourceModule } from '../sources/types.js';
import { parseArchiveSet, type ParseDeps } from './parseExport.js';

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
  const archive = await (deps.open ?? openArchiveSet)(paths);
  try {
    const modules = deps.modules ?? SOURCE_MODULES;
    const { model, warnings } = await parseArchiveSet(archive, modules);
    const sources = model.sources.length > 1 ? await filesPerSource(archive, model.sources, modules) : model.sources;
    return summarizeModel({ ...model, sources }, warnings);
  } finally {
    await archive.close();
  }
}

/**
 * Which of the given files hold which platform's export, when several exports were given together
 * (a Twitter and an Instagram archive): each part is detected on its own. A part no module recognises
 * alone (the media-only second part of a split export) stays listed under every platform.
 */
export async function filesPerSource(archive: ArchiveSet, sources: SourceInfo[], modules: readonly SourceModule[]): Promise<SourceInfo[]> {
  const owners = new Map<string, Set<Platform>>();
  for (const file of archive.files) {
    const part = partView(archive, file);
    const platforms = new Set<Platform>();
    for (const m of modules) {
      const d = await m.detect(part);
      if (d !== null && d.score >= PLAUSIBLE) platforms.add(d.platform);
    }
    owners.set(file, platforms);
  }
  return sources.map((src) => {
    const carrier = CARRIED_BY[src.platform] ?? src.platform;
    const files = src.files.filter((f) => {
      const own = owners.get(f);
      return own === undefined || own.size === 0 || own.has(carrier);
    });
    return { ...src, files: files.length > 0 ? files : src.files };
  });
}

/** Platforms whose data comes inside another's export (src/sources/instagram: Threads is in Instagram's). */
const CARRIED_BY: Partial<Record<Platform, Platform>> = { threads: 'instagram' };

/** The same threshold as detection in parseExport: below it a detection is noise. */
const PLAUSIBLE = 0.3;

/** One part of an archive set, seen as a set of its own. Reads go through the whole set; closing is the set's. */
function partView(archive: ArchiveSet, file: string): ArchiveSet {
  return {
    files: [file],
    entries: archive.entries.filter((e) => e.archive === file),
    open: (entry, options) => archive.open(entry, options),
    readText: (entry, options) => archive.readText(entry, options),
    close: async () => {},
  };
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
