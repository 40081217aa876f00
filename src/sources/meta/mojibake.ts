/**
 * Repair of Meta's mojibake (reference/formats.md section 2.3): Facebook, Instagram, Threads and Messenger
 * JSON write every non-ASCII string as its UTF-8 bytes taken one by one as Latin-1 code points and escaped
 * as `\u00XX`, so "Hoàng" arrives as "HoÃ\u00a0ng" and 🙂 as four code points "ð\u009f\u0099\u0082".
 * The repair is to read the code points back as bytes and decode them as UTF-8. Keys are affected too
 * (group names used as object keys).
 *
 * Text that is already correct must survive: a string is only re-decoded when every code point fits in a
 * byte (anything above U+00FF proves it is real Unicode) and the bytes form valid UTF-8 (correct Latin-1
 * text such as "café" does not: 0xE9 followed by ASCII is an invalid sequence).
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Only strings with a code point in U+0080..U+00FF can be mojibake; everything else is returned as is.
const HIGH_LATIN1 = /[\u0080-\u00ff]/;
const ABOVE_LATIN1 = /[^\u0000-\u00ff]/;

export function repairMojibake(text: string): string {
  if (!HIGH_LATIN1.test(text) || ABOVE_LATIN1.test(text)) return text;
  try {
    return strictUtf8.decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/**
 * Repairs every string and every object key of a freshly parsed JSON value, in place (the value is the
 * caller's own, straight from JSON.parse), and returns it. Iterative on an explicit stack, so hostile
 * nesting depth cannot overflow the call stack; objects are only rebuilt when one of their keys needs it.
 */
export function repairDeep(value: unknown): unknown {
  if (typeof value === 'string') return repairMojibake(value);
  if (value === null || typeof value !== 'object') return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const item: unknown = node[i];
        if (typeof item === 'string') node[i] = repairMojibake(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    let keysNeedRepair = false;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') setOwn(record, key, repairMojibake(item));
      else if (item !== null && typeof item === 'object') stack.push(item);
      if (!keysNeedRepair && HIGH_LATIN1.test(key)) keysNeedRepair = repairMojibake(key) !== key;
    }
    if (keysNeedRepair) {
      // Rebuilt in the original order: delete every key, then add them back repaired.
      const entries = Object.entries(record);
      for (const [key] of entries) delete record[key];
      for (const [key, item] of entries) setOwn(record, repairMojibake(key), item);
    }
  }
  return value;
}

/** An own data property, also for the key "__proto__" (a plain assignment would change the prototype). */
function setOwn(record: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value: item, writable: true, enumerable: true, configurable: true });
  else record[key] = item;
}
