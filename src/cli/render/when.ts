/**
 * The user's own clock for the words of src/report/when.ts: the system's time and time zone (`TZ` when it
 * names a zone Intl knows, as in `TZ=Europe/Berlin`; otherwise the zone the system is set to).
 */
import { formatWhen, type TimeView } from '../../report/when.js';

export function localTimeView(env: NodeJS.ProcessEnv, now: number = Date.now()): TimeView {
  return { now, timeZone: zoneFrom(env.TZ) ?? Intl.DateTimeFormat().resolvedOptions().timeZone };
}

function zoneFrom(tz: string | undefined): string | null {
  if (tz === undefined || tz === '') return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null; // `:/etc/localtime` and other POSIX forms Intl does not take
  }
}

const ISO_UTC = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** Every UTC ISO timestamp in a text on the user's clock: `after 2026-12-05T03:18:30.351Z` → `after 04:18 (in 3 hours)`. */
export function localTimes(text: string, view: TimeView): string {
  return text.replace(ISO_UTC, (iso) => formatWhen(new Date(iso), view));
}
