/** GET /tickets/export.xlsx: the ticket list, as the caller sees it, as a spreadsheet. */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { type Priority, type Status, type TicketService } from '../tickets/index.ts';
import { EXPORT_COLUMNS } from './export-columns.ts';
import { EXPORT_ROW_CAP, exportTickets } from './export-tickets.ts';

const STATUS_VALUES = ['new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'];
const Id = Type.String({ format: 'uuid' });

/** The filters of GET /api/v1/tickets, without paging, plus the columns and the header language. */
const ExportQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'One status or several, comma-separated', maxLength: 200 })),
  assigneeId: Type.Optional(Type.String({ description: 'A user id, or "none" for unassigned', maxLength: 36 })),
  requesterId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  deviceId: Type.Optional(Id),
  type: Type.Optional(Type.String({ maxLength: 41 })),
  priority: Type.Optional(Type.Union([Type.Literal('P1'), Type.Literal('P2'), Type.Literal('P3'), Type.Literal('P4')])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  dispatchFailed: Type.Optional(Type.Boolean()),
  columns: Type.Optional(Type.String({ maxLength: 2000, description: `Comma-separated, in order: ${Object.keys(EXPORT_COLUMNS).join(', ')}, fields.<name>` })),
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { description: 'Header language; zh-CN by default' })),
});

export function exportRoutes(app: App, ctx: Ctx, tickets: TicketService) {
  app.get('/api/v1/tickets/export.xlsx', {
    schema: {
      tags: ['tickets'],
      summary: `Export the tickets the caller may see as .xlsx (at most ${EXPORT_ROW_CAP} rows)`,
      description: 'Same filters as GET /api/v1/tickets. The sheet "说明"/"About" states the row count, the cap and whether the export was cut at it.',
      querystring: ExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  }, async (request, reply) => {
    const { status, assigneeId, columns, lang, priority, ...rest } = request.query;
    const statuses = status?.split(',').map((value) => value.trim()).filter(Boolean);
    const unknown = statuses?.filter((value) => !STATUS_VALUES.includes(value));
    if (unknown?.length) throw new AppError('invalid_input', `Unknown status "${unknown[0]}".`, { field: 'status' });
    if (assigneeId && assigneeId !== 'none' && !/^[0-9a-f-]{36}$/i.test(assigneeId)) {
      throw new AppError('invalid_input', 'assigneeId must be a user id or "none".', { field: 'assigneeId' });
    }
    const stream = await exportTickets(ctx, tickets, request.actor, {
      ...rest, priority: priority as Priority | undefined, statuses: statuses as Status[] | undefined,
      assigneeId: assigneeId === 'none' ? null : assigneeId,
    }, { columns, lang: lang ?? 'zh-CN' });
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="tickets-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`工单-${day}.xlsx`)}`)
      .header('x-export-row-cap', String(EXPORT_ROW_CAP))
      .send(stream);
  });
}
