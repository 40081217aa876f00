/**
 * The manifest's JSON Schema (schema/batch.schema.json, shipped in the package) compiled once with ajv's
 * draft 2020-12 build, and its complaints turned into problems that name the row and the field.
 */
import { readFileSync } from 'node:fs';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { packageFile } from '../../packageFile.js';
import type { ManifestProblem } from './types.js';

let compiled: ReturnType<Ajv2020['compile']> | null = null;

async function validator(): Promise<ReturnType<Ajv2020['compile']>> {
  if (!compiled) {
    // Loaded when a manifest is read, not when the CLI starts: every other command starts faster without it.
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    compiled = ajv.compile(JSON.parse(readFileSync(packageFile('schema/batch.schema.json'), 'utf8')) as object);
  }
  return compiled;
}

/** Every schema problem of the document, each with its row (by id when it has one) and field. */
export async function schemaProblems(document: unknown): Promise<ManifestProblem[]> {
  const validate = await validator();
  if (validate(document)) return [];
  const rows = rowsOf(document);
  return (validate.errors ?? []).map((e) => problemOf(e, rows));
}

function rowsOf(document: unknown): unknown[] {
  const rows = (document as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? rows : [];
}

/** `#3` for the third row without a usable id. */
export function rowName(rows: readonly unknown[], index: number): string {
  const id = (rows[index] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id.trim() !== '' ? id : `#${index + 1}`;
}

function problemOf(e: ErrorObject, rows: unknown[]): ManifestProblem {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let row: string | null = null;
  let rest = parts;
  if (parts[0] === 'rows' && parts[1] !== undefined) {
    row = rowName(rows, Number(parts[1]));
    rest = parts.slice(2);
  } else if (parts[0] === 'defaults') {
    row = 'defaults';
    rest = parts.slice(1);
  }
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
    const field = String(params.unevaluatedProperty ?? params.additionalProperty);
    return { row, field, code: /token|secret|password|bearer/i.test(field) ? 'token_in_manifest' : 'unknown_field', detail: null };
  }
  if (e.keyword === 'required') return { row, field: String(params.missingProperty), code: 'missing_field', detail: null };
  const field = rest[0] ?? (parts[0] === 'rows' || parts[0] === 'defaults' ? null : parts[0] ?? null);
  const allowed = Array.isArray(params.allowedValues) ? `one of ${params.allowedValues.join(', ')}` : null;
  return { row, field, code: 'schema', detail: allowed ?? e.message ?? e.keyword };
}
