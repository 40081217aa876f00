/**
 * A report input with posts, planned by the real planner (src/plan/planActions.ts) against Mastodon's
 * limits or GoToSocial's: a long post with long URLs that becomes a 4-part thread, a self-reply to it, a
 * Japanese post, a post with two pictures whose alt text is long and a third the export lacks, a content
 * warning, hostile text (`<script>`, `</details>`) in a post and in an alt text, and posts left out (a
 * reply to someone else, a repost, a followers-only post, a direct message).
 */
import type { DestinationProfile } from '../../src/destinations/profile.js';
import type { Match } from '../../src/model/match.js';
import type { Model, Post } from '../../src/model/types.js';
import { estimatePlan } from '../../src/plan/estimate.js';
import type { BuildReportInput } from '../../src/report/buildReport.js';
import { contact, match, model, options } from '../plan/builders.js';
import { MASTODON, image, post, postOptions } from '../plan/posts/builders.js';
import { planFor, statesOf } from './planFor.js';

export const HOSTILE_POST = 'Look: <script>alert(1)</script> and </details><details open><summary>x</summary> <img src=x onerror=alert(2)>';
export const HOSTILE_ALT = '</li></ul><script>alert(3)</script>';

const LONG_URL = 'https://example.org/a/very/long/path/that/goes/on/and/on/without/any/break/at/all/'
  + 'x'.repeat(140) + '?utm_source=leave-platform&utm_medium=a-really-long-tracking-parameter-value';

/** About 1,600 characters with URLs counted as 23 each: four parts of at most 500 on Mastodon. */
const LONG_TEXT = [
  `Why I am leaving, a long story. ${LONG_URL}`,
  'First, the timeline stopped being about the people I follow. '.repeat(5).trim(),
  `Second, the links: ${LONG_URL} and ${LONG_URL.replace('example.org', 'example.net')} are both gone now. `.repeat(2).trim(),
  'Third, the moderation, which I will not go into here, except to say that it matters to me a lot. '.repeat(5).trim(),
  'Finally: see you on the fediverse, where I hope to find most of you again soon. '.repeat(3).trim(),
].join('\n\n');

const CJK = '長い間ありがとうございました。新しいサーバーに引っ越します。フォローしてくださった皆さん、本当に感謝しています。'.repeat(3);

const ALT = 'A long description of the picture for people who cannot see it: a mountain lake at dawn, mist over the water, '
  + 'two wooden boats tied to a jetty, pine trees on the far shore and snow on the peaks behind them, the sky turning pink.';

export function posts(): Post[] {
  return [
    post('1001', { createdAt: '2020-01-02T03:04:05.000Z', text: LONG_TEXT, links: [LONG_URL] }),
    post('1002', { createdAt: '2020-01-02T04:00:00.000Z', kind: 'reply', inReplyToId: '1001', inReplyToUser: 'me', text: 'And one more thing, @jack: thank you.', mentions: [{ username: 'jack', id: '12' }] }),
    post('1003', { createdAt: '2020-02-01T10:00:00.000Z', text: CJK, language: 'ja' }),
    post('1004', {
      createdAt: '2020-03-01T10:00:00.000Z', text: 'Holiday pictures',
      media: [image(1, { alt: ALT }), image(2, { alt: HOSTILE_ALT }), image(3, { path: null, archive: null })],
    }),
    post('1005', { createdAt: '2020-04-01T10:00:00.000Z', text: 'Spoilers for the last episode follow.', contentWarning: 'TV spoilers', sensitive: true }),
    post('1006', { createdAt: '2020-05-01T10:00:00.000Z', text: HOSTILE_POST }),
    post('1007', { createdAt: '2020-06-01T10:00:00.000Z', kind: 'reply', inReplyToId: '77', inReplyToUser: 'other', text: 'to someone else' }),
    post('1008', { createdAt: '2020-06-02T10:00:00.000Z', kind: 'repost', repostOfUrl: 'https://twitter.com/other/status/5', text: '' }),
    post('1009', { createdAt: '2020-06-03T10:00:00.000Z', visibility: 'private', text: 'for my followers' }),
    post('1010', { createdAt: '2020-06-04T10:00:00.000Z', visibility: 'direct', text: 'a direct message' }),
  ];
}

export function postsInput(profile: DestinationProfile = MASTODON, extra: Partial<Model> = {}): BuildReportInput {
  const jack = contact('twitter', 'jack', ['following']);
  const m: Model = { ...model([jack]), account: { platform: 'twitter', id: '1', username: 'me', displayName: 'Me' }, posts: posts(), ...extra };
  const matches: Match[] = [match(jack, 'jack@example.social', 'verified')];
  const plan = planFor({ model: m, matches, options: options(), posts: postOptions(), profile });
  return {
    model: m, matches, plan, states: statesOf(plan), destination: 'me@example.social', estimate: estimatePlan(plan, profile), profile,
    postsAsked: true, generatedAt: '2024-05-01T10:00:00.000Z',
  };
}
