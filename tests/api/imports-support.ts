/** Spreadsheets for the import tests, made with the same library the server reads them with. */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { TestApp } from '../support/app.ts';
import { multipart, type Part } from '../support/uploads.ts';

export async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A ticket mapping as a user would write it: old status codes, one remark split into two fields. */
export const TICKET_MAPPING = [
  { to: 'externalId', from: "$['旧单号']", transforms: ['trim'], required: true },
  { to: 'description', from: "$['故障描述']", transforms: ['trim'] },
  { to: 'priority', from: "$['紧急程度']", transforms: ['trim', { op: 'map', values: { 紧急: 'P1', 高: 'P2', 中: 'P3', 低: 'P4' } }] },
  { to: 'status', from: "$['旧状态']", transforms: [{ op: 'map', values: { 9: 'cancelled' }, default: '' }] },
  { to: 'title', from: "$['备注']", transforms: [{ op: 'split', separator: '|', index: 0 }, 'trim'] },
];

export const HEADER = ['旧单号', '故障描述', '紧急程度', '旧状态', '备注'];

/** Posts a file to /imports; the fields go before the file, as a browser form sends them. */
export function upload(app: TestApp, token: string, file: { name: string; content: Buffer }, fields: Record<string, string | undefined>) {
  const parts: Part[] = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
  parts.push({ name: 'file', filename: file.name, content: file.content });
  return app.request('POST', '/api/v1/imports', { token, ...multipart(parts) });
}

/** Descriptions far enough apart that duplicate detection never links two of them. */
export const uniqueDescription = (n: number) => `${createHash('sha1').update(String(n)).digest('hex').slice(0, 16)} 设备${n}故障`;
