/** Report inputs from the real planner, so the report tests follow the shapes a real run produces. */
import { DEFAULT_PROFILE } from '../../src/destinations/profile.js';
import { planActions, type PlanInput } from '../../src/plan/planActions.js';
import type { ActionState, Plan } from '../../src/plan/types.js';
import { emptyExisting } from '../plan/builders.js';

/** `planActions` with the defaults of a dry run without posts: Mastodon's profile, nothing journaled yet. */
export function planFor(input: Pick<PlanInput, 'model' | 'matches' | 'options'> & Partial<PlanInput>): Plan {
  return planActions({
    posts: null, existing: emptyExisting(), profile: DEFAULT_PROFILE, mediaSize: () => 1000, journal: new Map(), ...input,
  });
}

/** The plan's items as the states a dry-run report shows. */
export function statesOf(plan: Plan): ActionState[] {
  return plan.actions.map((a) => ({ action: a.action, status: a.status, reason: a.reason }));
}
