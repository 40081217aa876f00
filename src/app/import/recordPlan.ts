/**
 * Records the plan in the journal before the first action is sent: every action the journal does not
 * know yet (or knows in another state than the plan, such as an earlier `skipped` that is now planned)
 * gets one event, all in one write and one fsync. `status` then counts from the same state the next
 * `import` acts on (issue 9, item 4), also after an interruption or a rate-limit stop.
 */
import type { Journal } from '../../journal/journal.js';
import { actionTarget, type Plan } from '../../plan/index.js';

export async function recordPlan(journal: Journal, plan: Plan): Promise<void> {
  const known = journal.state();
  const events = [];
  for (const item of plan.actions) {
    const last = known.get(item.action.key);
    if (last !== undefined && last.status === item.status) continue;
    events.push({
      key: item.action.key,
      type: item.action.type,
      target: actionTarget(item.action),
      status: item.status,
      reason: item.reason?.code ?? null,
      ...(item.reason?.detail ? { detail: item.reason.detail } : {}),
      ...(last === undefined ? { action: item.action } : {}),
    });
  }
  await journal.appendAll(events);
}
