/**
 * Custom fields of a ticket type: a JSON Schema object whose properties each name a widget.
 * No field is required unless the admin lists it in `required`.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError } from '../../platform/errors.ts';

export const WIDGETS = ['text', 'textarea', 'number', 'select', 'multiselect', 'cascader', 'date', 'device', 'photo'] as const;
export type Widget = (typeof WIDGETS)[number];

export interface CascadeOption {
  value: string;
  label: string;
  children?: CascadeOption[];
}

export interface FieldSchema {
  'x-widget': Widget;
  title?: string;
  type: string;
  'x-options'?: CascadeOption[];
  [keyword: string]: unknown;
}

export interface FormSchema {
  type: 'object';
  properties: Record<string, FieldSchema>;
  required?: string[];
}

/** The JSON type each widget's value has. */
const WIDGET_TYPES: Record<Widget, string> = {
  text: 'string', textarea: 'string', number: 'number', select: 'string', multiselect: 'array',
  cascader: 'array', date: 'string', device: 'string', photo: 'array',
};

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (ajv: Ajv) => void)(ajv);

function invalidSchema(message: string, field?: string): AppError {
  return new AppError('invalid_input', `Form schema: ${message}`, field ? { field } : {});
}

function checkCascade(options: unknown, field: string, depth = 0): void {
  if (!Array.isArray(options) || !options.length || depth > 6) throw invalidSchema(`${field} needs x-options as a tree of {value,label,children?}.`, field);
  for (const option of options as CascadeOption[]) {
    if (typeof option?.value !== 'string' || typeof option.label !== 'string') throw invalidSchema(`every option of ${field} needs a value and a label.`, field);
    if (option.children !== undefined) checkCascade(option.children, field, depth + 1);
  }
}

/** Refuses a form schema that could not work; answers it normalised. */
export function validateFormSchema(input: unknown): FormSchema {
  const schema = input as FormSchema;
  if (!schema || typeof schema !== 'object' || schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    throw invalidSchema('it must be {"type":"object","properties":{...}}.');
  }
  const names = Object.keys(schema.properties);
  if (names.length > 100) throw invalidSchema('at most 100 fields.');
  for (const name of names) {
    if (!/^[a-zA-Z][a-zA-Z0-9_]{0,40}$/.test(name)) throw invalidSchema(`"${name}" is not a field name (letters, digits, _).`, name);
    const field = schema.properties[name];
    const widget = field?.['x-widget'];
    if (!WIDGETS.includes(widget)) throw invalidSchema(`${name} needs x-widget, one of ${WIDGETS.join(', ')}.`, name);
    if (field.type !== WIDGET_TYPES[widget]) throw invalidSchema(`${name} is a ${widget}, so its type must be ${WIDGET_TYPES[widget]}.`, name);
    if ((widget === 'select' || widget === 'multiselect')) {
      const values = widget === 'select' ? field.enum : (field.items as { enum?: unknown })?.enum;
      if (!Array.isArray(values) || !values.length) throw invalidSchema(`${name} needs its options as enum.`, name);
    }
    if (widget === 'cascader') checkCascade(field['x-options'], name);
  }
  const required = schema.required ?? [];
  if (!Array.isArray(required) || required.some((name) => !names.includes(name))) {
    throw invalidSchema('required may only name fields of the form.');
  }
  try {
    ajv.compile({ ...schema, additionalProperties: false });
  } catch (error) {
    throw invalidSchema((error as Error).message);
  }
  return { type: 'object', properties: schema.properties, required };
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(cacheKey: string, schema: FormSchema): ValidateFunction {
  let validate = compiled.get(cacheKey);
  if (!validate) {
    validate = ajv.compile({ ...schema, additionalProperties: false });
    if (compiled.size > 2000) compiled.clear();
    compiled.set(cacheKey, validate);
  }
  return validate;
}

function isCascadePath(options: CascadeOption[] | undefined, path: unknown[]): boolean {
  let level = options ?? [];
  for (const step of path) {
    const option = level.find((candidate) => candidate.value === step);
    if (!option) return false;
    level = option.children ?? [];
  }
  return true;
}

/**
 * Checks a ticket's custom fields against its type's form. `cacheKey` names the form version,
 * so a compiled validator is reused until the admin changes the form.
 */
export function validateFields(cacheKey: string, schema: FormSchema, fields: Record<string, unknown>): string[] {
  const validate = validatorFor(cacheKey, schema);
  const problems: string[] = [];
  if (!validate(fields)) {
    for (const error of validate.errors ?? []) {
      const field = error.instancePath.split('/')[1] || (error.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty
        || (error.params as { missingProperty?: string }).missingProperty || '';
      const message = error.keyword === 'additionalProperties' ? 'is not a field of this ticket type' : error.message;
      problems.push(`${field} ${message}`.trim());
    }
  }
  for (const [name, field] of Object.entries(schema.properties)) {
    const value = fields[name];
    if (field['x-widget'] === 'cascader' && Array.isArray(value) && !isCascadePath(field['x-options'], value)) {
      problems.push(`${name} is not a path of its options`);
    }
  }
  return problems;
}

/** Device fields name devices, which must exist in the tenant: the service checks these ids. */
export function deviceFieldValues(schema: FormSchema, fields: Record<string, unknown>): string[] {
  return Object.entries(schema.properties)
    .filter(([name, field]) => field['x-widget'] === 'device' && typeof fields[name] === 'string')
    .map(([name]) => fields[name] as string);
}
