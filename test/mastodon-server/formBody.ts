/**
 * Request bodies as Rails reads them (Mastodon accepts form and JSON bodies alike): `a[]=1&a[]=2` is an
 * array, `a[b]=1` a nested object, a repeated plain key keeps the last value. Values stay strings, as in Rails.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function parseRailsForm(body: string): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) setPath(out, keyPath(key), value);
  return out;
}

/** A body as an object: JSON (when the content type says so), else a form. Unreadable JSON → null. */
export function parseBody(body: string, contentType: string): Record<string, unknown> | null {
  if (contentType.includes('application/json')) {
    if (body.trim() === '') return {};
    try {
      const v = JSON.parse(body) as unknown;
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return parseRailsForm(body);
}

/** `a[b][]` → ['a', 'b', '']. */
function keyPath(key: string): string[] {
  const m = /^([^[]*)((?:\[[^\]]*\])*)$/u.exec(key);
  if (!m) return [key];
  const rest = [...m[2]!.matchAll(/\[([^\]]*)\]/gu)].map((x) => x[1]!);
  return [m[1]!, ...rest];
}

function setPath(target: Record<string, FormValue>, path: string[], value: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (rest[0] === '' && rest.length === 1) {
    const current = target[head];
    target[head] = Array.isArray(current) ? [...current, value] : [value];
    return;
  }
  const current = target[head];
  const child = current !== undefined && typeof current === 'object' && !Array.isArray(current) ? current : {};
  target[head] = child;
  setPath(child, rest, value);
}
