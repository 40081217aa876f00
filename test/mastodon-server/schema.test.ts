/**
 * The test server's answers follow Mastodon's API description: several answers are validated against
 * ../shared/specs/mastodon-openapi.schema.json (OpenAPI 3.1, whose schemas are JSON Schema 2020-12)
 * with ajv's 2020 dialect. The spec is read at test time only (it is GFDL documentation, not shipped).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonTestServer, type MastodonTestServer } from './server.js';

const SPEC = resolve(import.meta.dirname, '../../../shared/specs/mastodon-openapi.schema.json');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

let server: MastodonTestServer;
let ajv: Ajv2020;

beforeAll(async () => {
  server = await startMastodonTestServer({ domain: 'home.test', accounts: [{ acct: 'alice@far.test' }, { acct: 'bob@far.test', locked: true }] });
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('iso-639-1', /^[a-z]{2}$/);
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Record<string, unknown>;
  ajv.addSchema({ $id: 'mastodon', components: spec.components }, 'mastodon');
});

afterAll(async () => {
  await server.close();
});

async function api(method: string, path: string, body?: string, token: string | null = server.token) {
  const headers: Record<string, string> = { host: 'home.test' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const r = await fetch(`${server.directUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, json: (await r.json()) as unknown };
}

function check(schema: string, value: unknown): void {
  const validate = ajv.getSchema(`mastodon#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  const ok = validate(value);
  expect(ok, `${schema}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

function checkArray(schema: string, value: unknown): void {
  expect(Array.isArray(value)).toBe(true);
  for (const item of value as unknown[]) check(schema, item);
}

describe('Mastodon test server answers match the OpenAPI schema', () => {
  it('accounts, search and relationships', async () => {
    check('Account', (await api('GET', '/api/v1/accounts/verify_credentials')).json);
    const search = await api('GET', '/api/v2/search?q=alice@far.test&type=accounts&resolve=true');
    check('Search', search.json);
    expect((search.json as { accounts: unknown[] }).accounts.length).toBe(1);
    const id = server.idOf('bob@far.test');
    await api('GET', '/api/v2/search?q=bob@far.test&type=accounts&resolve=true');
    const follow = await api('POST', `/api/v1/accounts/${id}/follow`, '');
    check('Relationship', follow.json);
    expect((follow.json as { requested: boolean }).requested).toBe(true);
    checkArray('Relationship', (await api('GET', `/api/v1/accounts/relationships?id[]=${id}`)).json);
  });

  it('lists', async () => {
    const created = await api('POST', '/api/v1/lists', 'title=From%20Twitter');
    check('List', created.json);
    checkArray('List', (await api('GET', '/api/v1/lists')).json);
  });

  it('apps and tokens', async () => {
    const app = await api('POST', '/api/v1/apps', new URLSearchParams({ client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read:accounts' }).toString(), null);
    check('CredentialApplication', app.json);
  });

  it('errors: 401, 404 and 422 carry the Error entity', async () => {
    const unauthorized = await api('GET', '/api/v1/accounts/verify_credentials', undefined, 'wrong');
    expect(unauthorized.status).toBe(401);
    check('Error', unauthorized.json);
    const missing = await api('GET', '/api/v1/accounts/lookup?acct=nobody@far.test');
    expect(missing.status).toBe(404);
    check('Error', missing.json);
    const invalid = await api('POST', '/api/v1/lists', 'title=');
    expect(invalid.status).toBe(422);
    check('Error', invalid.json);
  });

  it('instance v2 and v1 carry the configured limits', async () => {
    const custom = await startMastodonTestServer({
      domain: 'home.test', maxCharacters: 5000, maxMedia: 6, charactersReservedPerUrl: 20, supportedMimeTypes: ['image/png'],
      imageMaxBytes: 1000, videoMaxBytes: 2000, imageMatrixLimit: 4096 * 4096,
    });
    try {
      const call = async (path: string) => (await fetch(`${custom.directUrl}${path}`, { headers: { host: 'home.test' } })).json() as Promise<Record<string, unknown>>;
      const v2 = await call('/api/v2/instance');
      check('Instance', v2);
      expect(v2.configuration).toMatchObject({
        statuses: { max_characters: 5000, max_media_attachments: 6, characters_reserved_per_url: 20 },
        media_attachments: { supported_mime_types: ['image/png'], image_size_limit: 1000, video_size_limit: 2000, image_matrix_limit: 4096 * 4096 },
      });
      const v1 = await call('/api/v1/instance');
      check('V1Instance', v1);
      expect(v1.configuration).toMatchObject({ statuses: { max_characters: 5000 }, media_attachments: { video_size_limit: 2000 } });
      expect((await call('/nodeinfo/2.0')).software).toEqual({ name: 'mastodon', version: '4.3.0' });
    } finally {
      await custom.close();
    }
  });

  it('snac mode has no /api/v2/instance, so a client falls back to v1 (which is valid)', async () => {
    const snac = await startMastodonTestServer({ domain: 'home.test', flavor: 'snac' });
    try {
      expect((await fetch(`${snac.directUrl}/api/v2/instance`, { headers: { host: 'home.test' } })).status).toBe(404);
      const v1 = await (await fetch(`${snac.directUrl}/api/v1/instance`, { headers: { host: 'home.test' } })).json();
      check('V1Instance', v1);
      const info = await (await fetch(`${snac.directUrl}/nodeinfo/2.0`, { headers: { host: 'home.test' } })).json() as { software: unknown };
      expect(info.software).toEqual({ name: 'snac', version: '2.75' });
    } finally {
      await snac.close();
    }
  });

  it('would catch an answer that breaks the schema', () => {
    const validate = ajv.getSchema('mastodon#/components/schemas/Relationship')!;
    expect(validate({ id: '1', following: 'yes' })).toBe(false);
  });
});
