/** Block an account (the user had blocked it on the old platform and asked for --blocks). */
import type { ModerationPort } from '../../destinations/types.js';
import { done } from '../outcomes.js';
import { accountExecutor } from './accountAction.js';

export const blockExecutor = accountExecutor('block', {
  has: (d) => d.moderation !== undefined,
  write: (d, id, options) => (d.moderation as ModerationPort).block(id, options),
  applied: (rel, id) => (rel.blocking ? done(id) : null),
  answered: (_rel, id) => done(id),
});
