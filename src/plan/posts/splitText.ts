/**
 * A text longer than the server's limit becomes several statuses (a self-thread). Parts are cut at the best
 * boundary that keeps them reasonably full: a paragraph, then a line, then a sentence, then a word
 * (Intl.Segmenter's sentence and word boundaries, UAX #29, which also find word boundaries in CJK text
 * without spaces). A cut never falls inside a URL, a mention, a hashtag or a grapheme cluster (an emoji
 * ZWJ sequence, a flag, a skin tone, a letter with its accents). A single word longer than a part is cut at
 * grapheme boundaries; a URL the server shortens counts as `urlLength` wherever it is, so it always fits.
 *
 * Each part is counted as the server counts it (countCharacters), with its marker: " (2/3)" is appended to
 * every part when there are several (on by default, so readers see that a thread follows).
 */
import { InternalError } from '../../errors.js';
import { countCharacters } from './countCharacters.js';
import { findEntities } from './entities.js';
import { graphemeBoundaries } from './graphemes.js';

export interface SplitLimits {
  maxCharacters: number;
  urlLength: number;
}

export interface SplitOptions {
  /** Characters every part must leave free (a content warning, which counts toward the limit). */
  reserve?: number;
  /** Characters the last part must leave free (the footer and its separator). */
  reserveLast?: number;
  /** Add " (k/n)" to each part when there are several. Default true. */
  markers?: boolean;
  /**
   * The marker total is at least this many parts: a post whose media continue in parts of their own
   * (Instagram's 20-picture carousels) numbers its text parts out of the whole thread.
   */
  minParts?: number;
}

/** The marker of part `k` of `n`: " (2/3)". */
export function partMarker(k: number, n: number): string {
  return ` (${k}/${n})`;
}

/** Longest marker for `digits`-digit part numbers: " (99/99)". */
function markerBudget(digits: number): number {
  return 4 + 2 * digits;
}

/** The best places to cut, strongest first. */
const enum Break {
  None = -1,
  Word = 0,
  Space = 1,
  Sentence = 2,
  Line = 3,
  Paragraph = 4,
}

interface Token {
  start: number;
  end: number;
  /** Characters it counts for on the server. */
  count: number;
  whitespace: boolean;
  /** How good a cut right before this token is. */
  breakBefore: Break;
  /** A URL, mention or hashtag (never cut unless it alone exceeds a part). */
  atom: boolean;
}

// Made on first use: a segmenter loads ICU's break data, which every start of the CLI would pay.
let words: Intl.Segmenter | null = null;
let sentences: Intl.Segmenter | null = null;
const wordSegmenter = (): Intl.Segmenter => (words ??= new Intl.Segmenter(undefined, { granularity: 'word' }));
const sentenceSegmenter = (): Intl.Segmenter => (sentences ??= new Intl.Segmenter(undefined, { granularity: 'sentence' }));

export function splitText(text: string, limits: SplitLimits, options: SplitOptions = {}): string[] {
  const reserve = options.reserve ?? 0;
  const reserveLast = options.reserveLast ?? 0;
  const markers = options.markers ?? true;
  const minParts = Math.max(1, options.minParts ?? 1);
  const counted = (t: string) => countCharacters(t, { urlLength: limits.urlLength });
  const trimmed = text.trim();

  const fitsAlone = (extra: number) => counted(trimmed) + reserve + reserveLast + extra <= limits.maxCharacters;
  if (minParts === 1 && fitsAlone(0)) return [trimmed];
  if (markers && minParts > 1 && fitsAlone(partMarker(1, minParts).length)) return [trimmed + partMarker(1, minParts)];

  const tokens = tokenize(trimmed, limits.urlLength);
  for (let digits = 1; digits <= 6; digits++) {
    const marker = markers ? markerBudget(digits) : 0;
    // The server may recognise an entity slightly differently in a part than in the whole text (a URL
    // at the start of a part): each part is checked and, rarely, the split is redone a little tighter.
    for (let slack = 0; slack <= 8; slack += 2) {
      const budget = limits.maxCharacters - reserve - marker - slack;
      const budgetLast = budget - reserveLast;
      if (budgetLast < Math.max(1, limits.urlLength)) {
        throw new InternalError(
          `cannot split a post into parts of ${limits.maxCharacters} characters with ${reserve + reserveLast} reserved`,
        );
      }
      const chunks = greedy(trimmed, tokens.map((t) => ({ ...t })), budget, budgetLast);
      const total = Math.max(chunks.length, minParts);
      if (String(total).length > digits && markers) break;
      const parts = markers && total > 1 ? chunks.map((c, i) => c + partMarker(i + 1, total)) : chunks;
      const ok = parts.every((p, i) => {
        const last = i === parts.length - 1;
        return counted(p) + reserve + (last ? reserveLast : 0) <= limits.maxCharacters;
      });
      if (ok) return parts;
    }
  }
  throw new InternalError('could not split a post within the server limit');
}

/** Cuts the text into chunks of at most `budget` counted characters (`budgetLast` for the last). */
function greedy(text: string, tokens: Token[], budget: number, budgetLast: number): string[] {
  const chunks: string[] = [];
  let prefix = prefixSums(tokens);
  let pos = skipWhitespace(tokens, 0);
  while (pos < tokens.length) {
    const end = tokens.length;
    const rest = contentCount(tokens, prefix, pos, end);
    if (rest <= budgetLast) {
      chunks.push(text.slice(tokens[pos]!.start, tokens[lastContent(tokens, end)]!.end));
      break;
    }
    const cut = bestBreak(tokens, prefix, pos, budget);
    if (cut !== null) {
      chunks.push(text.slice(tokens[pos]!.start, tokens[lastContent(tokens, cut)]!.end));
      pos = skipWhitespace(tokens, cut);
      continue;
    }
    // Nothing to cut at: the first token alone is longer than a part (or is all that is left and does not
    // fit beside the footer). Cut it at grapheme boundaries, leaving at least one grapheme for later.
    const token = tokens[pos]!;
    const bounds = graphemeBoundaries(text.slice(token.start, token.end));
    const graphemes = bounds.length - 1;
    const take = Math.min(budget, graphemes - 1);
    if (take < 1) throw new InternalError('a part has no room for a single character');
    const at = token.start + bounds[take]!;
    chunks.push(text.slice(token.start, at));
    tokens[pos] = { ...token, start: at, count: graphemes - take, breakBefore: Break.Word, atom: false };
    prefix = prefixSums(tokens);
  }
  return chunks;
}

/**
 * The latest cut before which the part fits, of the strongest kind that still fills at least half a part
 * (a paragraph break at 60 % beats a space at 99 %; a sentence end at 20 % does not).
 */
function bestBreak(tokens: Token[], prefix: number[], pos: number, budget: number): number | null {
  const latest = new Map<Break, { at: number; count: number }>();
  for (let b = pos + 1; b < tokens.length; b++) {
    if (tokens[b]!.whitespace) continue;
    const count = contentCount(tokens, prefix, pos, b);
    if (count > budget) break;
    latest.set(tokens[b]!.breakBefore, { at: b, count });
  }
  for (const kind of [Break.Paragraph, Break.Line, Break.Sentence, Break.Space] as const) {
    const c = latest.get(kind);
    if (c !== undefined && c.count >= budget / 2) return c.at;
  }
  // Short of a good cut: the latest acceptable one, and only then a cut before punctuation.
  const acceptable = [...latest.entries()].filter(([kind]) => kind !== Break.None).map(([, c]) => c.at);
  if (acceptable.length > 0) return Math.max(...acceptable);
  return latest.get(Break.None)?.at ?? null;
}

function prefixSums(tokens: Token[]): number[] {
  const p = [0];
  for (const t of tokens) p.push(p[p.length - 1]! + t.count);
  return p;
}

function skipWhitespace(tokens: Token[], i: number): number {
  while (i < tokens.length && tokens[i]!.whitespace) i++;
  return i;
}

/** Index of the last non-whitespace token before `end`. */
function lastContent(tokens: Token[], end: number): number {
  let i = end - 1;
  while (i > 0 && tokens[i]!.whitespace) i--;
  return i;
}

/** Counted characters of tokens [from, to) without the trailing whitespace (parts are trimmed). */
function contentCount(tokens: Token[], prefix: number[], from: number, to: number): number {
  return prefix[lastContent(tokens, to) + 1]! - prefix[from]!;
}

/** Word segments, merged so that no URL, mention or hashtag is split, each with its count and cut quality. */
function tokenize(text: string, urlLength: number): Token[] {
  const graphemes = graphemeBoundaries(text);
  const graphemeIndex = new Map<number, number>();
  graphemes.forEach((offset, i) => graphemeIndex.set(offset, i));
  const entities = findEntities(text);

  const cuts = new Set<number>();
  // Whitespace always separates words; within a run of other characters, word boundaries matter only
  // where there is more than ASCII (CJK has no spaces), and the word segmenter is slow: only those runs.
  for (const run of text.matchAll(/\s+|\S+/gu)) {
    cuts.add(run.index);
    if (/^\s/u.test(run[0]) || /^[\x21-\x7e]*$/.test(run[0])) continue;
    for (const s of wordSegmenter().segment(run[0])) cuts.add(run.index + s.index);
  }
  for (const e of entities) {
    cuts.add(e.start);
    cuts.add(e.end);
  }
  for (const e of entities) for (let p = e.start + 1; p < e.end; p++) cuts.delete(p);
  const positions = [...cuts].filter((p) => p < text.length && graphemeIndex.has(p)).sort((a, b) => a - b);
  if (positions[0] !== 0) positions.unshift(0);

  const sentenceStarts = new Set<number>();
  for (const s of sentenceSegmenter().segment(text)) sentenceStarts.add(s.index);
  const entityAt = new Map(entities.map((e) => [e.start, e]));

  const tokens: Token[] = [];
  for (let i = 0; i < positions.length; i++) {
    const start = positions[i]!;
    const end = positions[i + 1] ?? text.length;
    const piece = text.slice(start, end);
    const entity = entityAt.get(start);
    const atom = entity !== undefined && entity.end === end;
    let count = graphemeIndex.get(end)! - graphemeIndex.get(start)!;
    if (atom && entity.kind === 'url' && entity.shortened) count = urlLength;
    else if (atom && entity.kind === 'mention') count = countCharacters(piece, { urlLength });
    tokens.push({ start, end, count, whitespace: /^\s+$/u.test(piece), breakBefore: Break.None, atom });
  }
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.whitespace) continue;
    let j = i - 1;
    let gap = '';
    while (j >= 0 && tokens[j]!.whitespace) gap = text.slice(tokens[j]!.start, tokens[j]!.end) + gap, j--;
    if (j < 0) continue;
    if (/\n[^\S\n]*\n/.test(gap)) t.breakBefore = Break.Paragraph;
    else if (gap.includes('\n')) t.breakBefore = Break.Line;
    else if (sentenceStarts.has(t.start)) t.breakBefore = Break.Sentence;
    else if (gap !== '') t.breakBefore = Break.Space;
    // No space: a word boundary inside CJK text is a fair cut; a cut before punctuation is not.
    else if (/^[\p{P}\p{S}]/u.test(text.slice(t.start, t.end)) && !t.atom) t.breakBefore = Break.None;
    else t.breakBefore = Break.Word;
  }
  return tokens;
}
