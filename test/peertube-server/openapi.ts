/**
 * Checks against PeerTube's own API description (../shared/specs/peertube-openapi.yaml, OpenAPI 3.0, AGPL-3.0),
 * read at test time only, never copied into the package:
 * - `validateRequest(recorded)`: a request a client sent, against the operation's parameters and body;
 * - `validateAnswer(method, path, status, body)`: an answer of the test server;
 * - `validateEntity(name, value)`: a value as a component schema (`VideoChannel`, `User`...).
 * Each returns a list of problems (empty when valid), so a test can `expect(problems).toEqual([])`.
 *
 * Where the description and PeerTube differ, PeerTube wins and the rule is written down here:
 * - `GET /api/v1/users/me` is declared as an array of User; PeerTube answers one User object.
 * - `POST /api/v1/users/me/subscriptions` is declared 200; PeerTube answers 204 (my-subscriptions.ts).
 * - Subscription `uri`s are declared `format: uri`; PeerTube takes handles `name@host` (isValidActorHandle).
 * - Patterns written `/.../` are read without the slashes, and OAuthClient's one-character classes
 *   (`^[a-z0-9]$` with a length of 32) as repeated.
 * - Error answers (4xx, 5xx) are problem documents (RFC 7807, as the description's "Errors" section says) and
 *   are checked as such, declared for the operation or not; a declared error status is not required.
 * - Formats the description uses that are not JSON Schema's (url, mimetype, filename, binary, seconds,
 *   float) are defined here; `url` accepts a network-path reference (`//host/path`), as uploadx sends.
 * - A resumable upload chunk (application/octet-stream) is not read as a body.
 * - A video's category, licence and language may have `id: null` (none chosen), as PeerTube formats them.
 * - `nullable: true` beside no `type` (around an allOf) is read as "this, or null" (Ajv needs a type).
 */
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { openApiSpec, type Json, type Operation, type Parameter } from '../helpers/openapiSpec.js';
import type { RecordedRequest } from './types.js';

/** RFC 7807 as the description's "Errors" section shows PeerTube's bodies (written here, not in the YAML). */
const PROBLEM_SCHEMA: Json = {
  type: 'object',
  required: ['status', 'title', 'type', 'detail'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' }, instance: { type: 'string' }, docs: { type: 'string' }, code: { type: 'string' },
    error: { type: 'string' }, 'invalid-params': { type: 'object' },
  },
};

const spec = openApiSpec({
  file: resolve(import.meta.dirname, '../../../shared/specs/peertube-openapi.yaml'),
  parse: (text) => correct(parse(text) as Json),
  openApiVersion: '3.0',
  refPrefix: 'peertube',
  addOwnFormats: (ajv) => {
    ajv.addFormat('url', /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s/]+(?:\/\S*)?$/iu);
    ajv.addFormat('mimetype', /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/iu);
    for (const f of ['filename', 'binary', 'seconds', 'float']) ajv.addFormat(f, true);
  },
});
const { compile, errorsOf, checkValue } = spec;

/** The corrections listed above that change the document itself. */
function correct(document: Json): Json {
  const fixed = fixPatterns(document) as Json;
  const paths = fixed.paths as Record<string, Record<string, Operation>>;
  const me = paths['/api/v1/users/me']?.get?.responses?.['200']?.content?.['application/json'];
  if (me) me.schema = { type: 'object', allOf: [{ $ref: '#/components/schemas/User' }] };
  const subscribe = paths['/api/v1/users/me/subscriptions']?.post;
  if (subscribe?.responses) subscribe.responses['204'] = {};
  const uri = (subscribe?.requestBody?.content?.['application/json']?.schema?.properties as Json | undefined)?.uri as Json | undefined;
  if (uri) {
    delete uri.format;
    uri.pattern = '^[^@\\s]+@[^@\\s]+$';
  }
  const uris = ((fixed.components as Json).parameters as Record<string, Parameter>).subscriptionsUris;
  if (uris?.schema) uris.schema = { type: 'array', items: { type: 'string', pattern: '^[^@\\s]+(@[^@\\s]+)?$' } };
  // A video without a category, licence or language is formatted as {id: null, label: 'Unknown'}
  // (server/core/models/video/formatter/video-api-format.ts).
  const schemas = (fixed.components as Json).schemas as Record<string, Json>;
  for (const name of ['VideoConstantNumber-Category', 'VideoConstantNumber-Licence', 'VideoConstantString-Language']) {
    const props = schemas[name]?.properties as Json | undefined;
    if (props?.id) props.id = { anyOf: [props.id, { type: 'null' }] };
  }
  return fixed;
}

function fixPatterns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fixPatterns);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Json;
  if (nullable === true && rest.type === undefined) return { anyOf: [fixPatterns(rest), { type: 'null' }] };
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === 'pattern' && typeof v === 'string' && /^\/.*\/$/u.test(v)) {
      const inner = v.slice(1, -1);
      const minLength = (value as Json).minLength;
      out[k] = typeof minLength === 'number' && minLength > 1 ? inner.replace(/^\^(\[[^\]]+\])\$$/u, '^$1+$') : inner;
    } else out[k] = fixPatterns(v);
  }
  return out;
}

/** The operation for a method and a concrete path, with its template (the most literal template wins). */
export const findOperation = spec.findOperation;

/** Problems with a request a client sent (method, path, query, headers and body), or [] when it is valid. */
export function validateRequest(r: RecordedRequest): string[] {
  const found = findOperation(r.method, r.path);
  if (!found) return [`${r.method} ${r.path}: no such operation in the API description`];
  const { template, operation, pathParams } = found;
  const where = `${r.method} ${template}`;
  const problems: string[] = [];
  const params = spec.parametersOf(operation);

  for (const p of params.filter((x) => x.in === 'path')) problems.push(...checkValue(`${where} path ${p.name}`, p.schema, pathParams[p.name]));

  const declared = new Set(params.filter((x) => x.in === 'query').map((x) => x.name));
  const names = new Set([...r.query.keys()].map((k) => k.replace(/\[\]$/u, '')));
  for (const name of names) if (!declared.has(name)) problems.push(`${where}: query parameter ${name} is not in the API description`);
  for (const p of params.filter((x) => x.in === 'query')) {
    const values = [...r.query.getAll(p.name), ...r.query.getAll(`${p.name}[]`)];
    if (values.length === 0) {
      if (p.required) problems.push(`${where}: query parameter ${p.name} is required`);
      continue;
    }
    const isArray = p.schema?.type === 'array';
    if (!isArray && values.length > 1) problems.push(`${where}: query parameter ${p.name} is given ${values.length} times`);
    problems.push(...checkValue(`${where} query ${p.name}`, p.schema, isArray ? values : values[0]));
  }

  for (const p of params.filter((x) => x.in === 'header')) {
    const value = r.headers[p.name.toLowerCase()];
    // Content-Length is the HTTP client's to send (a chunk streamed from a file may be sent chunked instead).
    if (value === undefined) {
      if (p.required && p.name.toLowerCase() !== 'content-length') problems.push(`${where}: header ${p.name} is required`);
      continue;
    }
    problems.push(...checkValue(`${where} header ${p.name}`, p.schema, Array.isArray(value) ? value[0] : value));
  }

  problems.push(...checkBody(where, operation, r));
  return problems;
}

function checkBody(where: string, operation: Operation, r: RecordedRequest): string[] {
  const type = String(r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const content = operation.requestBody?.content;
  if (type === 'application/octet-stream' && content?.['application/octet-stream']) return [];
  const hasBody = r.body !== '';
  if (!content) return hasBody ? [`${where}: sends a body the API description does not declare`] : [];
  if (!hasBody) return operation.requestBody?.required ? [`${where}: the request body is required`] : [];
  let value: unknown;
  let coerce = false;
  if (type === 'application/json') {
    try {
      value = JSON.parse(r.body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    value = Object.fromEntries(new URLSearchParams(r.body));
    coerce = true;
  } else {
    return [`${where}: content type ${type || '(none)'} is not declared (${Object.keys(content).join(', ')})`];
  }
  const schema = content[type]?.schema;
  if (!schema) return [`${where}: content type ${type} is not declared (${Object.keys(content).join(', ')})`];
  const problems = spec.undeclaredFields(where, schema, value);
  const v = compile(`${where} body ${type}`, schema, coerce);
  if (!v(value)) problems.push(...errorsOf(v, `${where} body`));
  return problems;
}

/** Problems with a value as a component schema (`VideoChannel`, `User`...). */
export const validateEntity = spec.validateEntity;

/** Problems with an answer as the operation declares it for that status (errors: as a problem document). */
export function validateAnswer(method: string, path: string, status: number, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the API description`];
  const where = `${method} ${found.template} ${status}`;
  if (status >= 400) {
    const v = compile('problem', PROBLEM_SCHEMA, false);
    const problems = v(body) ? [] : errorsOf(v, `${where} problem document`);
    if ((body as Json | null)?.status !== status) problems.push(`${where}: the problem document says status ${String((body as Json | null)?.status)}`);
    return problems;
  }
  const response = found.operation.responses?.[String(status)];
  if (!response) return [`${where}: status ${status} is not declared`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return body === undefined || body === null ? [] : [`${where}: a body where none is declared`];
  const v = compile(where, schema, false);
  return v(body) ? [] : errorsOf(v, where);
}
