/**
 * Grapheme clusters (Unicode UAX #29, through Intl.Segmenter): what Mastodon counts
 * (`str.each_grapheme_cluster.size` in app/validators/status_length_validator.rb) and the smallest unit a
 * post may ever be cut at, so a flag, a skin-toned or ZWJ emoji or a letter with its accents stays whole.
 *
 * Intl.Segmenter costs tens of microseconds per segment, so a 30,000-character note would take most of a
 * second: runs of plain ASCII are counted directly. Between two printable ASCII characters (or LF) there is
 * always a boundary (none of UAX #29's no-break rules GB3-GB13 applies to them), so the text is cut there
 * and only the pieces holding something else go through the segmenter.
 */
// Made on first use: building a segmenter loads ICU's break data, which every start of the CLI would pay.
let segmenter: Intl.Segmenter | null = null;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** Printable ASCII, tab and LF: each its own grapheme cluster next to another of them. */
function simple(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || code === 0x0a || code === 0x09;
}

const PLAIN = /^[\x20-\x7e\n\t]*$/;

export function graphemeCount(text: string): number {
  if (PLAIN.test(text)) return text.length;
  return graphemeBoundaries(text).length - 1;
}

/** The UTF-16 offsets where a grapheme cluster starts, plus text.length. */
export function graphemeBoundaries(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (simple(text.charCodeAt(i)) && (i + 1 >= text.length || simple(text.charCodeAt(i + 1)))) {
      out.push(i);
      i += 1;
      continue;
    }
    // A complex stretch: up to the next place between two simple characters, which is a certain boundary.
    let end = i + 1;
    while (end < text.length && !(simple(text.charCodeAt(end - 1)) && simple(text.charCodeAt(end)))) end++;
    for (const s of graphemes().segment(text.slice(i, end))) out.push(i + s.index);
    i = end;
  }
  out.push(text.length);
  return out;
}
