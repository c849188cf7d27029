/**
 * Closure rules: per ticket type, and optionally per category (the ticket's `fields.category`),
 * the evidence a resolve needs and whether an expert reviews the fix first. Pure: the types,
 * the validation of what an admin sends (every refusal names its field), and which stored
 * rule applies to a ticket.
 */
import { AppError } from '../../platform/errors.ts';

export const EVIDENCE_KINDS = ['photo', 'screenshot', 'log', 'test_report', 'measurement', 'signature'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** How each kind reads in a message to people, Chinese first. */
export const EVIDENCE_LABELS: Record<EvidenceKind, { zh: string; en: string }> = {
  photo: { zh: '照片', en: 'photo' },
  screenshot: { zh: '截图', en: 'screenshot' },
  log: { zh: '日志摘录', en: 'log excerpt' },
  test_report: { zh: '测试报告', en: 'test report' },
  measurement: { zh: '测量值', en: 'measured value' },
  signature: { zh: '签字', en: 'signature' },
};

export interface ChecklistItem {
  key: string;
  label: string;
  labelEn: string | null;
  evidence: EvidenceKind;
  required: boolean;
  /** Measurement only: the unit the value is read in, and the range a fixed machine stays within. */
  unit: string | null;
  min: number | null;
  max: number | null;
}

export interface ClosureRule {
  id: string;
  ticketType: string;
  category: string | null;
  items: ChecklistItem[];
  reviewRequired: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin sends, as the route's schema lets it through: shapes right, rules unchecked. */
export interface RuleInput {
  ticketType: string;
  category?: string | null;
  items: {
    key: string; label: string; labelEn?: string | null; evidence: string; required?: boolean;
    unit?: string | null; min?: number | null; max?: number | null;
  }[];
  reviewRequired: boolean;
}

export type ValidRule = Pick<ClosureRule, 'ticketType' | 'category' | 'items' | 'reviewRequired'>;

export const MAX_ITEMS = 50;
const KEY = /^[a-z][a-z0-9_-]{0,39}$/;

const invalid = (field: string, message: string) => new AppError('invalid_input', `${field}: ${message}`, { field });

function text(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field, 'must not be blank; leave it out instead.');
  if (trimmed.length > maxLength) throw invalid(field, `at most ${maxLength} characters.`);
  return trimmed;
}

function bound(value: number | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isFinite(value)) throw invalid(field, 'must be a finite number.');
  return value;
}

function validateItem(input: RuleInput['items'][number], index: number): ChecklistItem {
  const at = `items[${index}]`;
  if (!KEY.test(input.key)) {
    throw invalid(`${at}.key`, `"${input.key}" is not a key: start with a-z, then a-z, 0-9, _ or -, at most 40 characters.`);
  }
  const label = text(input.label, `${at}.label`, 200);
  if (!label) throw invalid(`${at}.label`, 'is required.');
  if (!(EVIDENCE_KINDS as readonly string[]).includes(input.evidence)) {
    throw invalid(`${at}.evidence`, `"${input.evidence}" is not an evidence kind; one of ${EVIDENCE_KINDS.join(', ')}.`);
  }
  const evidence = input.evidence as EvidenceKind;
  const unit = text(input.unit, `${at}.unit`, 20);
  const min = bound(input.min, `${at}.min`);
  const max = bound(input.max, `${at}.max`);
  if (evidence !== 'measurement') {
    // A range or unit on a photo would read as a promise the server cannot check.
    const stray = unit !== null ? 'unit' : min !== null ? 'min' : max !== null ? 'max' : null;
    if (stray) throw invalid(`${at}.${stray}`, 'only a measurement item has a unit and a range.');
  }
  if (min !== null && max !== null && min > max) throw invalid(`${at}.min`, `the range is empty: min ${min} is above max ${max}.`);
  return { key: input.key, label, labelEn: text(input.labelEn, `${at}.labelEn`, 200), evidence, required: input.required ?? true, unit, min, max };
}

/** Checks a rule's own consistency (the ticket type's existence needs the database: see the service). */
export function validateRule(input: RuleInput): ValidRule {
  const ticketType = input.ticketType.trim();
  if (!ticketType) throw invalid('ticketType', 'is required.');
  if (input.items.length > MAX_ITEMS) throw invalid('items', `at most ${MAX_ITEMS} items.`);
  const items = input.items.map(validateItem);
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.key)) throw invalid(`items[${index}].key`, `"${item.key}" is used twice; keys must be unique.`);
    seen.add(item.key);
  }
  return { ticketType, category: text(input.category, 'category', 100), items, reviewRequired: input.reviewRequired };
}

/** The rule input a stored rule came from, to apply a partial change over. */
export const inputOfRule = (rule: ValidRule): RuleInput => ({
  ticketType: rule.ticketType, category: rule.category, items: rule.items, reviewRequired: rule.reviewRequired,
});

/** A ticket's category for rule matching: `fields.category` when it is text, else none. */
export function categoryOf(fields: Record<string, unknown>): string | null {
  const category = fields.category;
  return typeof category === 'string' && category.trim() ? category.trim() : null;
}

/**
 * The rule of the ticket's type and category if there is one, else the type's rule without a
 * category, else none: a category rule refines the type's rule rather than adding to it.
 */
export function chooseRule<R extends Pick<ClosureRule, 'ticketType' | 'category'>>(rules: readonly R[], type: string, category: string | null): R | undefined {
  const ofType = rules.filter((rule) => rule.ticketType === type);
  return (category !== null ? ofType.find((rule) => rule.category === category) : undefined)
    ?? ofType.find((rule) => rule.category === null);
}
