/** Mute an account (the user had muted it on the old platform and asked for --mutes). */
import { done } from '../outcomes.js';
import { accountExecutor } from './accountAction.js';

export const muteExecutor = accountExecutor('mute', {
  write: (accounts, id, options) => accounts.mute(id, options),
  applied: (rel, id) => (rel.muting ? done(id) : null),
  answered: (_rel, id) => done(id),
});
