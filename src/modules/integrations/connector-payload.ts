/**
 * Reads an inbound event body as JSON or XML into one object shape, so the same mapping and
 * schema work for both (an ERP that switches from JSON to XML keeps flowing). The body decides
 * when it is unambiguous; the Content-Type only breaks ties.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../platform/errors.ts';

export const MAX_EVENT_BYTES = 256 * 1024;

export type EventFormat = 'json' | 'xml';

// Entity expansion off: an inbound document cannot define or expand entities (billion laughs,
// external entities). DOCTYPEs are refused before parsing anyway; this is the second wall.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Values stay text, exactly as sent: "ERR-001 " keeps its space, "00123" its zeros. The
  // mapping's transforms decide what to trim and coerce, the same for JSON and XML.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  maxNestedTags: 64,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Only the five predefined entities and character references: nothing a document can define. */
function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return PREDEFINED[name] ?? whole;
  });
}

function decodeTree(value: unknown): unknown {
  if (typeof value === 'string') return decodeText(value);
  if (Array.isArray(value)) return value.map(decodeTree);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      // Whitespace between child elements is layout, not data.
      if (key === '#text' && typeof child === 'string' && !child.trim() && Object.keys(value).length > 1) continue;
      out[key] = decodeTree(child);
    }
    return out;
  }
  return value;
}

export function detectFormat(body: string, contentType: string | undefined): EventFormat {
  const first = body.trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{' || first === '[') return 'json';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('xml')) return 'xml';
  if (type.includes('json')) return 'json';
  throw new AppError('unsupported_media_type', 'The event is neither JSON nor XML: send application/json or application/xml.');
}

function parseXml(body: string): unknown {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new AppError('invalid_input', 'XML with a DOCTYPE or entity declarations is refused.', { field: 'body', rule: 'no_doctype' });
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new AppError('invalid_input', `The XML is not well-formed: ${valid.err.msg} (line ${valid.err.line}).`, { field: 'body', rule: 'xml' });
  }
  const document = parser.parse(body) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (roots.length !== 1) throw new AppError('invalid_input', 'The XML needs exactly one root element.', { field: 'body', rule: 'xml' });
  // The root element is the event itself: <event><id>1</id></event> reads as {"id": "1"}, like the JSON.
  const root = document[roots[0]];
  return decodeTree(root === '' ? {} : root);
}

/** Parses one event body; malformed input is a 400 that says why. */
export function parseEventBody(body: string, contentType: string | undefined): { format: EventFormat; document: unknown } {
  if (Buffer.byteLength(body) > MAX_EVENT_BYTES) {
    throw new AppError('payload_too_large', `An event may be at most ${MAX_EVENT_BYTES / 1024} KB.`, { limit: MAX_EVENT_BYTES });
  }
  const format = detectFormat(body, contentType);
  if (format === 'xml') return { format, document: parseXml(body) };
  try {
    return { format, document: JSON.parse(body) };
  } catch (error) {
    throw new AppError('invalid_json', `The event is not valid JSON: ${(error as Error).message}.`, { field: 'body', rule: 'json' });
  }
}
