/**
 * Closure checklists: the evidence a ticket must show before it is resolved (photos, a log
 * excerpt, a test report, a measured value, a signature), ticked by the engineer working it,
 * timestamped and attributed. `resolve` is refused with 422, naming each missing item, until
 * every required one is met. Evidence files are the ticket's own attachments, uploaded through
 * the core's attachments route (size limits and content sniffing live there).
 */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketHooks } from '../tickets/index.ts';
import { MAX_LOG_CHARS } from './checklist-model.ts';
import { checkChecklistMet, createChecklistService } from './checklist-service.ts';
import type { ClosureDeps } from './deps.ts';
import { EVIDENCE_KINDS } from './rules-model.ts';
import { rulesRoutes } from './rules-routes.ts';

export { closureRuleFor } from './rules-service.ts';

export function registerChecklists(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.beforeAction('closure.checklist', async (db, { tenantId, ticket, action }) => {
    if (action === 'resolve') await checkChecklistMet(db, tenantId, ticket);
  });
}

const tags = ['closure'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const ItemParams = Type.Object({ id: Id, key: Type.String({ maxLength: 100 }) });

const Checklist = Type.Object({
  ruleId: Nullable(Id),
  reviewRequired: Type.Boolean(),
  items: Type.Array(Type.Object({
    key: Type.String(), label: Type.String(), labelEn: Nullable(Type.String()), evidence: Type.Enum([...EVIDENCE_KINDS]),
    required: Type.Boolean(), unit: Nullable(Type.String()), min: Nullable(Type.Number()), max: Nullable(Type.Number()),
    done: Nullable(Type.Object({
      attachments: Type.Array(Type.Object({ id: Id, name: Type.String(), mime: Type.String() })),
      text: Nullable(Type.String()), value: Nullable(Type.Number()), by: Id, byName: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    })),
  })),
  missing: Type.Array(Type.String(), { description: 'keys of the required items not met yet' }),
  complete: Type.Boolean({ description: 'resolve is allowed' }),
});

const TickBody = Type.Object({
  attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: 'attachments of this ticket (upload them first)' })),
  text: Type.Optional(Type.String({ maxLength: MAX_LOG_CHARS, description: 'a log excerpt, or a note' })),
  value: Type.Optional(Type.Number({ description: 'the measured value, for a measurement item' })),
}, { additionalProperties: false });

export function checklistRoutes(app: App, ctx: Ctx, deps: ClosureDeps): void {
  rulesRoutes(app, ctx);
  const checklists = createChecklistService(ctx, deps.system);

  app.get('/api/v1/tickets/:id/checklist', {
    schema: {
      tags, summary: 'The ticket\'s closure checklist: what its rule asks for, what is proven, by whom and when',
      params: Type.Object({ id: Id }), response: { 200: Checklist },
    },
  }, async (request) => checklists.get(request.actor, request.params.id));

  app.put('/api/v1/tickets/:id/checklist/:key', {
    schema: {
      tags,
      summary: 'Tick an item with its evidence (the ticket\'s assignee, while the work is open): photo, screenshot and signature '
        + 'need an image, test_report a file, log text or a text file, measurement a value within the item\'s range',
      params: ItemParams, body: TickBody, response: { 200: Checklist },
    },
  }, async (request) => checklists.tick(request.actor, request.params.id, request.params.key, request.body));

  app.delete('/api/v1/tickets/:id/checklist/:key', {
    schema: { tags, summary: 'Take a tick back (the ticket\'s assignee, while the work is open)', params: ItemParams, response: { 200: Checklist } },
  }, async (request) => checklists.untick(request.actor, request.params.id, request.params.key));
}
