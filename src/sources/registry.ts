/**
 * Every platform module we can detect and parse. Detection runs them all and keeps the best-scoring one
 * (src/app/detect.ts); the order here only breaks ties.
 */
import type { SourceModule } from './types.js';
import { twitterSource } from './twitter/index.js';
import { facebookSource } from './facebook/index.js';
import { instagramSource } from './instagram/index.js';
import { youtubeSource } from './youtube/index.js';
import { linkedinSource } from './linkedin/index.js';
import { tiktokSource } from './tiktok/index.js';
import { mastodonSource } from './mastodon/index.js';

export const SOURCE_MODULES: readonly SourceModule[] = [
  twitterSource,
  facebookSource,
  instagramSource,
  youtubeSource,
  linkedinSource,
  tiktokSource,
  mastodonSource,
];
