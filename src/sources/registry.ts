/**
 * Every platform module we can detect and parse. Detection runs them all and keeps the best-scoring one
 * (src/app/detect.ts); the order here only breaks ties.
 */
import type { SourceModule } from './types.js';
import { twitterSource } from './twitter/index.js';

export const SOURCE_MODULES: readonly SourceModule[] = [
  twitterSource,
];
