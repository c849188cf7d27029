/**
 * Ticket types and their forms as the web app reads them (GET /ticket-types). A form is a JSON
 * Schema object whose properties each name a widget (src/modules/tickets/forms.ts). The web app
 * adds three keywords of its own, which the server keeps and ignores:
 * - `title` is the field's label in Chinese, `x-title-en` in English;
 * - `x-order` is the field's place in the form: the database keeps the schema as jsonb, which
 *   does not keep the order of an object's keys;
 * - `x-kind: "yesno"` marks a select of `yes`/`no` shown as a yes/no question.
 */
import type { Priority } from './types.ts';

export const WIDGETS = ['text', 'textarea', 'number', 'select', 'multiselect', 'cascader', 'date', 'device', 'photo'] as const;
export type Widget = (typeof WIDGETS)[number];

export interface CascadeOption {
  value: string;
  label: string;
  children?: CascadeOption[];
}

export interface FormField {
  'x-widget': Widget;
  type: string;
  title?: string;
  'x-title-en'?: string;
  'x-order'?: number;
  'x-kind'?: 'yesno';
  enum?: string[];
  items?: { type?: string; enum?: string[] };
  format?: string;
  'x-options'?: CascadeOption[];
  [keyword: string]: unknown;
}

export interface FormSchema {
  type: 'object';
  properties: Record<string, FormField>;
  required?: string[];
}

export interface TicketType {
  key: string;
  nameZh: string;
  nameEn: string;
  defaultPriority: Priority;
  formSchema: FormSchema;
  active: boolean;
  builtin: boolean;
  position: number;
  version: number;
}

export const YES_NO = ['yes', 'no'] as const;

export const isEnglish = (language: string) => language.toLowerCase().startsWith('en');

export const typeName = (type: Pick<TicketType, 'nameZh' | 'nameEn'>, language: string) =>
  isEnglish(language) ? type.nameEn || type.nameZh : type.nameZh || type.nameEn;

/** The label of a field in the reader's language, falling back to the other one, then its key. */
export function fieldLabel(name: string, field: FormField, language: string): string {
  const zh = field.title?.trim();
  const en = field['x-title-en']?.trim();
  return (isEnglish(language) ? en || zh : zh || en) || name;
}

/** The fields of a form in the order the admin gave them (then by key, for forms written by hand). */
export function orderedFields(schema: FormSchema | undefined): { name: string; field: FormField; required: boolean }[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .map(([name, field]) => ({ name, field, required: required.has(name) }))
    .sort((a, b) => (a.field['x-order'] ?? Number.MAX_SAFE_INTEGER) - (b.field['x-order'] ?? Number.MAX_SAFE_INTEGER)
      || a.name.localeCompare(b.name));
}

export const isYesNo = (field: FormField) => field['x-widget'] === 'select' && field['x-kind'] === 'yesno';
