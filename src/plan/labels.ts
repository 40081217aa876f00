/** Human names of the platforms, for list titles ("From Twitter") and reports. */
import type { Platform } from '../model/types.js';

const PLATFORM_LABELS: Record<Platform, string> = {
  twitter: 'Twitter',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  tiktok: 'TikTok',
  reddit: 'Reddit',
  tumblr: 'Tumblr',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
};

export function platformLabel(platform: Platform): string {
  return PLATFORM_LABELS[platform] ?? platform;
}

/** The default list per source platform: "From Twitter". */
export function defaultListName(platform: Platform): string {
  return `From ${platformLabel(platform)}`;
}
