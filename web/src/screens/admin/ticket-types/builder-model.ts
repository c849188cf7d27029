/**
 * The form builder's model: a type's form schema as a list of draft fields the admin edits, and
 * back. Keywords the builder does not edit (maxLength, minimum, a cascader's tree…) are kept as
 * they were, unless the admin changes the field's kind.
 */
import { isYesNo, orderedFields, YES_NO, type FormField, type FormSchema, type Widget } from '../../../shared/ticket-forms.ts';

/** What the admin picks from: the widgets, with yes/no as a kind of its own. */
export const FIELD_KINDS = ['text', 'textarea', 'number', 'select', 'multiselect', 'yesno', 'date', 'device', 'cascader', 'photo'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
/** Kinds the builder can create; cascader and photo fields made through the API are kept and shown. */
export const CREATABLE_KINDS: readonly FieldKind[] = ['text', 'textarea', 'number', 'select', 'multiselect', 'yesno', 'date', 'device'];
export const hasOptions = (kind: FieldKind) => kind === 'select' || kind === 'multiselect';

export interface DraftField {
  /** Identity in the editor (React key, drag and drop); not saved. */
  uid: string;
  /** The key in the schema and in tickets' fields; absent until the field is first saved. */
  name?: string;
  kind: FieldKind;
  titleZh: string;
  titleEn: string;
  options: string[];
  required: boolean;
  /** Keywords of the saved field that the builder does not edit. */
  kept: Record<string, unknown>;
}

const MANAGED = new Set(['x-widget', 'type', 'title', 'x-title-en', 'x-order', 'x-kind', 'enum', 'items']);
const KIND_KEYWORDS: Partial<Record<FieldKind, Record<string, unknown>>> = {
  date: { format: 'date' },
  device: { format: 'uuid' },
};

let counter = 0;
export const newUid = () => `f${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newField(kind: FieldKind): DraftField {
  return { uid: newUid(), kind, titleZh: '', titleEn: '', options: [], required: false, kept: { ...KIND_KEYWORDS[kind] } };
}

export function fieldsFromSchema(schema: FormSchema | undefined): DraftField[] {
  return orderedFields(schema).map(({ name, field, required }) => {
    const kind: FieldKind = isYesNo(field) ? 'yesno' : field['x-widget'];
    const options = kind === 'select' ? field.enum ?? [] : kind === 'multiselect' ? field.items?.enum ?? [] : [];
    const kept = Object.fromEntries(Object.entries(field).filter(([keyword]) => !MANAGED.has(keyword)));
    return { uid: newUid(), name, kind, titleZh: field.title ?? '', titleEn: field['x-title-en'] ?? '', options: options.map(String), required, kept };
  });
}

/** The widget and JSON type of a kind, as src/modules/tickets/forms.ts expects them. */
function widgetOf(kind: FieldKind): { widget: Widget; type: string } {
  switch (kind) {
    case 'yesno': return { widget: 'select', type: 'string' };
    case 'number': return { widget: 'number', type: 'number' };
    case 'multiselect': case 'cascader': case 'photo': return { widget: kind, type: 'array' };
    default: return { widget: kind, type: 'string' };
  }
}

/** A schema key from the English title (camelCase), else field1, field2…; never one already taken. */
export function fieldKey(titleEn: string, taken: Set<string>): string {
  const words = titleEn.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  let base = words.map((word, index) => (index ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word.toLowerCase())).join('');
  base = /^[a-z]/.test(base) ? base.slice(0, 36) : '';
  if (!base) {
    let index = 1;
    while (taken.has(`field${index}`)) index++;
    return `field${index}`;
  }
  let key = base;
  for (let index = 2; taken.has(key); index++) key = `${base}${index}`;
  return key;
}

/** The draft as the schema the server stores; new fields get their keys here. */
export function schemaFromFields(fields: DraftField[]): { schema: FormSchema; names: string[] } {
  const taken = new Set(fields.map((field) => field.name).filter((name): name is string => !!name));
  const names = fields.map((field) => {
    if (field.name) return field.name;
    const key = fieldKey(field.titleEn, taken);
    taken.add(key);
    return key;
  });
  const properties: Record<string, FormField> = {};
  fields.forEach((field, index) => {
    const { widget, type } = widgetOf(field.kind);
    const options = [...new Set(field.options.map((option) => option.trim()).filter(Boolean))];
    properties[names[index]] = {
      ...field.kept,
      'x-widget': widget,
      type,
      'x-order': index,
      ...(field.titleZh.trim() && { title: field.titleZh.trim() }),
      ...(field.titleEn.trim() && { 'x-title-en': field.titleEn.trim() }),
      ...(field.kind === 'yesno' && { 'x-kind': 'yesno' as const, enum: [...YES_NO] }),
      ...(field.kind === 'select' && { enum: options }),
      ...(field.kind === 'multiselect' && { items: { type: 'string', enum: options } }),
    };
  });
  const required = fields.flatMap((field, index) => (field.required ? [names[index]] : []));
  return { schema: { type: 'object', properties, required }, names };
}

/** A field moved from one place to another (drag and drop, or the up/down buttons). */
export function moveField(fields: DraftField[], from: number, to: number): DraftField[] {
  if (from === to || from < 0 || to < 0 || from >= fields.length || to >= fields.length) return fields;
  const next = [...fields];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** A new kind starts without the old kind's keywords (a date's format is no text's). */
export function changeKind(field: DraftField, kind: FieldKind): DraftField {
  return { ...field, kind, kept: { ...KIND_KEYWORDS[kind] }, options: hasOptions(kind) ? field.options : [] };
}

export type DraftProblem = { kind: 'needsLabel'; index: number } | { kind: 'needsOptions'; index: number };

/** What the admin must fix before saving, found here so the message is in their language. */
export function draftProblems(fields: DraftField[]): DraftProblem[] {
  return fields.flatMap((field, index): DraftProblem[] => [
    ...(!field.titleZh.trim() && !field.titleEn.trim() ? [{ kind: 'needsLabel' as const, index }] : []),
    ...(hasOptions(field.kind) && !field.options.some((option) => option.trim()) ? [{ kind: 'needsOptions' as const, index }] : []),
  ]);
}
