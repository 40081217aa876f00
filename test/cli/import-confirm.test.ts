/**
 * The question `import` asks on a terminal before anything is sent (issue 9, item 5): who will be
 * followed, the first ones by handle and a count of the rest, not only "Send 2 action(s)" as before
 * the reshape (8200547^, whose question named no one).
 */
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../src/app/runImport.js';
import { confirmText } from '../../src/cli/render/importSummary.js';
import type { ActionState, ActionType } from '../../src/plan/types.js';

function follow(handle: string, type: 'follow' | 'block' = 'follow'): ActionState {
  return { action: { type, key: `${type}:${handle}`, handle, contact: null, confidence: 'high' }, status: 'planned', reason: null };
}

function preview(states: ActionState[], shown = 10): ImportPreview {
  const byType: Partial<Record<ActionType, number>> = {};
  for (const s of states) byType[s.action.type] = (byType[s.action.type] ?? 0) + 1;
  return {
    destination: 'me@home.test', toSend: states.length, byType, first: states.slice(0, shown),
    estimate: { seconds: 12, limitedBy: 'none', limit: null, requests: states.length * 2 },
  };
}

describe('confirmText', () => {
  it('names everyone to be followed when they are few', () => {
    const text = confirmText(preview([follow('ada@far.test'), follow('dee@far.test')]));
    expect(text).toMatch(/^Send 2 follows from @me@home\.test\?/);
    expect(text).toContain('Follow @ada@far.test, @dee@far.test.');
    expect(text).not.toMatch(/more/);
    expect(text).toMatch(/Estimated time: /);
  });

  it('names the first ones and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => follow(`user${i}@far.test`));
    const text = confirmText(preview(many));
    expect(text).toMatch(/^Send 25 follows from @me@home\.test\?/);
    expect(text).toContain('Follow @user0@far.test, @user1@far.test,');
    expect(text).toContain('@user9@far.test and 15 more.');
    expect(text).not.toContain('@user10@far.test');
  });

  it('counts every kind, and names only the follows', () => {
    const text = confirmText(preview([follow('ada@far.test'), follow('spam@bad.test', 'block')]));
    expect(text).toMatch(/^Send 1 follow, 1 block from @me@home\.test\?/);
    expect(text).toContain('Follow @ada@far.test.');
    expect(text).not.toContain('spam@bad.test');
  });
});
