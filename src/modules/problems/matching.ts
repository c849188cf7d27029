/**
 * What makes tickets "the same fault", decided without I/O: the keys a ticket can recur by
 * (its device, its error code, its customer), when a count of similar tickets is a recurrence,
 * the reason people read, and the problem's human number.
 */
import { similarity } from '../tickets/index.ts';

export const MATCH_KINDS = ['device', 'error_code', 'customer'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface RecurrenceKey {
  kind: MatchKind;
  /** The device or customer id, or the error code trimmed and upper-cased. */
  value: string;
}

/**
 * An error code longer than this is prose typed into the field, not a code: it is no key (the
 * index of error codes leaves such values out, see migration 0010).
 */
export const ERROR_CODE_MAX_LENGTH = 64;

/** Reports by one customer count as one fault when their descriptions are at least this alike. */
export const CUSTOMER_SIMILARITY = 0.5;

/** The characters trimmed off an error code; SQL trims the same set (similar-store.ts). */
const EDGE_SPACE = /^[ \t\r\n\u3000]+|[ \t\r\n\u3000]+$/g;

/** `err-001 ` and `ERR-001` are one code; null when the field holds no usable code. */
export function normalizeErrorCode(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw);
  if (text.length > ERROR_CODE_MAX_LENGTH) return null;
  const code = text.replace(EDGE_SPACE, '').toUpperCase();
  return code || null;
}

/** The keys a ticket can recur by, strongest first: the same device, the same error code, the same customer. */
export function recurrenceKeys(ticket: { deviceId: string | null; customerId: string | null; fields: Record<string, unknown> }): RecurrenceKey[] {
  const keys: RecurrenceKey[] = [];
  if (ticket.deviceId) keys.push({ kind: 'device', value: ticket.deviceId });
  const code = normalizeErrorCode(ticket.fields.errorCode);
  if (code) keys.push({ kind: 'error_code', value: code });
  if (ticket.customerId) keys.push({ kind: 'customer', value: ticket.customerId });
  return keys;
}

/** With `similar` earlier tickets, the new one is the (similar + 1)th: a recurrence from the threshold on. */
export const isRecurrence = (similar: number, threshold: number): boolean => similar + 1 >= threshold;

/**
 * The key a new ticket recurs by, if any: the strongest whose count reaches the threshold. One
 * key per ticket, so the ticket joins one problem.
 */
export function recurringKey(keys: readonly RecurrenceKey[], similarCounts: ReadonlyMap<MatchKind, number>, threshold: number): RecurrenceKey | undefined {
  return keys.find((key) => isRecurrence(similarCounts.get(key.kind) ?? 0, threshold));
}

/** Two reports of one customer (and one type) are the same fault when their descriptions are this alike. */
export const isAlike = (description: string, other: string): boolean => similarity(description, other) >= CUSTOMER_SIMILARITY;

/**
 * The earlier tickets that are the new one's fault by this key. The store finds them by key,
 * type and window; a customer's tickets count only when their descriptions are alike too.
 */
export function sameFault<T extends { kind: MatchKind; description: string | null }>(description: string, kind: MatchKind, rows: readonly T[]): T[] {
  return rows.filter((row) => row.kind === kind && (kind !== 'customer' || isAlike(description, row.description ?? '')));
}

/** How many earlier tickets share each key's fault. */
export function similarCounts(description: string, keys: readonly RecurrenceKey[], rows: readonly { kind: MatchKind; description: string | null }[]): Map<MatchKind, number> {
  return new Map(keys.map((key) => [key.kind, sameFault(description, key.kind, rows).length]));
}

/** Why the problem was opened, as its owner reads it: "同一设备 15 天内第 3 次报修". */
export function recurrenceReason(key: RecurrenceKey, windowDays: number, count: number): string {
  switch (key.kind) {
    case 'device':
      return `同一设备 ${windowDays} 天内第 ${count} 次报修`;
    case 'error_code':
      return `故障码 ${key.value} ${windowDays} 天内第 ${count} 次出现`;
    case 'customer':
      return `同一客户 ${windowDays} 天内第 ${count} 次报修相似故障`;
  }
}

/** PRB-20261124-001: per tenant and local day, three digits (more when a day has more). */
export const problemNumber = (day: string, sequence: number): string => `PRB-${day}-${String(sequence).padStart(3, '0')}`;

/** What closing a problem still lacks: a root cause and a corrective action, each non-blank. */
export function missingForClose(problem: { rootCause: string | null; correctiveAction: string | null }): ('rootCause' | 'correctiveAction')[] {
  const missing: ('rootCause' | 'correctiveAction')[] = [];
  if (!problem.rootCause?.trim()) missing.push('rootCause');
  if (!problem.correctiveAction?.trim()) missing.push('correctiveAction');
  return missing;
}

/** The eradication rate of a group: null when nothing in it has finished its window. */
export const eradicationRate = (closed: number, eradicated: number): number | null =>
  (closed > 0 ? Math.round((eradicated / closed) * 10_000) / 10_000 : null);
