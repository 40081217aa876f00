/**
 * `validateRequest`: requests checked against the API description's parameters and bodies, as Mastodon
 * reads them (Rails form arrays, JSON bodies), so that integration tests can assert the client sends
 * nothing the API does not know.
 */
import { describe, expect, it } from 'vitest';
import { findOperation, validateAnswer, validateRequest } from './openapi.js';
import type { RecordedRequest } from './types.js';

function request(method: string, target: string, body = '', contentType?: string, headers: Record<string, string> = {}): RecordedRequest {
  const url = new URL(target, 'http://home.test');
  return {
    method, host: 'home.test', path: url.pathname, query: url.searchParams, body,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
  };
}

const form = 'application/x-www-form-urlencoded';

describe('validateRequest', () => {
  it('accepts a form status with media_ids[], booleans as strings, and an Idempotency-Key', () => {
    const body = 'status=hi&media_ids%5B%5D=1&media_ids%5B%5D=2&sensitive=true&visibility=unlisted&in_reply_to_id=5';
    expect(validateRequest(request('POST', '/api/v1/statuses', body, form, { 'idempotency-key': 'k' }))).toEqual([]);
  });

  it('accepts a JSON status with text and media (overlapping oneOf branches)', () => {
    expect(validateRequest(request('POST', '/api/v1/statuses', JSON.stringify({ status: 'hi', media_ids: ['1'], language: 'en' }), 'application/json'))).toEqual([]);
  });

  it('reports a scalar where an array is meant, an unknown field, a bad enum and a bad date', () => {
    const problems = validateRequest(request('POST', '/api/v1/statuses', 'media_ids=1&visibilty=public&visibility=everyone&scheduled_at=soon', form));
    expect(problems.join('\n')).toMatch(/visibilty is not in the API description/u);
    expect(problems.join('\n')).toMatch(/media_ids/u);
    expect(problems.join('\n')).toMatch(/visibility/u);
    expect(problems.join('\n')).toMatch(/scheduled_at/u);
  });

  it('checks query parameters: Rails arrays, types and unknown names', () => {
    expect(validateRequest(request('GET', '/api/v1/accounts/relationships?id[]=1&id[]=2'))).toEqual([]);
    expect(validateRequest(request('GET', '/api/v1/accounts/1/statuses?limit=40&max_id=9&exclude_replies=true'))).toEqual([]);
    expect(validateRequest(request('GET', '/api/v1/accounts/1/statuses?limit=many'))[0]).toMatch(/limit/u);
    expect(validateRequest(request('GET', '/api/v1/accounts/1/statuses?page=2'))).toEqual([
      'GET /api/v1/accounts/{id}/statuses: query parameter page is not in the API description',
    ]);
    expect(validateRequest(request('GET', '/api/v1/accounts/relationships?id=1'))[0]).toMatch(/must be sent as id\[\]/u);
  });

  it('reports an operation the API does not have', () => {
    expect(validateRequest(request('POST', '/api/v1/nothing'))).toEqual(['POST /api/v1/nothing: no such operation in the API description']);
  });

  it('prefers the literal path over a template that also matches', () => {
    expect(findOperation('GET', '/api/v1/accounts/relationships')?.template).toBe('/api/v1/accounts/relationships');
  });
});

describe('validateAnswer', () => {
  it('checks a body against the schema declared for that operation and status', () => {
    expect(validateAnswer('GET', '/api/v1/media/1', 200, { id: '1', type: 'image' })).toEqual([]);
    expect(validateAnswer('GET', '/api/v1/media/1', 200, { id: 1 }).length).toBeGreaterThan(0);
    expect(validateAnswer('GET', '/api/v1/media/1', 299, {})).toEqual(['GET /api/v1/media/{id}: status 299 is not declared']);
  });
});
