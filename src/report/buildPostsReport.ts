/** The posts part of the report (pure): what is carried over, what is left out and why, a preview. */
import type { Model } from '../model/types.js';
import type { ActionState, MediaAction, Plan, PostAction } from '../plan/types.js';
import type { ReportPostPart, ReportPosts } from './types.js';

/** How many statuses the preview shows. */
const PREVIEW = 20;

export function buildPostsReport(model: Model, plan: Plan, states: ActionState[]): ReportPosts {
  const byKey = new Map(states.map((s) => [s.action.key, s]));
  const kindOf = new Map(model.posts.map((p) => [`${p.platform}:${p.id}`, p.kind]));
  const byKind: Record<string, number> = {};
  const sources = new Set<string>();
  let statuses = 0;
  let media = 0;
  for (const s of states) {
    if (s.action.type === 'media') media += 1;
    if (s.action.type !== 'post') continue;
    statuses += 1;
    const source = `${s.action.source.platform}:${s.action.source.id}`;
    if (sources.has(source)) continue;
    sources.add(source);
    const kind = kindOf.get(source) ?? 'post';
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const excluded: Record<string, number> = {};
  for (const e of plan.postsExcluded) excluded[e.reason.code] = (excluded[e.reason.code] ?? 0) + 1;
  const preview: ReportPostPart[] = [];
  for (const s of states) {
    if (s.action.type !== 'post' || preview.length >= PREVIEW) continue;
    const a: PostAction = s.action;
    preview.push({
      key: a.key, source: a.source, part: a.part, parts: a.parts, text: a.text, spoilerText: a.spoilerText,
      visibility: a.visibility, replyTo: a.replyTo, backdateTo: a.backdateTo, status: s.status, reason: s.reason?.code ?? null,
      media: a.media.map((k) => {
        const m = byKey.get(k);
        const action = m?.action as MediaAction | undefined;
        return {
          path: action?.path ?? null, type: action?.mediaType ?? 'other', alt: action?.alt ?? null,
          status: m?.status ?? 'planned', reason: m?.reason?.code ?? null,
        };
      }),
    });
  }
  return { byKind, statuses, media, excluded, preview };
}
