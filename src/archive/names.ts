/**
 * Entry names from an archive are untrusted text. We never extract, so a name is never used as a
 * file-system path, but a name that would escape the extraction folder ("zip slip": `../x`, `/etc/x`,
 * `C:\x`, `..\x`) never appears in a real export: such an archive is refused as hostile.
 */

export type NameCheck =
  | { readonly kind: 'keep'; readonly path: string }
  | { readonly kind: 'skip' }
  | { readonly kind: 'unsafe'; readonly name: string };

/**
 * Normalizes a raw entry name to '/'-separated with no leading '/', no '.' or empty segments, or says to
 * skip it (a directory, `__MACOSX/` resource forks, `._*` AppleDouble files) or that it is unsafe.
 */
export function checkEntryName(raw: string): NameCheck {
  // Backslashes: some Windows tools write them as separators (APPNOTE 4.4.17 forbids it), and they are
  // the classic trick to smuggle `..\` past a check that only splits on '/'. Treat them as separators.
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\0')) return { kind: 'unsafe', name: raw };
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { kind: 'unsafe', name: raw };
  const segments = name.split('/');
  if (segments.includes('..')) return { kind: 'unsafe', name: raw };
  if (name.endsWith('/')) return { kind: 'skip' };
  const kept = segments.filter((s) => s !== '' && s !== '.');
  const last = kept[kept.length - 1];
  if (last === undefined) return { kind: 'skip' };
  if (kept.includes('__MACOSX') || last.startsWith('._')) return { kind: 'skip' };
  return { kind: 'keep', path: kept.join('/') };
}
