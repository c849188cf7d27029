/**
 * An uploaded spreadsheet as rows keyed by column header: the shape the mapping language reads
 * (`$['故障描述']`). The type is read from the bytes, not trusted from the name: .xlsx is a zip,
 * anything else must be CSV text.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.ts';
import { decodeText, parseCsv } from './import-csv.ts';

/** Each row also carries its spreadsheet row number under this key, for mappings without an id column. */
export const ROW_NUMBER_KEY = '#row';
export const MAX_IMPORT_ROWS = 50_000;

export interface SheetRow {
  /** The row number the user sees in Excel: the header is row 1. */
  rowNo: number;
  values: Record<string, unknown>;
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  headers: string[];
  rows: SheetRow[];
}

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function unsupported(fileName: string): AppError {
  return new AppError('unsupported_media_type', `"${fileName}" is neither an .xlsx workbook nor a CSV text file: save it as .xlsx or .csv (UTF-8).`,
    { fileName, accepted: ['.xlsx', '.csv'] });
}

/** Reads the file, first worksheet only; throws 415 for other files and 400 for a malformed one. */
export async function readSheet(bytes: Buffer, fileName: string): Promise<Sheet> {
  if (!bytes.length) throw new AppError('invalid_input', 'The file is empty.', { field: 'file' });
  if (isZip(bytes)) return readXlsx(bytes, fileName);
  // Old binary .xls, or anything with NUL bytes, is not text a CSV reader should guess at.
  if (bytes.subarray(0, 4).equals(OLE_MAGIC) || bytes.subarray(0, 8192).includes(0)) throw unsupported(fileName);
  if (!/\.(csv|txt)$/i.test(fileName)) throw unsupported(fileName);
  return readCsv(bytes, fileName);
}

function readCsv(bytes: Buffer, fileName: string): Sheet {
  let cells: string[][];
  try {
    cells = parseCsv(decodeText(bytes).text);
  } catch (error) {
    throw new AppError('invalid_input', `"${fileName}" is not valid CSV: ${(error as Error).message}.`, { field: 'file' });
  }
  const [header = [], ...body] = cells;
  return toSheet('csv', header, body.map((values, index) => ({ rowNo: index + 2, values })));
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError('unsupported_media_type', `"${fileName}" is a zip file but not a readable .xlsx workbook: ${(error as Error).message}`, { fileName });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('invalid_input', `"${fileName}" has no worksheet.`, { field: 'file' });
  let header: unknown[] = [];
  const body: { rowNo: number; values: unknown[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    // row.values is 1-based: index 0 is always empty.
    const values = (row.values as unknown[]).slice(1).map(cellValue);
    if (rowNo === 1) header = values;
    else body.push({ rowNo, values });
  });
  return toSheet('xlsx', header, body);
}

/** A cell as the mapping should see it: text, number, boolean, or a date as ISO text. */
export function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== 'object') return value;
  const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
  if (cell.richText) return cell.richText.map((part) => part.text).join('');
  if ('result' in cell) return cellValue(cell.result);
  if (cell.text !== undefined) return cellValue(cell.text);
  if (cell.error) return undefined;
  return String(value);
}

function toSheet(format: Sheet['format'], header: unknown[], body: { rowNo: number; values: unknown[] }[]): Sheet {
  const headers = header.map((name) => (name === undefined || name === null ? '' : String(name).trim()));
  if (!headers.some(Boolean)) throw new AppError('invalid_input', 'The first row must hold the column headers; it is empty.', { field: 'file' });
  const seen = new Set<string>();
  for (const name of headers.filter(Boolean)) {
    if (seen.has(name)) throw new AppError('invalid_input', `Two columns have the header "${name}": rename one.`, { field: 'file', column: name });
    seen.add(name);
  }
  const rows: SheetRow[] = [];
  for (const { rowNo, values } of body) {
    const record: Record<string, unknown> = {};
    let filled = false;
    headers.forEach((name, index) => {
      const value = values[index];
      if (!name || value === undefined || value === '') return;
      record[name] = value;
      filled = true;
    });
    if (!filled) continue;
    record[ROW_NUMBER_KEY] = rowNo;
    rows.push({ rowNo, values: record });
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('payload_too_large', `The file has ${rows.length} rows; one import takes at most ${MAX_IMPORT_ROWS}: split it.`, { maxRows: MAX_IMPORT_ROWS });
  }
  return { format, headers: headers.filter(Boolean), rows };
}
