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
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseRailsForm } from './formBody.js';
import type { RecordedRequest } from './types.js';

const SPEC = resolve(import.meta.dirname, '../../../shared/specs/mastodon-openapi.schema.json');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

let loaded: { spec: Json; strict: Ajv2020; coercing: Ajv2020 } | null = null;

function load() {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Json;
  const make = (coerce: boolean) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, coerceTypes: coerce });
    addFormats(ajv);
    ajv.addFormat('iso-639-1', /^[a-z]{2}$/u);
    ajv.addSchema({ $id: 'mastodon', components: spec.components }, 'mastodon');
    return ajv;
  };
  loaded = { spec, strict: make(false), coercing: make(true) };
  return loaded;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema taken from the document, its local `#/...` references pointed at the loaded components. */
function compile(key: string, schema: Json, coerce: boolean): ValidateFunction {
  const id = `${coerce ? 'c' : 's'}:${key}`;
  let v = compiled.get(id);
  if (!v) {
    const { strict, coercing } = load();
    v = (coerce ? coercing : strict).compile(rewriteRefs(schema) as Json);
    compiled.set(id, v);
  }
  return v;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `mastodon${v}` : rewriteRefs(v);
  return out;
}

function errorsOf(v: ValidateFunction, where: string): string[] {
  return (v.errors ?? []).map((e) => `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}`.trim());
}

/** The operation for a method and a concrete path, with its template. */
export function findOperation(method: string, path: string): { template: string; operation: Operation; pathParams: Record<string, string> } | null {
  const paths = load().spec.paths as Record<string, Record<string, Operation>>;
  const m = method.toLowerCase();
  let best: { template: string; operation: Operation; pathParams: Record<string, string>; literal: number } | null = null;
  for (const [template, ops] of Object.entries(paths)) {
    const operation = ops[m];
    if (!operation) continue;
    const names: string[] = [];
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/gu, '\\$&').replace(/\{([^}]+)\}/gu, (_a, n: string) => {
      names.push(n);
      return '([^/]+)';
    })}$`, 'u');
    const hit = re.exec(path);
    if (!hit) continue;
    // Prefer the template with the most literal text: /api/v1/accounts/relationships over /api/v1/accounts/{id}.
    const literal = template.replace(/\{[^}]+\}/gu, '').length;
    if (best && best.literal >= literal) continue;
    best = { template, operation, literal, pathParams: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(hit[i + 1]!)])) };
  }
  return best && { template: best.template, operation: best.operation, pathParams: best.pathParams };
}

/** Problems with a request the client sent (method, path, query, headers and body), or [] when it is valid. */
export function validateRequest(r: RecordedRequest): string[] {
  const found = findOperation(r.method, r.path);
  if (!found) return [`${r.method} ${r.path}: no such operation in the API description`];
  const { template, operation, pathParams } = found;
  const where = `${r.method} ${template}`;
  const problems: string[] = [];
  const params = operation.parameters ?? [];

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
  const problems: string[] = [];
  const known = propertyNames(schema);
  if (known.size > 0 && value && typeof value === 'object') {
    for (const k of Object.keys(value)) if (!known.has(k)) problems.push(`${where}: body field ${k} is not in the API description`);
  }
  const { oneOf, ...rest } = schema;
  const relaxed = Array.isArray(oneOf) ? { ...rest, anyOf: oneOf } : schema;
  const v = compile(`${where} body`, relaxed, coerce);
  if (!v(value)) problems.push(...errorsOf(v, `${where} body`));
  return problems;
}

/** Property names a body schema declares, through $ref, allOf, anyOf and oneOf. */
function propertyNames(schema: Json, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && !seen.has(ref)) {
    seen.add(ref);
    const name = ref.slice('#/components/schemas/'.length);
    const target = ((load().spec.components as Json).schemas as Record<string, Json>)[name];
    if (target) for (const n of propertyNames(target, seen)) out.add(n);
  }
  for (const n of Object.keys((schema.properties as Json | undefined) ?? {})) out.add(n);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of (schema[key] as Json[] | undefined) ?? []) for (const n of propertyNames(sub, seen)) out.add(n);
  }
  return out;
}

function checkValue(where: string, schema: Json | undefined, value: unknown): string[] {
  if (!schema) return [];
  const v = compile(where, schema, true);
  return v(value) ? [] : errorsOf(v, where);
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
export function validateEntity(name: string, value: unknown): string[] {
  const v = load().strict.getSchema(`mastodon#/components/schemas/${name}`);
  if (!v) return [`no schema ${name}`];
  return v(value) ? [] : errorsOf(v, name);
}

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
