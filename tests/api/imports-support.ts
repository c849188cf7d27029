/** Spreadsheets for the import tests, made with the same library the server reads them with. */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { ManualClock } from '../../src/platform/clock.ts';
import type { Runner } from '../../src/platform/runner/index.ts';
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

/** Runs the runner until the import is finished; the progress it reached. */
export async function runImport(harness: { app: TestApp; runner: Runner; clock: ManualClock }, id: string, token: string) {
  for (let round = 0; round < 100; round += 1) {
    await harness.runner.runOnce();
    const progress = await harness.app.request('GET', `/api/v1/imports/${id}`, { token });
    if (progress.status !== 200) throw new Error(`progress: ${progress.status} ${JSON.stringify(progress.body)}`);
    if (progress.body.status === 'done') return progress.body;
    harness.clock.advance(60);
  }
  throw new Error('the import did not finish');
}

export interface RowError {
  row: number;
  column: string | null;
  field: string | null;
  message: string;
}

/** A dry run's errors by row: each bad row's problems. */
export function errorsByRow(errors: RowError[]): Map<number, RowError[]> {
  const byRow = new Map<number, RowError[]>();
  for (const error of errors) byRow.set(error.row, [...(byRow.get(error.row) ?? []), error]);
  return byRow;
}

/** A sheet's rows between the header and the given rows; a row's spreadsheet number is its index + 2. */
export const rowNumbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
