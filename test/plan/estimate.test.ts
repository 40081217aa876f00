import { describe, expect, it } from 'vitest';
import { estimatePlan } from '../../src/plan/estimate.js';
import type { Action, Plan, PlanItem } from '../../src/plan/types.js';

function item(type: Action['type'], i: number, status: PlanItem['status'] = 'planned', list: string | null = null): PlanItem {
  return { action: { key: `${type}:${i}`, type, target: `u${i}@example.social`, list, contact: null, confidence: null }, status, reason: null, after: null };
}
const planOf = (actions: PlanItem[]): Plan => ({ actions, excluded: [], notes: [] });
const many = (n: number, f: (i: number) => PlanItem) => Array.from({ length: n }, (_, i) => f(i));

describe('estimatePlan', () => {
  it('an empty plan takes no time', () => {
    expect(estimatePlan(planOf([]))).toEqual({ seconds: 0, limitedBy: 'none', requests: 0 });
  });

  it('a small plan is bounded by round trips only', () => {
    const e = estimatePlan(planOf(many(10, (i) => item('follow', i))));
    expect(e).toEqual({ seconds: 10, limitedBy: 'none', requests: 20 });
  });

  it('counts two requests per follow, so 300 follows wait for the 5-minute window', () => {
    const e = estimatePlan(planOf(many(300, (i) => item('follow', i))), { secondsPerRequest: 0 });
    expect(e).toEqual({ seconds: 300, limitedBy: 'requests/5min', requests: 600 });
  });

  it('1,000 follows take more than two days: the 400 follows/24 h ceiling', () => {
    const e = estimatePlan(planOf(many(1000, (i) => item('follow', i))), { secondsPerRequest: 0 });
    expect(e.limitedBy).toBe('follows/24h');
    expect(e.seconds).toBe(2 * 24 * 3600);
  });

  it('statuses and media have their own windows; done and skipped actions cost nothing', () => {
    const posts = estimatePlan(planOf(many(301, (i) => item('post', i))), { secondsPerRequest: 0, requestsPer5min: 10_000 });
    expect(posts).toMatchObject({ seconds: 3 * 3600, limitedBy: 'statuses/3h' });
    const media = estimatePlan(planOf(many(31, (i) => item('media', i))), { secondsPerRequest: 0 });
    expect(media).toMatchObject({ seconds: 1800, limitedBy: 'media/30min' });
    const finished = estimatePlan(planOf([item('follow', 1, 'done'), item('follow', 2, 'skipped'), item('follow', 3, 'pending')]));
    expect(finished.requests).toBe(0);
  });

  it('counts a check per sent action, one write per list addition and each list once', () => {
    const e = estimatePlan(planOf([item('follow', 1, 'sent'), item('list_add', 2, 'planned', 'From Twitter'), item('list_add', 3, 'planned', 'From Twitter')]));
    expect(e.requests).toBe(1 + 2 + 1);
  });
});
