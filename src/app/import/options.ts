/**
 * Import options that the command line and batch manifests share: the post options (`--posts` and the
 * options that go with it) and durations (`--max-wait`), checked and turned into what the use case takes.
 * A mistake is a UsageError (exit 2) naming the option.
 */
import { UsageError } from '../../errors.js';
import { DEFAULT_KINDS, SELECT_KINDS } from '../../plan/posts/selectPosts.js';
import type { PostPlanOptions } from '../../plan/posts/planPosts.js';

export interface PostFlags {
  posts: boolean;
  since?: string;
  until?: string;
  kinds?: string;
  includePrivate: boolean;
  visibility: 'public' | 'unlisted' | 'private';
  mentions: 'link' | 'handle';
  footer?: string;
  backdate: 'auto' | 'never';
}

/** The post options, or null without --posts (then giving a post option is a mistake worth saying). */
export function postOptionsOf(flags: PostFlags): PostPlanOptions | null {
  if (!flags.posts) {
    const given = [
      flags.since !== undefined && '--since', flags.until !== undefined && '--until', flags.kinds !== undefined && '--kinds',
      flags.includePrivate && '--include-private', flags.footer !== undefined && '--footer',
    ].filter((x): x is string => typeof x === 'string');
    if (given.length > 0) {
      throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'works' : 'work'} only with --posts.`, { hint: 'Add --posts to bring your posts.' });
    }
    return null;
  }
  const since = flags.since === undefined ? null : isoDate('--since', flags.since);
  const until = flags.until === undefined ? null : isoDate('--until', flags.until);
  if (since !== null && until !== null && since >= until) {
    throw new UsageError(`--since ${flags.since} is not before --until ${flags.until}.`);
  }
  return {
    kinds: flags.kinds === undefined ? DEFAULT_KINDS : parseKinds(flags.kinds),
    since,
    until,
    includePrivate: flags.includePrivate,
    visibility: flags.visibility,
    mentions: flags.mentions,
    footer: flags.footer ?? null,
    backdate: flags.backdate,
  };
}

function parseKinds(list: string): Set<string> {
  const out = new Set<string>();
  for (const k of list.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!(SELECT_KINDS as readonly string[]).includes(k)) {
      throw new UsageError(`--kinds: "${k}" is not a kind of post.`, { hint: `Choose from ${SELECT_KINDS.join(', ')}.` });
    }
    out.add(k);
  }
  if (out.size === 0) throw new UsageError('--kinds names no kind of post.', { hint: `Choose from ${SELECT_KINDS.join(', ')}.` });
  return out;
}

/** `2020-01-01` or a full ISO 8601 time → ISO 8601 UTC. */
function isoDate(option: string, text: string): string {
  const t = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${option} "${text}" is not a date.`, { hint: 'Write it like 2020-01-31.' });
  return new Date(ms).toISOString();
}

/** `90`, `30s`, `10m`, `2h`, `1h30m`, `1d` → milliseconds (a bare number is seconds). UsageError otherwise. */
export function parseDuration(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    at = re.lastIndex;
  }
  if (t === '' || at !== t.length) {
    throw new UsageError(`--max-wait "${text}" is not a duration.`, { hint: 'Write it like 30s, 10m, 2h or 1h30m.' });
  }
  return Math.round(total);
}

