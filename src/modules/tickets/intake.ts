/** Pure helpers of intake: a title from the description, device codes in text, duplicates. */

const TITLE_MAX = 60;
const CLAUSE_TARGET = 40;
/** A serial or QR code value: letters, digits and dashes, at least one digit (checked apart). */
const CODE = /[A-Za-z0-9][A-Za-z0-9_-]{3,63}/g;

/**
 * The first sentence or line of the description. A long sentence is cut at its clauses (，,；)
 * to about 40 characters, and at 60 characters at the most.
 */
export function deriveTitle(description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?)(?:[。！？!?；;\n]|[.](?:\s|$)|$)/u.exec(text)?.[1]?.trim() || text;
  let title = sentence;
  if (Array.from(sentence).length > CLAUSE_TARGET) {
    const clauses = sentence.split(/(?<=[，,、：:])/u);
    title = clauses[0];
    for (const clause of clauses.slice(1)) {
      if (Array.from(title + clause).length > CLAUSE_TARGET) break;
      title += clause;
    }
    title = title.replace(/[，,、：:]$/u, '');
  }
  const chars = Array.from(title);
  return chars.length <= TITLE_MAX ? title : chars.slice(0, TITLE_MAX - 1).join('').trimEnd() + '…';
}

/**
 * Codes that may name a device: serials and QR values are runs of letters, digits and dashes
 * (a QR value inside a URL is one path segment of it).
 */
export function deviceTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const match of text.matchAll(CODE)) {
    const token = match[0];
    if (/\d/.test(token)) tokens.add(token);
    if (tokens.size >= 50) break;
  }
  return [...tokens];
}

function bigrams(text: string): Set<string> {
  // Serials and QR codes say which device, not what is wrong with it: they must not dilute the text.
  const words = text.replace(CODE, (code) => (/\d/.test(code) ? ' ' : code));
  const chars = Array.from(words.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ''));
  const grams = new Set<string>();
  if (chars.length === 1) grams.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return grams;
}

/**
 * How alike two reports are, from 0 to 1: the share of the shorter text's character pairs
 * found in the longer one. Works for Chinese (no word breaks) and English alike, and lets
 * "主轴异响" match "3号机床主轴异响，请尽快处理".
 */
export function similarity(a: string, b: string): number {
  return overlap(bigrams(a), bigrams(b));
}

function overlap(left: Set<string>, right: Set<string>): number {
  if (!left.size || !right.size) return 0;
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared++;
  return shared / small.size;
}

export const DUPLICATE_THRESHOLD = 0.6;

/** Open tickets are compared with every new report of their requester: keep their pairs. */
const candidateGrams = new Map<string, Set<string>>();

function candidateBigrams(text: string): Set<string> {
  let grams = candidateGrams.get(text);
  if (!grams) {
    grams = bigrams(text);
    if (candidateGrams.size >= 5000) candidateGrams.delete(candidateGrams.keys().next().value!);
    candidateGrams.set(text, grams);
  }
  return grams;
}

export interface DuplicateCandidate {
  id: string;
  number: string;
  title: string;
  status: string;
  description: string;
}

/** The open ticket a new report repeats, if any: the most similar above the threshold. */
export function findDuplicate<T extends DuplicateCandidate>(description: string, candidates: T[]): { ticket: T; similarity: number } | undefined {
  let best: { ticket: T; similarity: number } | undefined;
  const reported = bigrams(description);
  for (const ticket of candidates) {
    const score = overlap(reported, candidateBigrams(ticket.description));
    if (score >= DUPLICATE_THRESHOLD && (!best || score > best.similarity)) best = { ticket, similarity: score };
  }
  return best;
}
