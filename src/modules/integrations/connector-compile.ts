/**
 * A connector's schema and mapping, compiled once per version and kept: an event costs a
 * lookup, not a compile.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError } from '../../platform/errors.ts';
import { compileMapping, describeProblem, MappingError, type CompiledMapping, type MappingRule } from './mapping.ts';
import type { EventFormat } from './connector-payload.ts';

// XML has no types: its "42" must satisfy {"type":"integer"} as JSON's 42 does. JSON is taken as sent.
const exact = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
const lenient = new Ajv({ allErrors: true, strict: false, coerceTypes: 'array' });
for (const ajv of [exact, lenient]) (addFormats as unknown as (ajv: Ajv) => void)(ajv);

export interface CompiledConnector {
  mapping: CompiledMapping;
  validate: Record<EventFormat, ValidateFunction> | null;
}

const compiled = new Map<string, CompiledConnector>();

/** Checks a mapping and schema an admin submits; a 400 naming the rule or the schema's fault. */
export function checkDefinition(mapping: MappingRule[], schema: Record<string, unknown> | null): CompiledConnector {
  let compiledMapping: CompiledMapping;
  try {
    compiledMapping = compileMapping(mapping);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    throw new AppError('invalid_input', `The mapping is not valid: ${error.message}.`, { field: 'mapping', problems: error.problems });
  }
  if (!schema) return { mapping: compiledMapping, validate: null };
  try {
    return { mapping: compiledMapping, validate: { json: exact.compile(schema), xml: lenient.compile(structuredClone(schema)) } };
  } catch (error) {
    throw new AppError('invalid_input', `The schema is not a valid JSON Schema: ${(error as Error).message}.`, { field: 'schema' });
  }
}

export function compiledConnector(connector: { id: string; version: number; mapping: MappingRule[]; schema: Record<string, unknown> | null }): CompiledConnector {
  const cacheKey = `${connector.id}:${connector.version}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    entry = checkDefinition(connector.mapping, connector.schema);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(cacheKey, entry);
  }
  return entry;
}

function fieldOf(issue: ErrorObject): string {
  const params = issue.params as { missingProperty?: string; additionalProperty?: string };
  const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf = params.missingProperty ?? params.additionalProperty;
  return [base, leaf].filter(Boolean).join('.') || '(root)';
}

/** A 422 naming the first field that breaks the admin's schema and the rule it breaks. */
export function checkSchema(connector: CompiledConnector, format: EventFormat, document: unknown): void {
  const validate = connector.validate?.[format];
  if (!validate || validate(document)) return;
  const problems = (validate.errors ?? []).map((issue) => ({ field: fieldOf(issue), rule: issue.keyword, message: issue.message ?? 'is not valid' }));
  const first = problems[0];
  throw new AppError('business_rule', `The event breaks the connector's schema: field "${first.field}" ${first.message} (rule ${first.rule}).`,
    { field: first.field, rule: first.rule, problems });
}

/** A 422 naming the mapping rule and the field that could not be filled. */
export function mappingFailure(error: MappingError): AppError {
  const first = error.problems[0];
  return new AppError('business_rule', `The event does not map: ${error.problems.map(describeProblem).join('; ')}.`,
    { field: first.to, rule: first.rule + 1, problems: error.problems });
}
