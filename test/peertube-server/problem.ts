/**
 * Error answers as PeerTube writes them (`res.fail`, server/core/helpers/express-utils.ts): an RFC 7807 problem
 * document served as application/problem+json, with PeerTube's extensions `code` (its ServerErrorCode or the
 * OAuth2 error name, only where PeerTube sets one), the deprecated `error` (= detail) and, for validation
 * failures, `invalid-params`.
 */
import { STATUS_CODES } from 'node:http';
import type { Answer } from './types.js';

export const PROBLEM_TYPE = 'application/problem+json';

export interface ProblemOptions {
  /** PeerTube's `type` argument: becomes both `type` and `code`. */
  code?: string;
  /** Validation failures: the parameter and where it was (params, body, header, query). */
  invalidParam?: { name: string; location: string; value?: unknown };
  headers?: Record<string, string>;
  instance?: string;
}

export function problem(status: number, detail: string, options: ProblemOptions = {}): Answer {
  const body: Record<string, unknown> = {
    type: options.code ?? 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    error: detail,
  };
  if (options.code) body.code = options.code;
  if (options.instance) body.instance = options.instance;
  if (options.invalidParam) {
    const p = options.invalidParam;
    body['invalid-params'] = { [p.name]: { location: p.location, msg: 'Invalid value', param: p.name, value: p.value } };
  }
  return { status, body, type: PROBLEM_TYPE, ...(options.headers ? { headers: options.headers } : {}) };
}

/** A 400 from a route validator: "Incorrect request parameters: name". */
export function invalidParam(name: string, location: string, value: unknown, instance?: string): Answer {
  return problem(400, `Incorrect request parameters: ${name}`, { invalidParam: { name, location, value }, ...(instance ? { instance } : {}) });
}
