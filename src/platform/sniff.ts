/**
 * What a file really is, read from its first bytes, and how it may be served. Clients lie about
 * types (a browser guesses from the extension; an attacker picks whatever gets past a filter),
 * so an upload's MIME comes from here and never from the request. Pure: no I/O.
 */

/** A coarse grouping of sniffed types, for defaults such as an attachment's kind. */
export type Family = 'image' | 'audio' | 'video' | 'document' | 'archive' | 'text' | 'html' | 'svg' | 'xml' | 'unknown';

export interface Sniffed {
  mime: string;
  family: Family;
}

export const OCTET_STREAM = 'application/octet-stream';
const UNKNOWN: Sniffed = { mime: OCTET_STREAM, family: 'unknown' };

export const OFFICE_MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

const startsWith = (head: Buffer, signature: string | number[], offset = 0) => {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
};
const latin1 = (head: Buffer, start: number, end: number) => head.toString('latin1', start, Math.min(end, head.length));

/** ISO base media (MP4, M4A, MOV, HEIC, AVIF): the `ftyp` box names the brands the file conforms to. */
function sniffIsoMedia(head: Buffer): Sniffed {
  const boxSize = Math.min(head.readUInt32BE(0), head.length, 256);
  const brands = [latin1(head, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(latin1(head, offset, offset + 4));
  const major = brands[0];
  const has = (...names: string[]) => names.some((name) => brands.includes(name));
  if (has('avif', 'avis')) return { mime: 'image/avif', family: 'image' };
  if (has('heic', 'heix', 'hevc', 'hevx', 'heim', 'heis')) return { mime: 'image/heic', family: 'image' };
  if (has('mif1', 'msf1', 'heif')) return { mime: 'image/heif', family: 'image' };
  if (['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '].includes(major)) return { mime: 'audio/mp4', family: 'audio' };
  if (major === 'qt  ') return { mime: 'video/quicktime', family: 'video' };
  if (major.startsWith('3g2')) return { mime: 'video/3gpp2', family: 'video' };
  if (major.startsWith('3gp')) return { mime: 'video/3gpp', family: 'video' };
  // Generic brands (isom, mp42, …) are used by video and by many Android voice recorders alike:
  // the track handlers tell them apart when the `moov` box comes early enough to be in the head.
  const handlers = new Set<string>();
  for (let at = head.indexOf('hdlr'); at >= 0 && at + 16 <= head.length; at = head.indexOf('hdlr', at + 4)) {
    handlers.add(latin1(head, at + 12, at + 16));
  }
  if (handlers.has('soun') && !handlers.has('vide')) return { mime: 'audio/mp4', family: 'audio' };
  return { mime: 'video/mp4', family: 'video' };
}

/** Matroska and WebM share the EBML header; the DocType and codec ids say which and whether it has video. */
function sniffMatroska(head: Buffer): Sniffed {
  const text = latin1(head, 0, head.length);
  const webm = text.slice(0, 64).includes('webm');
  const video = /V_(VP8|VP9|AV1|MPEG|THEORA|MS|UNCOMPRESSED)/.test(text);
  const audio = /A_(OPUS|VORBIS|AAC|MPEG|PCM|FLAC|AC3)/.test(text);
  const family = audio && !video ? 'audio' : 'video';
  return { mime: `${family}/${webm ? 'webm' : 'x-matroska'}`, family };
}

/** The first entry names of a zip: OOXML files are zips whose parts live under word/, xl/ or ppt/. */
function zipEntryNames(head: Buffer): string[] {
  const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  const names: string[] = [];
  // Entries may carry their sizes after the data (bit 3), so walk from one local header
  // signature to the next instead of trusting the size fields.
  for (let offset = head.indexOf(signature); offset >= 0 && offset + 30 <= head.length && names.length < 64;) {
    const nameEnd = offset + 30 + head.readUInt16LE(offset + 26);
    if (nameEnd > head.length) break;
    names.push(head.toString('utf8', offset + 30, nameEnd));
    offset = head.indexOf(signature, nameEnd);
  }
  return names;
}

function sniffZip(head: Buffer): Sniffed {
  const names = zipEntryNames(head);
  const under = (prefix: string) => names.some((name) => name.startsWith(prefix));
  if (under('word/')) return { mime: OFFICE_MIME.docx, family: 'document' };
  if (under('xl/')) return { mime: OFFICE_MIME.xlsx, family: 'document' };
  if (under('ppt/')) return { mime: OFFICE_MIME.pptx, family: 'document' };
  return { mime: 'application/zip', family: 'archive' };
}

/** An MPEG audio frame header (MP3 without an ID3 tag), checked well enough to reject random bytes. */
function isMpegAudioFrame(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
  const version = (head[1] >> 3) & 3;
  const layer = (head[1] >> 1) & 3;
  const bitrate = head[2] >> 4;
  const sampleRate = (head[2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0xf && sampleRate !== 3;
}

function sniffRiff(head: Buffer): Sniffed {
  const form = latin1(head, 8, 12);
  if (form === 'WAVE') return { mime: 'audio/wav', family: 'audio' };
  if (form === 'WEBP') return { mime: 'image/webp', family: 'image' };
  if (form === 'AVI ') return { mime: 'video/x-msvideo', family: 'video' };
  return UNKNOWN;
}

function sniffBinary(head: Buffer): Sniffed | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', family: 'image' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', family: 'image' };
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return { mime: 'image/gif', family: 'image' };
  if (startsWith(head, 'RIFF') && head.length >= 12) return sniffRiff(head);
  if (startsWith(head, 'ftyp', 4) && head.length >= 12) return sniffIsoMedia(head);
  // "BM" alone starts plenty of text; the reserved words and the DIB header size make it a bitmap.
  if (startsWith(head, 'BM') && head.length >= 18 && head.readUInt32LE(6) === 0
    && [12, 40, 52, 56, 64, 108, 124].includes(head.readUInt32LE(14))) return { mime: 'image/bmp', family: 'image' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { mime: 'image/tiff', family: 'image' };
  if (startsWith(head, '%PDF-')) return { mime: 'application/pdf', family: 'document' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { mime: 'application/zip', family: 'archive' };
  // Compound File Binary: legacy .doc, .xls, .ppt (and WPS's .wps, .et, .dps).
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { mime: 'application/x-cfb', family: 'document' };
  if (startsWith(head, 'Rar!\x1a\x07')) return { mime: 'application/vnd.rar', family: 'archive' };
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { mime: 'application/x-7z-compressed', family: 'archive' };
  if (startsWith(head, [0x1f, 0x8b, 0x08])) return { mime: 'application/gzip', family: 'archive' };
  if (startsWith(head, 'ID3') && head.length >= 10 && head[3] <= 4) return { mime: 'audio/mpeg', family: 'audio' };
  if (startsWith(head, 'OggS') && head[4] === 0) {
    return latin1(head, 0, 256).includes('theora') ? { mime: 'video/ogg', family: 'video' } : { mime: 'audio/ogg', family: 'audio' };
  }
  if (startsWith(head, '#!AMR-WB\n')) return { mime: 'audio/amr-wb', family: 'audio' };
  if (startsWith(head, '#!AMR\n')) return { mime: 'audio/amr', family: 'audio' };
  if (startsWith(head, 'fLaC')) return { mime: 'audio/flac', family: 'audio' };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return sniffMatroska(head);
  if (head.length >= 4 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return { mime: 'audio/aac', family: 'audio' };
  if (isMpegAudioFrame(head)) return { mime: 'audio/mpeg', family: 'audio' };
  return undefined;
}

/** Drops a UTF-8 sequence cut off by the end of the head, so a truncated head still decodes. */
function withoutCutSequence(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

// The WHATWG sniffing patterns browsers use to decide that text is HTML, plus script and frames.
const HTML_START = /^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[\s>/]/;
const HTML_ANYWHERE = /<(!doctype html|html|script|iframe|object|embed)[\s>/]/;
const SVG = /<svg[\s>/]/;

function sniffMarkup(text: string): Sniffed | undefined {
  const lower = text.slice(0, 8192).toLowerCase();
  const start = lower.trimStart();
  if (SVG.test(start.slice(0, 5)) || ((start.startsWith('<?xml') || start.startsWith('<!doctype svg')) && SVG.test(lower))) {
    return { mime: 'image/svg+xml', family: 'svg' };
  }
  if (HTML_START.test(start) || HTML_ANYWHERE.test(lower)) return { mime: 'text/html', family: 'html' };
  if (SVG.test(lower)) return { mime: 'image/svg+xml', family: 'svg' };
  if (start.startsWith('<?xml')) return { mime: 'application/xml', family: 'xml' };
  return undefined;
}

/** Tabs, line breaks, form feeds and terminal escapes appear in text and logs; other controls mean binary. */
const isBinaryControl = (byte: number) => byte === 0x7f || (byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte));

function sniffText(head: Buffer, complete: boolean): Sniffed | undefined {
  let bytes = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  if (bytes.some(isBinaryControl)) return undefined;
  if (!complete) bytes = withoutCutSequence(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return sniffMarkup(text) ?? { mime: 'text/plain', family: 'text' };
}

/**
 * The type of a file from its first bytes. `complete` says the head is the whole file (a
 * multi-byte character cut off at the end of a partial head is not an encoding error).
 */
export function sniff(head: Buffer, options: { complete: boolean }): Sniffed {
  if (!head.length) return UNKNOWN;
  return sniffBinary(head) ?? sniffText(head, options.complete) ?? UNKNOWN;
}

// --- names against content ---------------------------------------------------------------

interface Expectation {
  /** What the extension promises, for the error message. */
  label: string;
  accepts(mime: string): boolean;
}

const isRaster = (mime: string) => mime.startsWith('image/') && mime !== 'image/svg+xml';
const isAudio = (mime: string) => mime.startsWith('audio/');
const isAudioOrVideo = (mime: string) => mime.startsWith('audio/') || mime.startsWith('video/');
const oneOf = (...mimes: string[]) => (mime: string) => mimes.includes(mime);
const OFFICE = [...Object.values(OFFICE_MIME), 'application/x-cfb', 'application/zip'];
const ARCHIVES = ['application/zip', 'application/vnd.rar', 'application/x-7z-compressed', 'application/gzip', ...Object.values(OFFICE_MIME)];

const EXPECTATIONS: [extensions: string[], expectation: Expectation][] = [
  [['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'webp', 'heic', 'heif', 'avif', 'bmp', 'tif', 'tiff'], { label: 'an image', accepts: isRaster }],
  [['svg'], { label: 'an SVG image', accepts: oneOf('image/svg+xml') }],
  [['mp3', 'wav', 'amr', 'awb', 'flac', 'aac', 'opus', 'oga', 'weba'], { label: 'audio', accepts: isAudio }],
  // Containers that hold audio, video or both: an .m4a from an Android recorder looks like an .mp4.
  [['m4a', 'ogg', 'mp4', 'm4v', 'mov', '3gp', '3g2', 'webm', 'mkv', 'avi'], { label: 'audio or video', accepts: isAudioOrVideo }],
  [['pdf'], { label: 'a PDF', accepts: oneOf('application/pdf') }],
  [['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'et', 'dps'], { label: 'an office document', accepts: oneOf(...OFFICE) }],
  [['zip', 'rar', '7z', 'gz', 'tgz'], { label: 'an archive', accepts: oneOf(...ARCHIVES) }],
  // Text in a legacy encoding (GBK, GB18030) is not UTF-8 and sniffs as unknown binary; it is
  // still text, and is only ever served as a download, so unknown bytes do not contradict it.
  [['txt', 'csv', 'log', 'md', 'json', 'ini', 'conf', 'yaml', 'yml'], {
    label: 'text', accepts: oneOf('text/plain', 'text/html', 'image/svg+xml', 'application/xml', OCTET_STREAM),
  }],
  [['html', 'htm', 'xhtml'], { label: 'a web page', accepts: oneOf('text/html', 'text/plain', 'application/xml') }],
  [['xml'], { label: 'XML', accepts: oneOf('application/xml', 'image/svg+xml', 'text/html', 'text/plain') }],
];
const EXPECTATION_OF = new Map(EXPECTATIONS.flatMap(([extensions, expectation]) => extensions.map((ext) => [ext, expectation] as const)));

/** The lower-case extension of a file name, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Whether a file's bytes contradict its name: `photo.jpg` that is HTML, `report.pdf` that is a
 * PNG. Undefined when they agree, or when the extension is missing or not one we know.
 */
export function nameContradicts(name: string, sniffed: Sniffed): { extension: string; expected: string } | undefined {
  const extension = extensionOf(name);
  const expectation = EXPECTATION_OF.get(extension);
  if (!expectation || expectation.accepts(sniffed.mime)) return undefined;
  return { extension, expected: expectation.label };
}

// --- serving -----------------------------------------------------------------------------

/** Types a browser renders without running anything of the file's: served as what they are. */
const SAFE_TO_RENDER = new Set([
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif',
  'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav', 'audio/amr', 'audio/amr-wb', 'audio/webm',
  'video/webm', 'application/pdf',
]);

export interface ServingPolicy {
  contentType: string;
  disposition: 'inline' | 'attachment';
}

/**
 * How stored bytes of a sniffed type go out. Anything that could run in the browser (HTML,
 * SVG, XML, script) and anything we do not know is a download of opaque bytes.
 */
export function servingPolicy(mime: string): ServingPolicy {
  if (!SAFE_TO_RENDER.has(mime)) return { contentType: OCTET_STREAM, disposition: 'attachment' };
  const inline = mime.startsWith('image/') || mime.startsWith('audio/') || mime === 'application/pdf';
  return { contentType: mime, disposition: inline ? 'inline' : 'attachment' };
}

/** RFC 6266 with an RFC 5987 `filename*`, so 现场照片.jpg arrives intact; an ASCII fallback for old clients. */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// --- names -------------------------------------------------------------------------------

const EXTENSION_OF_MIME: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/heic': 'heic',
  'image/heif': 'heif', 'image/avif': 'avif', 'image/bmp': 'bmp', 'image/tiff': 'tif', 'image/svg+xml': 'svg',
  'application/pdf': 'pdf', [OFFICE_MIME.docx]: 'docx', [OFFICE_MIME.xlsx]: 'xlsx', [OFFICE_MIME.pptx]: 'pptx',
  'application/zip': 'zip', 'application/vnd.rar': 'rar', 'application/x-7z-compressed': '7z', 'application/gzip': 'gz',
  'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/ogg': 'ogg', 'audio/wav': 'wav', 'audio/amr': 'amr',
  'audio/amr-wb': 'awb', 'audio/flac': 'flac', 'audio/webm': 'webm', 'video/webm': 'webm', 'video/mp4': 'mp4',
  'video/quicktime': 'mov', 'video/3gpp': '3gp', 'video/x-matroska': 'mkv', 'text/plain': 'txt', 'text/html': 'html',
  'application/xml': 'xml',
};

const NAME_LIMIT = 200;

/**
 * A client's file name made safe to keep: no directories, no control or bidirectional
 * override characters (which can make `photo‮gpj.exe` read as `photoexe.jpg`), at most 200
 * characters with the extension kept. Without a usable name, one from the sniffed type.
 */
export function cleanFileName(raw: string | undefined, mime: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = [...base].filter((char) => !isInvisibleControl(char.codePointAt(0)!)).join('').trim();
  if (!name || name === '.' || name === '..') name = `附件.${EXTENSION_OF_MIME[mime] ?? 'bin'}`;
  const chars = [...name];
  if (chars.length <= NAME_LIMIT) return name;
  const extension = name.slice(name.lastIndexOf('.') + 1);
  if (!extensionOf(name) || extension.length > 10) return chars.slice(0, NAME_LIMIT).join('');
  return `${chars.slice(0, NAME_LIMIT - extension.length - 1).join('')}.${extension}`;
}

/** C0 and C1 controls, and the marks that reorder how the rest of a name is displayed. */
function isInvisibleControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x200e || code === 0x200f
    || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}
