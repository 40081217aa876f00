/**
 * An OpenAPI description loaded for the test servers' validators (test/mastodon-server/openapi.ts,
 * test/peertube-server/openapi.ts): the document read once, on first use (it is large, and most tests that
 * import a validator never call it), its component schemas registered in Ajv, each schema compiled once, and
 * the operation found for a concrete method and path. What each API's server does differently from its
 * description (form bodies, corrections, error documents) stays in that API's openapi.ts.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Ajv for JSON Schema draft-07 (OpenAPI 3.0's schemas) or for 2020-12 (3.1's). */
type AnyAjv = Ajv | Ajv2020;
const addFormats = addFormatsModule as unknown as (ajv: AnyAjv) => void;

export type Json = Record<string, unknown>;
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}
export interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
export interface FoundOperation {
  template: string;
  operation: Operation;
  pathParams: Record<string, string>;
}

export interface SpecOptions {
  /** The description's file, read on first use. */
  file: string;
  /** The document from the file's text (JSON or YAML), with any corrections already made to it. */
  parse: (text: string) => Json;
  /**
   * OpenAPI 3.1's schemas are JSON Schema 2020-12 (Ajv2020); 3.0's are a JSON Schema subset that Ajv's default
   * draft-07 reads.
   */
  openApiVersion: '3.0' | '3.1';
  /** The id the components are registered under: a document's `#/...` reference is read as `<refPrefix>#/...`. */
  refPrefix: string;
  /** Formats the description uses that ajv-formats does not define. */
  addOwnFormats: (ajv: AnyAjv) => void;
}

export interface OpenApiSpec {
  /** The document, as `parse` made it. */
  document: () => Json;
  /**
   * A schema taken from the document, compiled once per key, its local `#/...` references pointed at the
   * registered components. `coerce` casts strings to the declared types (query, path, header, form values).
   */
  compile: (key: string, schema: Json, coerce: boolean) => ValidateFunction;
  /** The last errors of `v`, each prefixed by `where`. */
  errorsOf: (v: ValidateFunction, where: string) => string[];
  /** Problems with a value (coerced) as a schema, or [] when there is no schema. */
  checkValue: (where: string, schema: Json | undefined, value: unknown) => string[];
  /** Problems with a value as a component schema (`Status`, `VideoChannel`...). */
  validateEntity: (name: string, value: unknown) => string[];
  /** The operation for a method and a concrete path, with its template (the most literal template wins). */
  findOperation: (method: string, path: string) => FoundOperation | null;
  /** An operation's parameters, `#/components/parameters/...` references replaced by what they name. */
  parametersOf: (operation: Operation) => Parameter[];
  /** `where: body field x is not in the API description` for each field of `value` the body schema does not declare. */
  undeclaredFields: (where: string, schema: Json, value: unknown) => string[];
}

export function openApiSpec(options: SpecOptions): OpenApiSpec {
  let loaded: { document: Json; strict: AnyAjv; coercing: AnyAjv } | null = null;
  const compiled = new Map<string, ValidateFunction>();

  function load() {
    if (loaded) return loaded;
    const document = options.parse(readFileSync(options.file, 'utf8'));
    const make = (coerce: boolean) => {
      const ajvOptions = { strict: false, allErrors: true, validateFormats: true, coerceTypes: coerce };
      const ajv = options.openApiVersion === '3.1' ? new Ajv2020(ajvOptions) : new Ajv(ajvOptions);
      addFormats(ajv);
      options.addOwnFormats(ajv);
      ajv.addSchema({ $id: options.refPrefix, components: document.components }, options.refPrefix);
      return ajv;
    };
    loaded = { document, strict: make(false), coercing: make(true) };
    return loaded;
  }

  const components = () => load().document.components as Json;

  function rewriteRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(rewriteRefs);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${options.refPrefix}${v}` : rewriteRefs(v);
    }
    return out;
  }

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

  function errorsOf(v: ValidateFunction, where: string): string[] {
    return (v.errors ?? []).map((e) => `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}`.trim());
  }

  function checkValue(where: string, schema: Json | undefined, value: unknown): string[] {
    if (!schema) return [];
    const v = compile(where, schema, true);
    return v(value) ? [] : errorsOf(v, where);
  }

  function validateEntity(name: string, value: unknown): string[] {
    const v = load().strict.getSchema(`${options.refPrefix}#/components/schemas/${name}`);
    if (!v) return [`no schema ${name}`];
    return v(value) ? [] : errorsOf(v, name);
  }

  function findOperation(method: string, path: string): FoundOperation | null {
    const paths = load().document.paths as Record<string, Record<string, Operation>>;
    const m = method.toLowerCase();
    let best: (FoundOperation & { literal: number }) | null = null;
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

  function parametersOf(operation: Operation): Parameter[] {
    return (operation.parameters ?? []).map((p) => {
      if (!('$ref' in p)) return p;
      const name = p.$ref.slice('#/components/parameters/'.length);
      return (components().parameters as Record<string, Parameter>)[name]!;
    });
  }

  /** Property names a body schema declares, through $ref, allOf, anyOf and oneOf. */
  function propertyNames(schema: Json, seen = new Set<string>()): Set<string> {
    const out = new Set<string>();
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && !seen.has(ref)) {
      seen.add(ref);
      const target = (components().schemas as Record<string, Json>)[ref.slice('#/components/schemas/'.length)];
      if (target) for (const n of propertyNames(target, seen)) out.add(n);
    }
    for (const n of Object.keys((schema.properties as Json | undefined) ?? {})) out.add(n);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      for (const sub of (schema[key] as Json[] | undefined) ?? []) for (const n of propertyNames(sub, seen)) out.add(n);
    }
    return out;
  }

  function undeclaredFields(where: string, schema: Json, value: unknown): string[] {
    const known = propertyNames(schema);
    // A schema that names no properties (free-form, or only a type) declares no field list to hold the body to.
    if (known.size === 0 || !value || typeof value !== 'object') return [];
    return Object.keys(value).filter((k) => !known.has(k)).map((k) => `${where}: body field ${k} is not in the API description`);
  }

  return { document: () => load().document, compile, errorsOf, checkValue, validateEntity, findOperation, parametersOf, undeclaredFields };
}
