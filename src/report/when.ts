/**
 * Times as a person reads them: on their own clock, and how far away ("04:18 tomorrow (in 25 hours)"),
 * instead of UTC ISO strings. Pure: the current time and the time zone are passed in (the CLI takes them
 * from the system, tests pass fixed ones). Uses Intl (ECMA-402), which Node ships with full ICU data.
 */

export interface TimeView {
  /** Milliseconds since the epoch: "now" for relative words. */
  now: number;
  /** An IANA time zone (`Europe/Berlin`, `UTC`). */
  timeZone: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The calendar date and clock time of an instant in a time zone. */
function localParts(at: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

function clock(p: LocalParts): string {
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Whole days between two local calendar dates (their order: b − a). */
function dayDistance(a: LocalParts, b: LocalParts): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** "in 3 hours", "5 minutes ago", "in 2 days": the largest unit that reads naturally. */
export function relativeWords(at: Date, now: number): string {
  const seconds = (at.getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  if (abs < 45) return seconds >= 0 ? 'in a few seconds' : 'a few seconds ago';
  if (abs < 90 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 36 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/**
 * A moment near now: `14:05 (in 3 hours)`, `04:18 tomorrow (in 25 hours)`, `09:00 on 7 December (in 3
 * days)`, `08:12 on 3 May 2025 (218 days ago)`. Callers put the preposition in front ("after", "at").
 */
export function formatWhen(at: Date, view: TimeView): string {
  if (Number.isNaN(at.getTime())) return 'an unknown time';
  const here = localParts(at, view.timeZone);
  const today = localParts(new Date(view.now), view.timeZone);
  const days = dayDistance(today, here);
  let day = '';
  if (days === 1) day = ' tomorrow';
  else if (days === -1) day = ' yesterday';
  else if (days !== 0) day = ` on ${here.day} ${MONTHS[here.month - 1]}${here.year !== today.year ? ` ${here.year}` : ''}`;
  return `${clock(here)}${day} (${relativeWords(at, view.now)})`;
}

/**
 * A date and time for a document that is read later (a report): `1 May 2024 at 12:00 (Europe/Berlin)`.
 * Anything unparsable stays as it is.
 */
export function formatDateTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = localParts(at, timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year} at ${clock(p)} (${timeZone})`;
}
