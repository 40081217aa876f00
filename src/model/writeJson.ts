/**
 * Writes a Model as JSON one record at a time, so that a 150,000-post export never becomes one giant
 * string in memory. The output is the same document JSON.stringify(model, null, 2) would give, up to
 * whitespace inside records.
 */
import type { Writable } from 'node:stream';
import type { Model } from './types.js';

export async function writeModelJson(model: Model, out: Writable | NodeJS.WritableStream): Promise<void> {
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      const ok = out.write(chunk, (err?: Error | null) => (err ? reject(err) : undefined));
      if (ok) resolve();
      else out.once('drain', resolve);
    });
  await write(`{\n  "version": ${model.version},\n  "sources": ${JSON.stringify(model.sources)},\n`);
  await write(`  "account": ${JSON.stringify(model.account)},\n  "contacts": [`);
  await writeArray(model.contacts, write);
  await write(`],\n  "posts": [`);
  await writeArray(model.posts, write);
  await write(']\n}\n');
}

async function writeArray(items: readonly unknown[], write: (s: string) => Promise<void>): Promise<void> {
  const BATCH = 256;
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH).map((item) => '\n    ' + JSON.stringify(item)).join(',');
    await write((i > 0 ? ',' : '') + chunk);
  }
  if (items.length > 0) await write('\n  ');
}
