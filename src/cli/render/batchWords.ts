/** The words for `batch`'s codes (manifest problems), and its plain-text lines; only the CLI says them. */
import type { ManifestProblem, ManifestProblemCode, RowResult } from '../../app/batch/types.js';

const PROBLEM_WORDS: Record<ManifestProblemCode, string> = {
  unreadable: 'cannot be read',
  not_json: 'is not valid JSON',
  not_csv: 'is not a readable CSV file with a header row',
  schema: 'has a value it cannot take',
  unknown_field: 'is not a field of a batch manifest',
  missing_field: 'is required',
  duplicate_id: 'is used by another row already (ids must be unique)',
  token_in_manifest: 'looks like a token: never put a token in the manifest; name it with tokenEnv (an environment variable) or tokenFile',
  two_token_sources: 'and tokenEnv are both given: give one',
  token_env_unset: 'names an environment variable that is not set',
  token_file_unreadable: 'names a file that cannot be read',
  archive_missing: 'names a file or folder that does not exist',
  map_missing: 'names a map file that does not exist',
  bad_option: 'is not an option import would take',
};

export function manifestProblemText(p: ManifestProblem): string {
  const where = [p.row === null ? null : p.row === 'header' ? 'header' : p.row === 'defaults' ? 'defaults' : `row ${p.row}`, p.field].filter(Boolean).join(', field ');
  return `${where ? `${where}: ` : 'manifest: '}${p.field || p.row ? '' : 'the file '}${PROBLEM_WORDS[p.code]}${p.detail ? ` (${p.detail})` : ''}`;
}

export function rowResultLine(r: RowResult): string {
  const c = r.counts;
  const what = r.note === 'already_done' ? 'already done' : r.note === 'not_started' ? 'not started' : r.status;
  const counts = `${c.done} done · ${c.pending} pending · ${c.failed} failed · ${c.skipped} skipped · ${c.left} left`;
  return `${r.id}: ${what} (${counts})${r.error ? ` — ${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}` : ''}`;
}
