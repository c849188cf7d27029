/** What a sender gets: one rendered message, and how to say it in each channel's format. */
import { linkLabel, type Language } from '../templates.ts';

export interface OutgoingMessage {
  /** Email address or phone number; null for a group robot. */
  to: string | null;
  language: Language;
  title: string;
  body: string;
  url: string | null;
  /** Stable across retries: the delivery job's id. */
  idempotencyKey: string;
}

/** Plain text: the body, then the link on its own line. */
export function plainText(message: OutgoingMessage): string {
  return message.url ? `${message.body}\n\n${linkLabel(message.language)}: ${message.url}` : message.body;
}

/** Markdown for robots; `lineBreak` is "\n\n" where a single newline would be folded away. */
export function markdown(message: OutgoingMessage, lineBreak: string): string {
  const lines = [`### ${message.title}`, ...message.body.split('\n')];
  if (message.url) lines.push(`[${linkLabel(message.language)}](${message.url})`);
  return lines.join(lineBreak);
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 3; // the ellipsis
  let kept = '';
  for (const character of text) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > maxBytes) break;
    kept += character;
  }
  return `${kept}…`;
}
