import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, nameContradicts, OFFICE_MIME, servingPolicy, sniff } from './sniff.ts';

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const u32be = (value: number) => { const buffer = Buffer.alloc(4); buffer.writeUInt32BE(value); return buffer; };
const u32le = (value: number) => { const buffer = Buffer.alloc(4); buffer.writeUInt32LE(value); return buffer; };

/** An ISO media `ftyp` box with its brands, then whatever boxes follow. */
const ftyp = (major: string, compatible: string[], rest = '') =>
  bytes(u32be(16 + compatible.length * 4), 'ftyp', major, [0, 0, 0, 0], ...compatible, rest);

/** Zip local file headers with the given entry names and a little stored data each. */
function zip(names: string[]): Buffer {
  return Buffer.concat(names.map((name) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(5, 18);
    header.writeUInt32LE(5, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name), Buffer.from('hello')]);
  }));
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('sniff', () => {
  const cases: [string, Buffer, string][] = [
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0]), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32be(13), 'IHDR'), 'image/png'],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', u32le(100), 'WEBPVP8 '), 'image/webp'],
    ['HEIC from an iPhone', ftyp('heic', ['mif1', 'heic']), 'image/heic'],
    ['HEIF', ftyp('mif1', ['mif1', 'miaf']), 'image/heif'],
    ['AVIF', ftyp('avif', ['mif1', 'miaf', 'avif']), 'image/avif'],
    ['BMP', bytes('BM', u32le(1000), u32le(0), u32le(54), u32le(40)), 'image/bmp'],
    ['TIFF (Intel)', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
    ['TIFF (Motorola)', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
    ['DOCX', zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']), OFFICE_MIME.docx],
    ['XLSX', zip(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']), OFFICE_MIME.xlsx],
    ['PPTX', zip(['[Content_Types].xml', 'ppt/presentation.xml']), OFFICE_MIME.pptx],
    ['a plain zip', zip(['readme.txt', 'photos/1.jpg']), 'application/zip'],
    ['an empty zip', bytes([0x50, 0x4b, 0x05, 0x06], Buffer.alloc(18)), 'application/zip'],
    ['a legacy .doc (Compound File)', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Buffer.alloc(8)), 'application/x-cfb'],
    ['RAR', bytes('Rar!\x1a\x07\x01\x00'), 'application/vnd.rar'],
    ['7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'application/x-7z-compressed'],
    ['gzip', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'application/gzip'],
    ['MP3 with an ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 0x23]), 'audio/mpeg'],
    ['MP3 from the first frame', bytes([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]), 'audio/mpeg'],
    ['AAC in ADTS', bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'audio/aac'],
    ['M4A from an iPhone voice memo', ftyp('M4A ', ['M4A ', 'mp42', 'isom']), 'audio/mp4'],
    ['M4A from an Android recorder', ftyp('mp42', ['isom', 'mp42'], bytes(u32be(33), 'hdlr', [0, 0, 0, 0, 0, 0, 0, 0], 'soun').toString('latin1')), 'audio/mp4'],
    ['MP4 video', ftyp('isom', ['isom', 'avc1'], bytes(u32be(33), 'hdlr', [0, 0, 0, 0, 0, 0, 0, 0], 'vide').toString('latin1')), 'video/mp4'],
    ['MP4 with its index at the end', ftyp('mp42', ['isom', 'mp42']), 'video/mp4'],
    ['QuickTime', ftyp('qt  ', ['qt  ']), 'video/quicktime'],
    ['3GP', ftyp('3gp4', ['isom', '3gp4']), 'video/3gpp'],
    ['Ogg Opus (WeChat and browsers record it)', bytes('OggS', [0, 2], Buffer.alloc(22), 'OpusHead'), 'audio/ogg'],
    ['WAV', bytes('RIFF', u32le(100), 'WAVEfmt '), 'audio/wav'],
    ['AMR', bytes('#!AMR\n', [0x3c, 0x91]), 'audio/amr'],
    ['AMR-WB', bytes('#!AMR-WB\n', [0x04]), 'audio/amr-wb'],
    ['FLAC', bytes('fLaC', [0, 0, 0, 0x22]), 'audio/flac'],
    ['WebM video', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm', Buffer.alloc(20), 'V_VP9', Buffer.alloc(8), 'A_OPUS'), 'video/webm'],
    ['WebM voice note from a browser', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm', Buffer.alloc(20), 'A_OPUS'), 'audio/webm'],
    ['Matroska', bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88], 'matroska', Buffer.alloc(20), 'V_MPEG4/ISO/AVC'), 'video/x-matroska'],
    ['Chinese text', utf8('设备编号 A-100：主轴异响，已停机。\r\n\t请派工程师。'), 'text/plain'],
    ['text with a BOM', bytes([0xef, 0xbb, 0xbf], utf8('故障记录')), 'text/plain'],
    ['text that starts like a bitmap', utf8('BMW 发动机故障灯常亮'), 'text/plain'],
    ['an HTML page', utf8('<!DOCTYPE html>\n<html><body>hi</body></html>'), 'text/html'],
    ['a bare script', utf8('  \n<script>fetch("/api/v1/me")</script>'), 'text/html'],
    ['HTML after some text', utf8('hello there\n<iframe src="https://evil.example"></iframe>'), 'text/html'],
    ['an HTML comment first', utf8('<!-- saved page -->\n<div>x</div>'), 'text/html'],
    ['SVG', utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['SVG with an XML declaration', utf8('<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg width="10"></svg>'), 'image/svg+xml'],
    ['XML', utf8('<?xml version="1.0" encoding="UTF-8"?><order id="1"/>'), 'application/xml'],
    ['text in GBK (not UTF-8)', Buffer.from('c9e8b1b8b9cad5cf', 'hex'), 'application/octet-stream'],
    ['unknown binary', bytes([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff]), 'application/octet-stream'],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]), 'application/octet-stream'],
    ['nothing', Buffer.alloc(0), 'application/octet-stream'],
  ];
  it.each(cases)('recognises %s', (_name, head, mime) => {
    expect(sniff(head, { complete: true }).mime).toBe(mime);
  });

  it('forgives a character cut off by the end of a partial head, but not in a whole file', () => {
    const cut = utf8('主轴异响').subarray(0, 10); // 3 whole characters and one byte of the fourth
    expect(sniff(cut, { complete: false }).mime).toBe('text/plain');
    expect(sniff(cut, { complete: true }).mime).toBe('application/octet-stream');
  });

  it('groups types into families for default kinds', () => {
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]), { complete: true }).family).toBe('image');
    expect(sniff(bytes('#!AMR\n', [0x3c]), { complete: true }).family).toBe('audio');
    expect(sniff(utf8('<svg></svg>'), { complete: true }).family).toBe('svg');
    expect(sniff(bytes('%PDF-1.4'), { complete: true }).family).toBe('document');
  });
});

describe('nameContradicts', () => {
  const is = (mime: string) => ({ mime, family: 'unknown' as const });
  const cases: [string, string, string | undefined][] = [
    ['photo.jpg', 'text/html', 'an image'],
    ['photo.jpg', 'application/pdf', 'an image'],
    ['photo.jpg', 'application/octet-stream', 'an image'],
    ['photo.JPG', 'image/jpeg', undefined],
    ['photo.jpg', 'image/png', undefined], // phones and chat apps mislabel images all the time; still an image
    ['photo.png', 'image/svg+xml', 'an image'],
    ['report.pdf', 'image/png', 'a PDF'],
    ['report.pdf', 'application/pdf', undefined],
    ['合同.doc', OFFICE_MIME.docx, undefined],
    ['合同.docx', 'application/pdf', 'an office document'],
    ['报表.xls', 'application/x-cfb', undefined],
    ['voice.m4a', 'video/mp4', undefined],
    ['voice.mp3', 'text/plain', 'audio'],
    ['notes.txt', 'application/octet-stream', undefined],
    ['notes.txt', 'image/png', 'text'],
    ['page.html', 'text/html', undefined],
    ['drawing.svg', 'image/svg+xml', undefined],
    ['drawing.svg', 'image/png', 'an SVG image'],
    ['photos.zip', OFFICE_MIME.xlsx, undefined],
    ['README', 'image/png', undefined],
    ['data.xyz', 'text/html', undefined],
    ['.jpg', 'text/html', undefined], // a hidden file's name, not an extension
  ];
  it.each(cases)('%s holding %s → %s', (name, mime, expected) => {
    expect(nameContradicts(name, is(mime))?.expected).toBe(expected);
  });
});

describe('servingPolicy', () => {
  const cases: [string, string, 'inline' | 'attachment'][] = [
    ['image/jpeg', 'image/jpeg', 'inline'],
    ['image/heic', 'image/heic', 'inline'],
    ['audio/amr', 'audio/amr', 'inline'],
    ['audio/mp4', 'audio/mp4', 'inline'],
    ['application/pdf', 'application/pdf', 'inline'],
    ['video/webm', 'video/webm', 'attachment'],
    ['text/html', 'application/octet-stream', 'attachment'],
    ['image/svg+xml', 'application/octet-stream', 'attachment'],
    ['application/xml', 'application/octet-stream', 'attachment'],
    ['text/plain', 'application/octet-stream', 'attachment'],
    ['image/bmp', 'application/octet-stream', 'attachment'],
    [OFFICE_MIME.docx, 'application/octet-stream', 'attachment'],
  ];
  it.each(cases)('serves %s as %s, %s', (mime, contentType, disposition) => {
    expect(servingPolicy(mime)).toEqual({ contentType, disposition });
  });
});

describe('contentDisposition', () => {
  it('encodes Chinese names per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('inline', '现场照片.jpg'))
      .toBe(`inline; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);
  });

  it('cannot be broken out of by quotes, apostrophes or parentheses', () => {
    expect(contentDisposition('attachment', `a"b'c(1).txt`))
      .toBe(`attachment; filename="a_b'c(1).txt"; filename*=UTF-8''a%22b%27c%281%29.txt`);
  });
});

describe('cleanFileName', () => {
  const cases: [string | undefined, string, string][] = [
    ['现场照片.jpg', 'image/jpeg', '现场照片.jpg'],
    ['../../etc/passwd', 'text/plain', 'passwd'],
    ['C:\\Users\\张三\\照片.jpg', 'image/jpeg', '照片.jpg'],
    ['photo\u202egpj.exe', 'application/octet-stream', 'photogpj.exe'],
    ['a\u0000b\nc\u0085.txt', 'text/plain', 'abc.txt'],
    ['  报告.pdf  ', 'application/pdf', '报告.pdf'],
    ['', 'image/png', '附件.png'],
    [undefined, 'application/octet-stream', '附件.bin'],
    ['..', 'audio/amr', '附件.amr'],
  ];
  it.each(cases)('%j (%s) → %s', (raw, mime, expected) => {
    expect(cleanFileName(raw, mime)).toBe(expected);
  });

  it('caps a long name at 200 characters and keeps its extension', () => {
    const long = '很长的名字'.repeat(60);
    const name = cleanFileName(`${long}.JPG`, 'image/jpeg');
    expect([...name]).toHaveLength(200);
    expect(name).toBe(`${long.slice(0, 196)}.JPG`);
  });
});
