/**
 * Every request of a run under one AbortSignal (Ctrl-C): lookups are only reads, so when the user stops
 * a run the requests in flight are dropped rather than waited for (issue 9, item 3).
 */
import type { HttpClient } from './types.js';

export function withSignal(http: HttpClient, signal: AbortSignal | undefined): HttpClient {
  if (!signal) return http;
  return {
    request: (req) => http.request({ ...req, signal: req.signal ? AbortSignal.any([req.signal, signal]) : signal }),
  };
}
