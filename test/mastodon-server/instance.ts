/**
 * What the server says about itself: `/api/v2/instance` (entities/Instance), the `/api/v1/instance` fallback
 * (entities/V1Instance) and NodeInfo 2.0 (`/.well-known/nodeinfo` links to the document,
 * nodeinfo.diaspora.software/protocol). Limits come from the options, so a client reads the same numbers the
 * server enforces. snac has no v2 and says it is Mastodon 4.0.0 in v1 (../shared/reference/destinations.md).
 */
import type { ServerFlavor } from './types.js';

export interface InstanceFacts {
  flavor: ServerFlavor;
  domain: string;
  publicUrl: string;
  software: string;
  version: string;
  maxCharacters: number;
  charactersReservedPerUrl: number;
  maxMedia: number;
  supportedMimeTypes: string[];
  imageMaxBytes: number;
  videoMaxBytes: number;
  imageMatrixLimit: number;
  userCount: number;
  statusCount: number;
}

function configuration(f: InstanceFacts) {
  return {
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: { max_characters: f.maxCharacters, max_media_attachments: f.maxMedia, characters_reserved_per_url: f.charactersReservedPerUrl },
    media_attachments: {
      supported_mime_types: f.supportedMimeTypes, image_size_limit: f.imageMaxBytes, image_matrix_limit: f.imageMatrixLimit,
      video_size_limit: f.videoMaxBytes, video_frame_rate_limit: 120, video_matrix_limit: 8_294_400, description_limit: 1500,
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
  };
}

/** The Mastodon-compatible version string a flavor puts in the instance answers. */
function apiVersion(f: InstanceFacts): string {
  // GoToSocial answers its own version unless instance-inject-mastodon-version is set (then "3.5.3+0.18.0").
  if (f.flavor === 'snac') return `4.0.0 (not true; really snac/${f.version})`;
  return f.version;
}

export function instanceV2(f: InstanceFacts): Record<string, unknown> {
  return {
    domain: f.domain, title: 'Test', version: apiVersion(f), source_url: 'https://github.com/mastodon/mastodon',
    description: 'A local test server', usage: { users: { active_month: f.userCount } },
    thumbnail: { url: `${f.publicUrl}/packs/media/images/preview.png` }, icon: [], languages: ['en'],
    configuration: { urls: { streaming: null, status: null }, ...configuration(f), translation: { enabled: false } },
    registrations: { enabled: false, approval_required: false, message: null },
    api_versions: { mastodon: 2 }, contact: { email: `admin@${f.domain}`, account: null }, rules: [],
  };
}

export function instanceV1(f: InstanceFacts): Record<string, unknown> {
  return {
    uri: f.domain, title: 'Test', short_description: 'A local test server', description: 'A local test server',
    email: `admin@${f.domain}`, version: apiVersion(f), urls: { streaming_api: `ws://${f.domain}` },
    stats: { user_count: f.userCount, status_count: f.statusCount, domain_count: 1 }, thumbnail: null, languages: ['en'],
    registrations: false, approval_required: false, invites_enabled: false, configuration: configuration(f),
    contact_account: null, rules: [],
  };
}

export function nodeinfoLinks(f: InstanceFacts): Record<string, unknown> {
  return { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${f.publicUrl}/nodeinfo/2.0` }] };
}

export function nodeinfo(f: InstanceFacts): Record<string, unknown> {
  return {
    version: '2.0', software: { name: f.software, version: f.version }, protocols: ['activitypub'],
    services: { inbound: [], outbound: [] }, openRegistrations: false,
    usage: { users: { total: f.userCount, activeMonth: f.userCount }, localPosts: f.statusCount }, metadata: {},
  };
}
