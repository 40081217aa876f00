/**
 * Twitter/X data archives ("Download an archive of your data"), every generation since 2018:
 * see detect.ts for the layouts and parse.ts for what is read.
 */
import type { SourceModule } from '../types.js';
import { detectTwitter } from './detect.js';
import { parseTwitterArchive } from './parse.js';

export const twitterSource: SourceModule = {
  platform: 'twitter',
  description: 'Twitter/X archive (.zip from "Download an archive of your data", 2018 or later)',
  detect: detectTwitter,
  parse: parseTwitterArchive,
};
