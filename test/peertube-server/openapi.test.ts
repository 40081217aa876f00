/**
 * The checks against PeerTube's API description, and the corrections written down in openapi.ts: so that
 * adapter tests can assert that a client sends nothing PeerTube's API does not know.
 */
import { describe, expect, it } from 'vitest';
import { findOperation, validateAnswer, validateEntity, validateRequest } from './openapi.js';
import type { RecordedRequest } from './types.js';

function request(method: string, target: string, body = '', headers: Record<string, string> = {}): RecordedRequest {
  const url = new URL(target, 'http://tube.test');
  return { method, host: 'tube.test', rawHost: 'tube.test', path: url.pathname, query: url.searchParams, body, headers };
}

const json = { 'content-type': 'application/json' };
const init = { ...json, 'x-upload-content-length': '1000', 'x-upload-content-type': 'video/mp4' };

describe('validateRequest', () => {
  it('accepts a resumable upload start and reports 6 tags, a missing header and an unknown field', () => {
    const meta = { name: 'A video', channelId: 3, privacy: 1, filename: 'a.mp4', tags: ['ab', 'cd'], originallyPublishedAt: '2015-01-01T00:00:00.000Z' };
    expect(validateRequest(request('POST', '/api/v1/videos/upload-resumable', JSON.stringify(meta), init))).toEqual([]);
    const bad = validateRequest(request('POST', '/api/v1/videos/upload-resumable', JSON.stringify({ ...meta, tags: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'], title: 'x' }), json)).join('\n');
    expect(bad).toMatch(/tags must NOT have more than 5 items/u);
    expect(bad).toMatch(/header X-Upload-Content-Length is required/u);
    expect(bad).toMatch(/body field title is not in the API description/u);
  });

  it('reads a chunk as binary and checks Content-Range is there', () => {
    const chunk = request('PUT', '/api/v1/videos/upload-resumable?upload_id=1-ab.mp4', '', { 'content-type': 'application/octet-stream', 'content-range': 'bytes 0-9/10' });
    expect(validateRequest(chunk)).toEqual([]);
    expect(validateRequest({ ...chunk, headers: { 'content-type': 'application/octet-stream' } })).toEqual([
      'PUT /api/v1/videos/upload-resumable: header Content-Range is required',
    ]);
  });

  it('takes subscription handles (name@host) where the description says format uri', () => {
    expect(validateRequest(request('POST', '/api/v1/users/me/subscriptions', JSON.stringify({ uri: 'chan@tube.test' }), json))).toEqual([]);
    expect(validateRequest(request('GET', '/api/v1/users/me/subscriptions/exist?uris=a@b.test&uris=c@d.test'))).toEqual([]);
    expect(validateRequest(request('GET', '/api/v1/users/me/subscriptions?page=2'))).toEqual([
      'GET /api/v1/users/me/subscriptions: query parameter page is not in the API description',
    ]);
  });

  it('checks the token form body, password length included', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const id = 'a'.repeat(32);
    expect(validateRequest(request('POST', '/api/v1/users/token', new URLSearchParams({ client_id: id, client_secret: id, grant_type: 'refresh_token', refresh_token: 'r' }).toString(), form))).toEqual([]);
    expect(validateRequest(request('POST', '/api/v1/users/token', new URLSearchParams({ client_id: id, client_secret: id, grant_type: 'password', username: 'me', password: 'short' }).toString(), form)).join('\n')).toMatch(/password/u);
  });

  it('prefers the literal path over a template', () => {
    expect(findOperation('GET', '/api/v1/users/me/subscriptions/exist')?.template).toBe('/api/v1/users/me/subscriptions/exist');
  });
});

describe('validateAnswer', () => {
  it('checks errors as problem documents, and statuses that are not declared', () => {
    expect(validateAnswer('GET', '/api/v1/users/me', 401, { type: 'invalid_token', title: 'Unauthorized', status: 401, detail: 'Token is invalid', code: 'invalid_token' })).toEqual([]);
    expect(validateAnswer('GET', '/api/v1/users/me', 401, { error: 'nope' }).length).toBeGreaterThan(0);
    expect(validateAnswer('GET', '/api/v1/users/me', 201, {})).toEqual(['GET /api/v1/users/me 201: status 201 is not declared']);
    expect(validateAnswer('GET', '/api/v1/users/me', 200, [])).not.toEqual([]);
  });

  it('reads the slashed patterns of the description as patterns', () => {
    expect(validateEntity('OAuthClient', { client_id: 'a'.repeat(32), client_secret: 'B'.repeat(32) })).toEqual([]);
    expect(validateEntity('OAuthClient', { client_id: 'A'.repeat(32) }).length).toBeGreaterThan(0);
  });
});
