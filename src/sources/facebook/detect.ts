/**
 * Is this a Facebook "Download Your Information" export, which generation, JSON or HTML?
 * Decided by basenames and folder names only Facebook writes (reference/formats.md section 2.1);
 * no fixed path, so a wrapper folder or a multi-part export changes nothing.
 */
import { basename } from '../../archive/find.js';
import type { ArchiveSet } from '../../archive/types.js';
import type { Detection } from '../types.js';
import { FACEBOOK_FOLDERS, FACEBOOK_ONLY_NAMES } from './files.js';

/** Newest first: when an export mixes generations (it happens mid-migration at Meta), the newest names it. */
const LAYOUTS = ['2023+', '2020-22', '2018-19'] as const;
export const FACEBOOK_HTML_LAYOUT = 'html';

export interface FacebookSigns {
  json: { sure: number; weak: number; layouts: Set<string> };
  html: { sure: number; example: string | null };
}

export function facebookSigns(archive: ArchiveSet): FacebookSigns {
  const signs: FacebookSigns = { json: { sure: 0, weak: 0, layouts: new Set() }, html: { sure: 0, example: null } };
  for (const entry of archive.entries) {
    const path = '/' + entry.path.toLowerCase();
    const base = basename(path);
    const ext = base.endsWith('.json') ? 'json' : base.endsWith('.html') ? 'html' : null;
    if (ext === null) continue;
    const folder = FACEBOOK_FOLDERS.find((f) => path.includes(`/${f.folder}/`));
    const onlyName = FACEBOOK_ONLY_NAMES.test(base);
    // 2023+: connections/friends/ and connections/followers/ (Instagram uses connections/followers_and_following/).
    const connections = /\/connections\/(?:friends|followers)\/[^/]+$/.test(path);
    const sure = folder !== undefined || onlyName || connections;
    const weak = !sure && /\/(?:friends\/friends|posts\/(?:your|profile)_posts(?:_\d+)?)\.(?:json|html)$/.test(path);
    if (ext === 'html') {
      if (sure) {
        signs.html.sure += 1;
        signs.html.example ??= entry.path;
      }
      continue;
    }
    if (sure) signs.json.sure += 1;
    if (weak) signs.json.weak += 1;
    const layout = folder?.layout ?? layoutOfName(base, connections);
    if (layout && (sure || weak)) signs.json.layouts.add(layout);
  }
  return signs;
}

function layoutOfName(base: string, connections: boolean): string | null {
  if (connections || /^(?:your_friends|who_you|people_who_followed_you|your_posts__check_ins)/.test(base)) return '2023+';
  if (/^your_posts_\d+\.json$/.test(base)) return '2020-22';
  if (base === 'your_posts.json' || base === 'friends.json') return '2018-19';
  return null;
}

export async function detectFacebook(archive: ArchiveSet): Promise<Detection | null> {
  const signs = facebookSigns(archive);
  const { json, html } = signs;
  if (json.sure + json.weak > 0) {
    const layout = LAYOUTS.find((l) => json.layouts.has(l)) ?? null;
    return { platform: 'facebook', layout, score: json.sure > 0 ? 1 : 0.6 };
  }
  if (html.sure > 0) return { platform: 'facebook', layout: FACEBOOK_HTML_LAYOUT, score: 1 };
  return null;
}
