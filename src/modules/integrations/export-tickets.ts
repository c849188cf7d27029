/**
 * A ticket list as an .xlsx, streamed: rows are written as pages of the list arrive, so a large
 * export holds one page in memory, not the file. The list is the caller's own (a requester
 * exports only their tickets), with the same filters as GET /tickets, up to EXPORT_ROW_CAP rows.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { getCustomer, getDevice, getUsersByIds } from '../directory/index.ts';
import type { TicketService, TicketView } from '../tickets/index.ts';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, FIELD_COLUMN, type ExportLang, type Names } from './export-columns.ts';

export const EXPORT_ROW_CAP = 50_000;
const PAGE_SIZE = 1000;

export type ListFilter = Omit<Parameters<TicketService['listTickets']>[1], 'limit' | 'cursor'>;

interface ResolvedColumn {
  header: string;
  width: number;
  value: (ticket: TicketView, names: Names) => unknown;
}

/** Checks the requested columns before anything is streamed: an unknown one is a 400, not a broken file. */
export function resolveColumns(requested: string | undefined, lang: ExportLang): ResolvedColumn[] {
  const keys = requested ? requested.split(',').map((key) => key.trim()).filter(Boolean) : DEFAULT_EXPORT_COLUMNS;
  if (!keys.length || keys.length > 60) throw new AppError('invalid_input', 'columns must name 1 to 60 columns.', { field: 'columns' });
  return keys.map((key) => {
    const field = FIELD_COLUMN.exec(key)?.[1];
    if (field) return { header: field, width: 16, value: (ticket) => printable(ticket.fields[field]) };
    const column = EXPORT_COLUMNS[key];
    if (!column) {
      throw new AppError('invalid_input', `Unknown column "${key}". Columns: ${Object.keys(EXPORT_COLUMNS).join(', ')}, fields.<name>.`, { field: 'columns' });
    }
    return { header: lang === 'en' ? column.en : column.zh, width: column.width, value: (ticket, names) => column.value(ticket, names, lang) };
  });
}

function printable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return Array.isArray(value) ? value.join(', ') : JSON.stringify(value);
  return value;
}

/** The names a page's rows show, in one query per kind (customers and devices are few per page). */
async function namesOf(ctx: Ctx, tenantId: string, tickets: TicketView[], names: Names): Promise<void> {
  const userIds = new Set<string>();
  for (const ticket of tickets) {
    for (const id of [ticket.requesterId, ticket.assigneeId]) if (id && !names.users.has(id)) userIds.add(id);
  }
  for (const user of await getUsersByIds(ctx.db, tenantId, [...userIds])) names.users.set(user.id, user.name);
  for (const ticket of tickets) {
    if (ticket.customerId && !names.customers.has(ticket.customerId)) {
      names.customers.set(ticket.customerId, (await getCustomer(ctx.db, tenantId, ticket.customerId))?.name ?? '');
    }
    if (ticket.deviceId && !names.devices.has(ticket.deviceId)) {
      const device = await getDevice(ctx.db, tenantId, ticket.deviceId);
      names.devices.set(ticket.deviceId, device ? `${device.model} (${device.serial})` : '');
    }
  }
}

/**
 * Starts the export: the first page is read before answering, so a bad filter is still a clean
 * 4xx. The returned stream is the .xlsx; a failure later ends it, and the client sees a broken download.
 */
export async function exportTickets(ctx: Ctx, tickets: TicketService, actor: Actor, filter: ListFilter,
  options: { columns?: string; lang: ExportLang }): Promise<PassThrough> {
  const columns = resolveColumns(options.columns, options.lang);
  const first = await tickets.listTickets(actor, { ...filter, limit: PAGE_SIZE });
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.lang === 'en' ? 'Tickets' : '工单');
  sheet.columns = columns.map((column, index) => ({ header: column.header, key: String(index), width: column.width }));
  const names: Names = { users: new Map(), customers: new Map(), devices: new Map() };

  async function write() {
    let page = first;
    let written = 0;
    let truncated = false;
    for (;;) {
      await namesOf(ctx, actor.tenantId, page.items, names);
      for (const ticket of page.items) {
        if (written === EXPORT_ROW_CAP) {
          truncated = true;
          break;
        }
        sheet.addRow(columns.map((column) => column.value(ticket, names))).commit();
        written += 1;
      }
      if (truncated || !page.nextCursor) break;
      page = await tickets.listTickets(actor, { ...filter, limit: PAGE_SIZE, cursor: page.nextCursor });
    }
    sheet.commit();
    // The cap is stated in the file itself, where the reader of a truncated export will see it.
    const about = workbook.addWorksheet(options.lang === 'en' ? 'About' : '说明');
    const en = options.lang === 'en';
    about.addRow([en ? 'Rows exported' : '导出行数', written]).commit();
    about.addRow([en ? 'Row limit' : '行数上限', EXPORT_ROW_CAP]).commit();
    about.addRow([en ? 'Truncated' : '是否截断', truncated ? (en ? 'yes: narrow the filters' : '是：请缩小筛选范围') : (en ? 'no' : '否')]).commit();
    about.addRow([en ? 'Exported at' : '导出时间', ctx.clock.now()]).commit();
    about.commit();
    await workbook.commit();
  }

  write().catch((error: Error) => {
    ctx.log.error({ err: error }, 'ticket export failed mid-stream');
    output.destroy(error);
  });
  return output;
}
