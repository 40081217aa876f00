/**
 * The `parse` use case: open the parts, detect which platform(s) wrote them, parse, merge into one Model.
 */
import { openArchiveSet } from '../archive/open.js';
import type { ArchiveSet } from '../archive/types.js';
import { InputError } from '../errors.js';
import { mergeParsed } from '../model/merge.js';
import type { Model } from '../model/types.js';
import { SOURCE_MODULES } from '../sources/registry.js';
import type { Detection, ParseWarning, SourceModule } from '../sources/types.js';

/** A detection this sure means the set holds that platform's export, alongside any other. */
const CERTAIN = 0.8;
/** Below this, a detection is noise: the archive is not an export we know. */
const PLAUSIBLE = 0.3;

export interface ParseOutcome {
  model: Model;
  warnings: ParseWarning[];
  detections: Detection[];
}

export interface ParseDeps {
  modules?: readonly SourceModule[];
  open?: (paths: string[]) => Promise<ArchiveSet>;
}

export async function parseExport(paths: string[], deps: ParseDeps = {}): Promise<ParseOutcome> {
  const archive = await (deps.open ?? openArchiveSet)(paths);
  try {
    return await parseArchiveSet(archive, deps.modules ?? SOURCE_MODULES);
  } finally {
    await archive.close();
  }
}

export async function parseArchiveSet(archive: ArchiveSet, modules: readonly SourceModule[]): Promise<ParseOutcome> {
  const chosen = await detectPlatforms(archive, modules);
  const warnings: ParseWarning[] = [];
  const context = { archive, warn: (w: ParseWarning) => void warnings.push(w) };
  const parts = [];
  for (const { module, detection } of chosen) parts.push(await module.parse(context, detection));
  return { model: mergeParsed(parts), warnings, detections: chosen.map((c) => c.detection) };
}

/**
 * Every module whose detection is certain (several exports may be given together, e.g. a Twitter and an
 * Instagram archive); failing that, the single best plausible one. Nothing plausible is an InputError
 * listing what we support.
 */
export async function detectPlatforms(
  archive: ArchiveSet,
  modules: readonly SourceModule[],
): Promise<{ module: SourceModule; detection: Detection }[]> {
  const found: { module: SourceModule; detection: Detection }[] = [];
  for (const module of modules) {
    const detection = await module.detect(archive);
    if (detection && detection.score >= PLAUSIBLE) found.push({ module, detection });
  }
  found.sort((a, b) => b.detection.score - a.detection.score);
  const certain = found.filter((f) => f.detection.score >= CERTAIN);
  if (certain.length > 0) return certain;
  if (found[0]) return [found[0]];
  throw new InputError(`${archive.files.join(', ')} does not look like a data export we know.`, {
    file: archive.files[0] ?? null,
    hint: `Supported: ${modules.map((m) => m.description).join('; ')}. Check that you downloaded the export in JSON (not HTML) and gave every part.`,
  });
}
