/** Mute an account (the user had muted it on the old platform and asked for --mutes). */
import type { ModerationPort } from '../../destinations/types.js';
import { done } from '../outcomes.js';
import { accountExecutor } from './accountAction.js';

export const muteExecutor = accountExecutor('mute', {
  has: (d) => d.moderation !== undefined,
  write: (d, id, options) => (d.moderation as ModerationPort).mute(id, options),
  applied: (rel, id) => (rel.muting ? done(id) : null),
  answered: (_rel, id) => done(id),
});
