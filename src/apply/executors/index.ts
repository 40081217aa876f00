/**
 * The executors, one per action type. A new action type is one file beside this one and one line here;
 * the type checker insists that every type in ACTION_TYPES has its executor.
 */
import type { ActionOf, ActionType } from '../../plan/types.js';
import type { Executor } from '../types.js';
import { blockExecutor } from './block.js';
import { followExecutor } from './follow.js';
import { listAddExecutor } from './listAdd.js';
import { mediaExecutor } from './media.js';
import { muteExecutor } from './mute.js';
import { postExecutor } from './post.js';
import { videoExecutor } from './video.js';

export const EXECUTORS: { [T in ActionType]: Executor<ActionOf<T>> } = {
  follow: followExecutor,
  block: blockExecutor,
  mute: muteExecutor,
  list_add: listAddExecutor,
  media: mediaExecutor,
  post: postExecutor,
  video: videoExecutor,
};
