/**
 * A report input as a real run produces it, for the browser test: three platforms, hundreds of contacts,
 * long handles (30-character user names, long host names with hyphens and several dots), every kind of
 * evidence (a back-link to someone else included), failures with long server messages, pending follows,
 * several candidates, unreachable servers, and enough of each to fold some sections and not others.
 *
 * The actions are built here, not by the planner, so that the report is tested on its own.
 */
import type { ContactRef, Evidence, Match } from '../../src/model/match.js';
import type { Contact, Platform } from '../../src/model/types.js';
import type { Reason } from '../../src/plan/reasons.js';
import type { BuildReportInput } from '../../src/report/buildReport.js';
import { contact, model } from '../plan/builders.js';

const HOSTS = [
  'mastodon.social', 'hachyderm.io', 'climatejusticeandaction.example', 'social.an-unusually-long-host.example',
  'toot.community', 'fediverse.kommune-musterstadt.example', 'mstdn.science.example', 'pixelfed.social',
];

/** Up to 30 characters, Mastodon's limit for a user name. */
function userName(i: number, platform: Platform): string {
  const base = i % 7 === 0 ? 'thequickbrownfoxjumpsoverthelazydog' : i % 5 === 0 ? 'marie_curie_fan_club_official' : 'user';
  return `${base}${i}`.slice(i % 7 === 0 || i % 5 === 0 ? -30 : 0).slice(0, platform === 'twitter' ? 15 : 30);
}

interface LooseState {
  action: { key: string; type: string; handle: string; list: string | null; contact: ContactRef | null; confidence: string | null };
  status: 'planned' | 'sent' | 'done' | 'pending' | 'failed' | 'skipped';
  reason: Reason | null;
}

export function realisticInput(): BuildReportInput {
  const contacts: Contact[] = [];
  const matches: Match[] = [];
  const states: LooseState[] = [];
  const platforms: Platform[] = ['twitter', 'instagram', 'linkedin'];
  for (let i = 0; i < 420; i++) {
    const platform = platforms[i % 3] as Platform;
    const username = platform === 'linkedin' ? null : userName(i, platform);
    const c = contact(platform, username ?? `li-${i}`, [platform === 'linkedin' ? 'friend' : 'following'], {
      username,
      displayName: i % 11 === 0 ? `Dr. Maria-Josefina Fernández de la Cruz y Santisteban ${i}` : `Person ${i}`,
      id: platform === 'linkedin' ? null : String(1_000_000 + i),
    });
    contacts.push(c);
    const ref: ContactRef = { platform, id: c.id, username: c.username, displayName: c.displayName };
    const host = HOSTS[i % HOSTS.length] as string;
    const handle = `${username ?? `person${i}`}@${host}`;
    const kind = i % 10;
    if (kind < 5) {
      const confidence = (['verified', 'high', 'medium', 'low', 'verified'] as const)[kind] ?? 'low';
      const evidence: Evidence[] = [
        { finder: 'explicit', verifier: null, detail: `display name says @${handle} and the bio links https://${host}/@${username ?? 'x'}?utm_source=a-very-long-tracking-parameter-value` },
        kind === 3
          ? { finder: 'guess', verifier: 'backlink', detail: `links to a different account: profile field links https://twitter.com/someone_else_${i} (twitter account someone_else_${i}; the contact is @${username ?? ''})` }
          : { finder: 'explicit', verifier: 'backlink', detail: `profile field "Twitter" links https://twitter.com/${username ?? ''}` },
      ];
      matches.push({
        contact: ref, status: 'found', handle, actor: `https://${host}/users/${username ?? i}`, confidence, evidence,
        movedFrom: i % 13 === 0 ? `${username ?? 'x'}@old-server.example` : null, locked: i % 9 === 0, error: null,
      });
      if (confidence === 'verified' || confidence === 'high') {
        const status = i % 17 === 0 ? 'failed' : i % 9 === 0 ? 'pending' : i % 23 === 0 ? 'skipped' : 'done';
        const reason = status === 'failed'
          ? { code: 'refused' as const, detail: `422: Validation failed: ${'this account cannot be followed because the server says so; '.repeat(3)}` }
          : status === 'pending' ? { code: 'follow_pending' as const } : status === 'skipped' ? { code: 'already_following' as const } : null;
        states.push({ action: { key: `follow:${handle}`, type: 'follow', handle, list: null, contact: ref, confidence }, status, reason });
        states.push({
          action: { key: `list_add:From ${platform}:${handle}`, type: 'list_add', handle, list: `From ${platform}`, contact: ref, confidence },
          status: status === 'done' ? 'done' : 'planned', reason: status === 'done' ? null : { code: 'list_waits_for_follow' },
        });
      }
    } else if (kind === 5) {
      matches.push({ contact: ref, status: 'ambiguous', handle: null, actor: null, confidence: 'medium', evidence: [], movedFrom: null, locked: false, candidates: [handle, `${username ?? 'p'}@${HOSTS[(i + 3) % HOSTS.length]}`], error: '2 different accounts at medium' });
    } else if (kind === 6) {
      matches.push({ contact: ref, status: 'error', handle: null, actor: null, confidence: null, evidence: [], movedFrom: null, locked: false, error: `${handle}: could not connect to ${host} (ECONNREFUSED after 3 attempts over 30 seconds; the server may be down)` });
    } else if (kind === 7) {
      matches.push({ contact: ref, status: 'gone', handle: null, actor: null, confidence: null, evidence: [], movedFrom: null, locked: false, error: `${handle} is gone` });
    } else {
      matches.push({ contact: ref, status: 'not_found', handle: null, actor: null, confidence: null, evidence: [], movedFrom: null, locked: false, error: null });
    }
  }
  const excluded = matches
    .filter((m) => m.status === 'found' && (m.confidence === 'medium' || m.confidence === 'low'))
    .map((m) => ({ contact: m.contact, handle: m.handle, confidence: m.confidence, reason: { code: 'below_min_confidence' as const } }));
  const plan = { actions: [], excluded, postsExcluded: [], notes: [] };
  return {
    model: model(contacts),
    matches,
    plan: plan as unknown as BuildReportInput['plan'],
    states: states as unknown as BuildReportInput['states'],
    destination: 'thequickbrownfoxjumpsoverthela@social.an-unusually-long-host.example',
    estimate: { seconds: 5400, limitedBy: 'follows/24h' },
    generatedAt: '2026-12-05T03:18:30.351Z',
  };
}
