import { describe, expect, it } from 'vitest';
import { parseEventBody } from './connector-payload.ts';

describe('inbound event bodies', () => {
  it('reads XML into the same shape as JSON, the root element being the event', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<event>\n  <id>MES-1</id>\n  <fault><code>ERR-001 </code></fault>\n  <items><code>a</code></items><items><code>b</code></items>\n</event>';
    expect(parseEventBody(xml, 'application/xml')).toEqual({
      format: 'xml',
      document: { id: 'MES-1', fault: { code: 'ERR-001 ' }, items: [{ code: 'a' }, { code: 'b' }] },
    });
  });

  it('decodes the predefined entities and character references only', () => {
    const { document } = parseEventBody('<e><t>A &amp; B &lt;3 &#x4E2D;&#25991; &foo;</t></e>', 'text/xml');
    expect(document).toEqual({ t: 'A & B <3 中文 &foo;' });
  });

  it('keeps attributes under @name', () => {
    expect(parseEventBody('<e id="7"><code lang="zh">故障</code></e>', undefined).document).toEqual({ '@id': '7', code: { '#text': '故障', '@lang': 'zh' } });
  });

  it.each([
    '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "boom">]><e>&x;</e>',
    '<!DOCTYPE e SYSTEM "file:///etc/passwd"><e/>',
    '<e><!ENTITY x "y"></e>',
  ])('refuses a DOCTYPE or entity declaration: %s', (xml) => {
    expect(() => parseEventBody(xml, 'application/xml')).toThrow(/DOCTYPE/);
  });

  it('detects XML sent with a JSON content type, as an upgraded ERP does', () => {
    expect(parseEventBody('<e><id>1</id></e>', 'application/json').format).toBe('xml');
  });

  it('refuses malformed XML and JSON with a 400 that says why', () => {
    expect(() => parseEventBody('<e><id>1</e>', 'application/xml')).toThrow(/not well-formed/);
    expect(() => parseEventBody('{"id": ', 'application/json')).toThrow(/not valid JSON/);
    expect(() => parseEventBody('id=1', 'text/plain')).toThrow(/neither JSON nor XML/);
  });

  it('refuses an event over 256 KB', () => {
    expect(() => parseEventBody(JSON.stringify({ text: 'x'.repeat(300 * 1024) }), 'application/json')).toThrow(/at most 256 KB/);
  });
});
