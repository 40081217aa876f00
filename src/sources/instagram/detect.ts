/**
 * Is this an Instagram export (Accounts Center, JSON), which generation, JSON or HTML?
 * Decided by folder names and basenames only Instagram writes; Facebook's 2023+ export also has a
 * `connections/` folder but with `friends/` and `followers/` below it, never `followers_and_following/`.
 */
import { basename } from '../../archive/find.js';
import type { ArchiveSet } from '../../archive/types.js';
import type { Detection } from '../types.js';
import { INSTAGRAM_FOLDERS } from './files.js';

const LAYOUTS = ['2024+', '2021-23', '2021+', '2018-20'] as const;
export const INSTAGRAM_HTML_LAYOUT = 'html';

export interface InstagramSigns {
  json: { sure: number; weak: number; layouts: Set<string> };
  html: { sure: number; example: string | null };
  threads: boolean;
}

export function instagramSigns(archive: ArchiveSet): InstagramSigns {
  const signs: InstagramSigns = {
    json: { sure: 0, weak: 0, layouts: new Set() }, html: { sure: 0, example: null }, threads: false,
  };
  const bases = new Set(archive.entries.map((e) => basename(e.path).toLowerCase()));
  // 2018-20: connections.json and media.json side by side (either alone is too generic a name).
  const oldPair = bases.has('connections.json') && (bases.has('media.json') || bases.has('profile.json'));
  for (const entry of archive.entries) {
    const path = '/' + entry.path.toLowerCase();
    const base = basename(path);
    const ext = base.endsWith('.json') ? 'json' : base.endsWith('.html') ? 'html' : null;
    if (ext === null) continue;
    const folder = INSTAGRAM_FOLDERS.find((f) => path.includes(`/${f.folder}/`));
    const threads = /\/threads\/threads_and_replies(?:_\d+)?\.(?:json|html)$/.test(path);
    const content = /\/content\/posts_\d+\.(?:json|html)$/.test(path);
    const sure = folder !== undefined || threads || content;
    if (ext === 'html') {
      if (sure) {
        signs.html.sure += 1;
        signs.html.example ??= entry.path;
      }
      continue;
    }
    if (threads || path.includes('/your_instagram_activity/threads/')) signs.threads = true;
    if (sure) {
      signs.json.sure += 1;
      signs.json.layouts.add(content && !folder ? '2021-23' : folder?.layout ?? '2024+');
    } else if (oldPair && (base === 'connections.json' || base === 'media.json')) {
      signs.json.weak += 1;
      signs.json.layouts.add('2018-20');
    }
  }
  return signs;
}

export async function detectInstagram(archive: ArchiveSet): Promise<Detection | null> {
  const { json, html } = instagramSigns(archive);
  if (json.sure + json.weak > 0) {
    const layout = LAYOUTS.find((l) => json.layouts.has(l)) ?? null;
    return { platform: 'instagram', layout, score: json.sure > 0 ? 1 : 0.8 };
  }
  if (html.sure > 0) return { platform: 'instagram', layout: INSTAGRAM_HTML_LAYOUT, score: 1 };
  return null;
}
