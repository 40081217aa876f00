/** Test helpers for the resolver: contacts, a scripted HttpClient and a scripted verifier. */
import type { Contact } from '../../src/model/types.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src/net/types.js';
import { NetError } from '../../src/net/types.js';
import type { CandidateOutcome } from '../../src/resolve/score.js';
import type { ContactIdentity, VerifyFn } from '../../src/resolve/resolveContacts.js';
import type { Clock } from '../../src/clock.js';

export function contact(over: Partial<Contact> = {}): Contact {
  return {
    platform: 'twitter', id: '12', username: 'jack', displayName: 'Jack', profileUrl: null, bio: null,
    urls: [], location: null, relations: ['following'], since: null, ...over,
  };
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
}

/** An HttpClient answering from a function of the request; every request is logged. */
export function fakeHttp(answer: (req: HttpRequest) => FakeReply | Error): HttpClient & { log: HttpRequest[] } {
  const log: HttpRequest[] = [];
  return {
    log,
    request: async (req) => {
      log.push(req);
      const a = answer(req);
      if (a instanceof Error) throw a;
      const text = typeof a.body === 'string' ? a.body : a.body === undefined ? '' : JSON.stringify(a.body);
      const body = new TextEncoder().encode(text);
      const res: HttpResponse = {
        url: req.url, status: a.status ?? 200, headers: a.headers ?? {}, body,
        text: () => text,
        json: () => {
          try {
            return JSON.parse(text) as unknown;
          } catch (cause) {
            throw new NetError('bad_body', req.url, 'not JSON', { cause });
          }
        },
      };
      return res;
    },
  };
}

export function found(handle: string, over: Partial<Extract<CandidateOutcome, { status: 'found' }>> = {}): CandidateOutcome {
  const [user, host] = handle.split('@');
  return {
    status: 'found', handle, actor: `https://${host}/users/${user}`, backlink: null, locked: false,
    movedFrom: null, displayName: null, ...over,
  };
}

/** A verifier answering from a table of handles (lower case); anything else is not found. */
export function fakeVerify(
  table: Record<string, CandidateOutcome | ((identity: ContactIdentity) => CandidateOutcome)>,
): VerifyFn & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (handle: string, identity: ContactIdentity) => {
    calls.push(handle);
    const entry = table[handle.toLowerCase()];
    if (entry === undefined) return { status: 'not_found', reason: 'WebFinger 404' };
    return typeof entry === 'function' ? entry(identity) : entry;
  }) as VerifyFn & { calls: string[] };
  fn.calls = calls;
  return fn;
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
