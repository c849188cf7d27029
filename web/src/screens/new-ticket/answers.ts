/**
 * Which guided questions a reader can answer, and which answers are worth sending: kept apart
 * from the widgets, so the new-ticket page loads those only for a type that has questions.
 */
import { orderedFields, type FormField, type FormSchema } from '../../shared/ticket-forms.ts';

/** Whether this reader can answer the field here. */
export const answerable = (field: FormField, staff: boolean) =>
  field['x-widget'] !== 'photo' && (field['x-widget'] !== 'device' || staff);

/** The questions of a form this reader can answer on the new-ticket page. */
export const answerableFields = (schema: FormSchema | undefined, staff: boolean) =>
  orderedFields(schema).filter(({ field }) => answerable(field, staff));

/** The answers worth sending: empty ones are left out, so an optional question stays unanswered. */
export function answeredFields(values: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const answered = Object.entries(values ?? {}).filter(([, value]) =>
    value !== undefined && value !== null && !(typeof value === 'string' && !value.trim()) && !(Array.isArray(value) && !value.length));
  return answered.length ? Object.fromEntries(answered.map(([name, value]) => [name, typeof value === 'string' ? value.trim() : value])) : undefined;
}
