/** Block an account (the user had blocked it on the old platform and asked for --blocks). */
import { done } from '../outcomes.js';
import { accountExecutor } from './accountAction.js';

export const blockExecutor = accountExecutor('block', {
  write: (accounts, id, options) => accounts.block(id, options),
  applied: (rel, id) => (rel.blocking ? done(id) : null),
  answered: (_rel, id) => done(id),
});
