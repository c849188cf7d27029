/**
 * What counts as proof for a checklist item, and what a ticket still lacks. Pure.
 *
 * A refusal is 400 when the evidence is absent or malformed (no attachment, no text, no number)
 * and 422 when it is there but proves nothing for this item: a text file offered as a photo, a
 * reading outside the item's range (an out-of-spec value shows the fault, not the fix).
 */
import { AppError } from '../../platform/errors.ts';
import { EVIDENCE_LABELS, type ChecklistItem, type EvidenceKind } from './rules-model.ts';

/** An attachment of the ticket, as evidence sees it. */
export interface EvidenceFile {
  id: string;
  name: string;
  mime: string;
}

export interface EvidenceInput {
  files: EvidenceFile[];
  text: string | null;
  value: number | null;
}

/** A met item, as stored. */
export interface ChecklistEntry {
  itemKey: string;
  evidence: EvidenceKind;
  attachmentIds: string[];
  text: string | null;
  value: number | null;
  doneBy: string;
  doneAt: Date;
}

export const MAX_LOG_CHARS = 20_000;
const IMAGE_KINDS: readonly EvidenceKind[] = ['photo', 'screenshot', 'signature'];

/** Pictures a phone or a screen makes; an SVG is a drawing (and can carry script), not a photo. */
export const isImage = (mime: string) => mime.startsWith('image/') && mime !== 'image/svg+xml';
const isPlainText = (mime: string) => mime === 'text/plain';

const describe = (item: ChecklistItem) => `"${item.label}" (${EVIDENCE_LABELS[item.evidence].en})`;
const listFiles = (files: EvidenceFile[]) => files.map((file) => `${file.name} (${file.mime})`).join(', ');

function absent(item: ChecklistItem, field: string, needs: string): AppError {
  return new AppError('invalid_input', `${field}: ${describe(item)} needs ${needs}.`, { field, key: item.key, evidence: item.evidence });
}

function unconvincing(item: ChecklistItem, field: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('business_rule', `${field}: ${message}`, { field, key: item.key, evidence: item.evidence, ...extra });
}

const rangeText = (item: ChecklistItem) => {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.min !== null && item.max !== null) return `${item.min}–${item.max}${unit}`;
  return item.min !== null ? `at least ${item.min}${unit}` : `at most ${item.max}${unit}`;
};

/** Whether a reading lies within the item's range (an open end accepts anything on that side). */
export const inRange = (item: ChecklistItem, value: number) =>
  (item.min === null || value >= item.min) && (item.max === null || value <= item.max);

/** Throws the refusal when the input does not prove the item; returns when it does. */
export function checkEvidence(item: ChecklistItem, input: EvidenceInput): void {
  const { files, text, value } = input;
  if (value !== null && item.evidence !== 'measurement') {
    throw new AppError('invalid_input', `value: ${describe(item)} is not a measurement; send attachments or text.`, { field: 'value', key: item.key });
  }
  if (text !== null && text.length > MAX_LOG_CHARS) {
    throw new AppError('invalid_input', `text: at most ${MAX_LOG_CHARS} characters.`, { field: 'text', key: item.key });
  }
  if (IMAGE_KINDS.includes(item.evidence)) {
    if (!files.length) throw absent(item, 'attachmentIds', 'at least one image uploaded to this ticket');
    if (!files.some((file) => isImage(file.mime))) {
      throw unconvincing(item, 'attachmentIds', `${describe(item)} needs an image; ${listFiles(files)} is not one.`,
        { mimes: files.map((file) => file.mime) });
    }
    return;
  }
  switch (item.evidence) {
    case 'test_report':
      if (!files.length) throw absent(item, 'attachmentIds', 'the test report uploaded to this ticket');
      return;
    case 'log':
      if (text !== null && text.trim()) return;
      if (!files.length) throw absent(item, 'text', 'the log excerpt as text, or a text file uploaded to this ticket');
      if (!files.some((file) => isPlainText(file.mime))) {
        throw unconvincing(item, 'attachmentIds', `${describe(item)} needs the log as text or a plain-text file; ${listFiles(files)} is not one.`,
          { mimes: files.map((file) => file.mime) });
      }
      return;
    case 'measurement':
      if (value === null || !Number.isFinite(value)) throw absent(item, 'value', 'the measured value as a number');
      if (!inRange(item, value)) {
        throw unconvincing(item, 'value',
          `${value}${item.unit ? ` ${item.unit}` : ''} is outside the range of ${describe(item)}, ${rangeText(item)}: a reading out of spec does not prove the fix.`,
          { value, min: item.min, max: item.max, unit: item.unit });
      }
      return;
  }
}

/**
 * Whether a stored tick still meets the item as the rule now stands: an admin who turns a log
 * item into a photo item, or narrows a range, asks for proof the old tick does not give.
 */
export function entrySatisfies(item: ChecklistItem, entry: ChecklistEntry | undefined): boolean {
  if (!entry || entry.evidence !== item.evidence) return false;
  if (item.evidence === 'measurement') return entry.value !== null && inRange(item, entry.value);
  return true;
}

/** The required items a ticket has not met, in the rule's order. */
export function missingItems(items: readonly ChecklistItem[], entries: readonly ChecklistEntry[]): ChecklistItem[] {
  const byKey = new Map(entries.map((entry) => [entry.itemKey, entry]));
  return items.filter((item) => item.required && !entrySatisfies(item, byKey.get(item.key)));
}

/** The refusal of a resolve with items missing: every one named, with the evidence it needs. */
export function checklistIncomplete(missing: readonly ChecklistItem[]): AppError {
  const zh = missing.map((item) => `${item.label}（${EVIDENCE_LABELS[item.evidence].zh}）`).join('、');
  const en = missing.map((item) => `${item.labelEn ?? item.label} (${EVIDENCE_LABELS[item.evidence].en})`).join(', ');
  return new AppError('business_rule',
    `结案清单未完成，还缺：${zh}。The closure checklist is not met; missing: ${en}.`,
    { missing: missing.map((item) => ({ key: item.key, label: item.label, labelEn: item.labelEn, evidence: item.evidence })) });
}
