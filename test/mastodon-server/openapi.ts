/**
 * Checks against Mastodon's API description (../shared/specs/mastodon-openapi.schema.json, OpenAPI 3.1, whose
 * schemas are JSON Schema 2020-12), read at test time only (it is GFDL documentation, not shipped):
 * - `validateRequest(recorded)`: a request the client sent, against the operation's parameters and body;
 * - `validateEntity(name, value)` and `validateAnswer(method, path, status, body)`: the test server's answers.
 * Each returns a list of problems (empty when valid), so a test can `expect(problems).toEqual([])`.
 *
 * Where the description and the server differ, the server wins and the rule is written down here:
 * - Rails reads `a[]=1&a[]=2` as an array named `a`; the description names query arrays without the brackets.
 * - Mastodon accepts form bodies wherever the description lists only JSON; a form body is read as Rails
 *   reads it, with strings cast to the declared booleans and numbers (but a scalar is not an array: Rails'
 *   strong parameters drop `media_ids=1`, so that is reported).
 * - The body of `POST /api/v1/statuses` is `oneOf` TextStatus, MediaStatus, PollStatus, which overlap (text
 *   with media matches two): it is checked as `anyOf`.
 * - Header parameters whose schema says `object` (a generator slip for Idempotency-Key) are checked as strings.
 */
import { resolve } from 'node:path';
import { openApiSpec, type Json, type Operation } from '../helpers/openapiSpec.js';
import { parseRailsForm } from './formBody.js';
import type { RecordedRequest } from './types.js';

const spec = openApiSpec({
  file: resolve(import.meta.dirname, '../../../shared/specs/mastodon-openapi.schema.json'),
  parse: (text) => JSON.parse(text) as Json,
  openApiVersion: '3.1',
  refPrefix: 'mastodon',
  addOwnFormats: (ajv) => {
    ajv.addFormat('iso-639-1', /^[a-z]{2}$/u);
  },
});
const { compile, errorsOf, checkValue } = spec;

/** The operation for a method and a concrete path, with its template. */
export const findOperation = spec.findOperation;

/** Problems with a request the client sent (method, path, query, headers and body), or [] when it is valid. */
export function validateRequest(r: RecordedRequest): string[] {
  const found = findOperation(r.method, r.path);
  if (!found) return [`${r.method} ${r.path}: no such operation in the API description`];
  const { template, operation, pathParams } = found;
  const where = `${r.method} ${template}`;
  const problems: string[] = [];
  const params = spec.parametersOf(operation);

  for (const p of params.filter((x) => x.in === 'path')) {
    problems.push(...checkValue(`${where} path ${p.name}`, p.schema, pathParams[p.name]));
  }

  const query = groupQuery(r.query);
  const declared = new Set(params.filter((x) => x.in === 'query').map((x) => x.name));
  for (const name of query.keys()) if (!declared.has(name)) problems.push(`${where}: query parameter ${name} is not in the API description`);
  for (const p of params.filter((x) => x.in === 'query')) {
    const value = query.get(p.name);
    if (value === undefined) {
      if (p.required) problems.push(`${where}: query parameter ${p.name} is required`);
      continue;
    }
    const isArray = p.schema?.type === 'array';
    if (isArray && !Array.isArray(value)) problems.push(`${where}: query parameter ${p.name} must be sent as ${p.name}[]`);
    problems.push(...checkValue(`${where} query ${p.name}`, p.schema, isArray ? [value].flat() : value));
  }

  for (const p of params.filter((x) => x.in === 'header')) {
    const value = r.headers[p.name.toLowerCase()];
    if (value === undefined) {
      if (p.required) problems.push(`${where}: header ${p.name} is required`);
      continue;
    }
    const schema = p.schema?.type === 'object' ? { type: 'string' } : p.schema;
    problems.push(...checkValue(`${where} header ${p.name}`, schema, Array.isArray(value) ? value[0] : value));
  }

  problems.push(...checkBody(where, operation, r));
  return problems;
}

function checkBody(where: string, operation: Operation, r: RecordedRequest): string[] {
  const type = String(r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const hasBody = r.body !== '' || r.multipart !== undefined;
  const content = operation.requestBody?.content;
  if (!content) return hasBody && r.body.trim() !== '' && r.body.trim() !== '{}' ? [`${where}: sends a body the API description does not declare`] : [];
  if (!hasBody) return operation.requestBody?.required ? [`${where}: the request body is required`] : [];

  let value: unknown;
  let coerce = false;
  if (type === 'multipart/form-data') {
    value = { ...(r.multipart?.fields ?? {}) };
    for (const f of r.multipart?.files ?? []) (value as Json)[f.field] = `<${f.size} bytes>`;
  } else if (type === 'application/json') {
    try {
      value = JSON.parse(r.body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
  } else if (type === 'application/x-www-form-urlencoded' || type === '') {
    value = parseRailsForm(r.body);
    coerce = true;
  } else {
    return [`${where}: unexpected content type ${type}`];
  }
  const schema = content[type]?.schema ?? content['application/json']?.schema ?? content['multipart/form-data']?.schema;
  if (!schema) return [];
  const problems = spec.undeclaredFields(where, schema, value);
  const { oneOf, ...rest } = schema;
  const relaxed = Array.isArray(oneOf) ? { ...rest, anyOf: oneOf } : schema;
  const v = compile(`${where} body`, relaxed, coerce);
  if (!v(value)) problems.push(...errorsOf(v, `${where} body`));
  return problems;
}

/** Query parameters by name, `name[]` gathered as an array under `name`. */
function groupQuery(q: URLSearchParams): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of q) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const current = out.get(name);
      out.set(name, Array.isArray(current) ? [...current, value] : [value]);
    } else out.set(key, value);
  }
  return out;
}

/** Problems with a value as a component schema (`Status`, `MediaAttachment`...). */
export const validateEntity = spec.validateEntity;

/** Problems with an answer as the operation declares it for that status code (none declared → []). */
export function validateAnswer(method: string, path: string, status: number, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the API description`];
  const response = found.operation.responses?.[String(status)];
  if (!response) return [`${method} ${found.template}: status ${status} is not declared`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [];
  const v = compile(`${method} ${found.template} ${status}`, schema, false);
  return v(body) ? [] : errorsOf(v, `${method} ${found.template} ${status}`);
}
