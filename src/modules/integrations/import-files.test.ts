import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv } from './import-csv.ts';
import { readSheet, ROW_NUMBER_KEY } from './import-files.ts';
import { columnOf } from './import-mapping.ts';

describe('CSV', () => {
  it('reads quoted commas, doubled quotes and line breaks inside a cell', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nagain"\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nagain']]);
  });

  it('names the line of a quote left open', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/line 2/);
  });

  it('drops a UTF-8 byte-order mark and reads GBK when the bytes are not UTF-8', () => {
    expect(decodeText(Buffer.from('\ufeff故障,设备', 'utf8'))).toEqual({ text: '故障,设备', encoding: 'utf-8' });
    // 你好 in GBK: not valid UTF-8.
    expect(decodeText(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]))).toEqual({ text: '你好', encoding: 'gbk' });
  });

  it('keys rows by header with their spreadsheet row number, skipping blank lines', async () => {
    const sheet = await readSheet(Buffer.from('\ufeff描述,优先级\n泵漏水,P1\n\n,\n电机过热,P2\n'), 'data.csv');
    expect(sheet.headers).toEqual(['描述', '优先级']);
    expect(sheet.rows).toEqual([
      { rowNo: 2, values: { 描述: '泵漏水', 优先级: 'P1', [ROW_NUMBER_KEY]: 2 } },
      { rowNo: 5, values: { 描述: '电机过热', 优先级: 'P2', [ROW_NUMBER_KEY]: 5 } },
    ]);
  });

  it('refuses two columns with the same header', async () => {
    await expect(readSheet(Buffer.from('a,a\n1,2\n'), 'x.csv')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('xlsx', () => {
  it('reads the first sheet: text, numbers, dates, rich text and formula results', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('数据');
    sheet.addRow(['描述', '数量', '日期', '备注']);
    sheet.addRow(['泵漏水', 3, new Date('2026-05-01T00:00:00Z'), { richText: [{ text: '3号线' }, { text: '停机' }] }]);
    sheet.addRow(['电机过热', { formula: '1+1', result: 2 }, null, null]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const read = await readSheet(bytes, 'whatever-name');
    expect(read.format).toBe('xlsx');
    expect(read.rows.map((row) => row.values)).toEqual([
      { 描述: '泵漏水', 数量: 3, 日期: '2026-05-01', 备注: '3号线停机', [ROW_NUMBER_KEY]: 2 },
      { 描述: '电机过热', 数量: 2, [ROW_NUMBER_KEY]: 3 },
    ]);
  });

  it('answers 415 for files that are neither xlsx nor CSV text', async () => {
    await expect(readSheet(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'photo.csv')).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(readSheet(Buffer.from('%PDF-1.7 text'), 'report.pdf')).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(readSheet(Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5]), 'broken.xlsx')).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });
});

describe('columnOf', () => {
  it.each([
    ["$['故障描述']", '故障描述'],
    ['$["a.b"]', 'a.b'],
    ['$.title', 'title'],
    ['$.a.b', null],
    [undefined, null],
  ])('%s reads column %s', (selector, column) => {
    expect(columnOf(selector)).toBe(column);
  });
});
