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

  it('would catch an answer that breaks the schema', () => {
    const validate = ajv.getSchema('mastodon#/components/schemas/Relationship')!;
    expect(validate({ id: '1', following: 'yes' })).toBe(false);
  });
});
