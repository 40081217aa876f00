/**
 * Every timestamp shape the exports use, turned into ISO 8601 UTC (DESIGN.md section 3).
 * Returns null for anything that is not a real date: absent data stays absent, never made up.
 */
const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

// Twitter: "Tue Jan 31 09:01:52 +0000 2017" (strptime "%a %b %d %H:%M:%S %z %Y").
const TWITTER = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
// "12 Mar 2024" (LinkedIn Connections.csv), optionally with a time.
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
// "2023-01-15 12:34:56 UTC", "2015-01-24 02:02:37 +0000", "2023-01-15 12:34:56" (taken as UTC).
const SPACED = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?: ?(UTC|GMT|Z|[+-]\d{2}:?\d{2}))?$/;
// ISO 8601 with an explicit zone, or a bare date.
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch values below this are taken as seconds, above as milliseconds (1e11 s is the year 5138). */
const EPOCH_MS_THRESHOLD = 1e11;

export function toIsoUtc(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return fromEpoch(Number(s));

  let m = TWITTER.exec(s);
  if (m) {
    const [, mon, day, hh, mm, ss, sign, oh, om, year] = m as unknown as string[];
    const month = MONTHS[mon!.toLowerCase()];
    if (month === undefined) return null;
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    return valid(utc(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss), 0) - offset * 60_000);
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const [, day, mon, year, hh, mm, ss] = m as unknown as (string | undefined)[];
    const month = MONTHS[mon!.toLowerCase()];
    if (month === undefined) return null;
    return valid(utc(Number(year), month, Number(day), Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0), 0));
  }
  m = SPACED.exec(s);
  if (m) {
    const [, y, mo, d, hh, mm, ss, frac, zone] = m as unknown as (string | undefined)[];
    // Fractions are truncated to milliseconds (rounding .9995 up would change the second).
    const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
    let offset = 0;
    if (zone && zone !== 'UTC' && zone !== 'GMT' && zone !== 'Z') {
      const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
      if (!z) return null;
      offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    }
    return valid(utc(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mm), Number(ss ?? 0), ms) - offset * 60_000);
  }
  if (ISO.test(s)) {
    // Times are all handled by SPACED above; what is left is a bare date, checked for range like the rest.
    const [y, mo, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
    return s.length === 10 ? valid(utc(y, mo - 1, d, 0, 0, 0, 0)) : valid(Date.parse(s));
  }
  return null;
}

/**
 * Date.UTC, but NaN for components out of range: Date.UTC silently rolls "Feb 31" over to March 3 and
 * "25:00" to the next day, which would turn a damaged date into a made-up one.
 */
function utc(year: number, month: number, day: number, hh: number, mm: number, ss: number, ms: number): number {
  if (month < 0 || month > 11 || day < 1 || hh > 23 || mm > 59 || ss > 59) return NaN;
  const t = Date.UTC(year, month, day, hh, mm, ss, ms);
  return new Date(t).getUTCDate() === day ? t : NaN;
}

function fromEpoch(n: number): string | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  return valid(n < EPOCH_MS_THRESHOLD ? n * 1000 : n);
}

function valid(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
