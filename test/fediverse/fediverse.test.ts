import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startFediverse, type Fediverse } from './index.js';

const SCHEMA_PATH = new URL('../../../shared/specs/mastodon-openapi.schema.json', import.meta.url);

describe('test fediverse', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        {
          name: 'big.example',
          searchToken: 'tok-123',
          accounts: [{ username: 'gargron', name: 'Eugen', fields: [{ name: 'Web', value: '<a href="https://example.org">example.org</a>' }] }],
        },
        {
          name: 'small.example',
          accounts: [
            { username: 'jack', name: 'Jack Old', movedTo: 'jack@new.example' },
          ],
        },
        { name: 'new.example', accounts: [{ username: 'jack', name: 'Jack', manuallyApprovesFollowers: true }] },
      ],
    });
  });
  afterAll(async () => fed.close());

  it('serves WebFinger and actors per virtual host over TLS with its own CA', async () => {
    const wf = await fed.http.request({ url: fed.url('small.example', '/.well-known/webfinger?resource=acct:jack@small.example') });
    expect(wf.status).toBe(200);
    expect(wf.headers['content-type']).toMatch(/jrd\+json/);
    const jrd = wf.json() as { subject: string };
    expect(jrd.subject).toBe('acct:jack@small.example');
    const actor = await fed.http.request({ url: fed.actorUrl('jack@new.example') });
    const doc = actor.json() as { id: string; alsoKnownAs: string[]; manuallyApprovesFollowers: boolean };
    expect(doc.id).toBe('https://new.example/users/jack');
    expect(doc.alsoKnownAs).toContain('https://small.example/users/jack');
    expect(doc.manuallyApprovesFollowers).toBe(true);
    expect(fed.requests('new.example').map((r) => r.path)).toEqual(['/users/jack']);
  });

  it('answers the account search with Mastodon Account objects valid against the OpenAPI schema', async () => {
    const denied = await fed.http.request({ url: fed.url('big.example', '/api/v2/search?q=jack&type=accounts') });
    expect(denied.status).toBe(401);
    const res = await fed.http.request({
      url: fed.url('big.example', '/api/v2/search?q=jack%40small.example&type=accounts&resolve=true'),
      headers: { authorization: 'Bearer tok-123' },
    });
    expect(res.status).toBe(200);
    const body = res.json() as { accounts: Array<{ acct: string; moved?: { acct: string } }> };
    expect(body.accounts.map((a) => a.acct)).toEqual(['jack@small.example']);
    expect(body.accounts[0]?.moved?.acct).toBe('jack@new.example');

    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat('iso-639-1', /^[a-z]{2}$/);
    // The component schemas refer to each other as #/components/schemas/X; register them under one id.
    ajv.addSchema({ $id: 'mastodon', components: schema.components });
    const validate = ajv.getSchema('mastodon#/components/schemas/Search');
    expect(validate).toBeDefined();
    const ok = validate!(body);
    expect(validate!.errors ?? []).toEqual([]);
    expect(ok).toBe(true);

    const text = await fed.http.request({
      url: fed.url('big.example', '/api/v2/search?q=Eugen&type=accounts'),
      headers: { authorization: 'Bearer tok-123' },
    });
    const local = text.json() as { accounts: Array<{ acct: string; fields: unknown[] }> };
    expect(local.accounts.map((a) => a.acct)).toEqual(['gargron']);
    expect(validate!(local)).toBe(true);
    // The schema check can fail: an Account without acct is rejected.
    const broken = structuredClone(local) as { accounts: Array<Record<string, unknown>> };
    delete broken.accounts[0]!.acct;
    expect(validate!(broken)).toBe(false);
  });

  it('has a certificate only for its own host names', async () => {
    const c = fed.client({ connectTo: [`stranger.example:127.0.0.1:${fed.port}`] });
    await expect(c.request({ url: 'https://stranger.example/' })).rejects.toMatchObject({ kind: 'tls' });
  });
});
