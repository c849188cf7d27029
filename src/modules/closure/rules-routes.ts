/**
 * /api/v1/admin/closure/rules: which evidence each ticket type (and category) must show before
 * it is resolved, and whether an expert reviews the fix. The schemas check shapes; validateRule
 * checks the rest with messages that name the field.
 */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import { EVIDENCE_KINDS, MAX_ITEMS, type RuleInput } from './rules-model.ts';
import { createRuleService } from './rules-service.ts';

const tags = ['closure'];
const PATH = '/api/v1/admin/closure/rules';
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const ItemBody = Type.Object({
  key: Type.String({ maxLength: 100, description: 'a-z first, then a-z 0-9 _ -; unique in the rule' }),
  label: Type.String({ maxLength: 500, description: 'Chinese label, e.g. 更换后现场照片' }),
  labelEn: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  evidence: Type.String({ maxLength: 40, description: `one of ${EVIDENCE_KINDS.join(', ')}` }),
  required: Type.Optional(Type.Boolean({ description: 'default true' })),
  unit: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'measurement only, e.g. MΩ' }))),
  min: Type.Optional(Nullable(Type.Number({ description: 'measurement only: the lowest acceptable reading' }))),
  max: Type.Optional(Nullable(Type.Number({ description: 'measurement only: the highest acceptable reading' }))),
}, { additionalProperties: false });

const ruleFields = {
  ticketType: Type.String({ maxLength: 41, description: 'a ticket type key of the tenant' }),
  category: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'matches the ticket\'s fields.category; absent: the whole type' }))),
  items: Type.Array(ItemBody, { maxItems: MAX_ITEMS }),
  reviewRequired: Type.Boolean({ description: 'resolved tickets wait for an expert\'s second-line review (双签) before the customer is asked' }),
};

const CreateRuleBody = Type.Object(ruleFields, { additionalProperties: false });
const UpdateRuleBody = Type.Partial(Type.Object(ruleFields), { additionalProperties: false });

const Item = Type.Object({
  key: Type.String(), label: Type.String(), labelEn: Nullable(Type.String()), evidence: Type.Enum([...EVIDENCE_KINDS]),
  required: Type.Boolean(), unit: Nullable(Type.String()), min: Nullable(Type.Number()), max: Nullable(Type.Number()),
});
export const Rule = Type.Object({
  id: Id, ticketType: Type.String(), category: Nullable(Type.String()), items: Type.Array(Item), reviewRequired: Type.Boolean(),
  version: Type.Integer(), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
});
const IdParams = Type.Object({ id: Id });

export function rulesRoutes(app: App, ctx: Ctx): void {
  const rules = createRuleService(ctx);

  app.get(PATH, {
    schema: { tags, summary: 'Closure rules (admin, dispatcher, manager, expert)', response: { 200: Type.Object({ items: Type.Array(Rule) }) } },
  }, async (request) => ({ items: await rules.list(request.actor) }));

  app.post(PATH, {
    schema: {
      tags, summary: 'Add a closure rule for a ticket type, or a type and category (admin); 409 when that scope has one',
      body: CreateRuleBody, response: { 201: Rule },
    },
  }, async (request, reply) => reply.status(201).send(await rules.create(request.actor, request.body as RuleInput)));

  app.get(`${PATH}/:id`, {
    schema: { tags, summary: 'One closure rule', params: IdParams, response: { 200: Rule } },
  }, async (request) => rules.get(request.actor, request.params.id));

  app.patch(`${PATH}/:id`, {
    schema: {
      tags, summary: 'Change a closure rule (admin); fields left out keep their value, items are replaced whole',
      params: IdParams, body: UpdateRuleBody, response: { 200: Rule },
    },
  }, async (request) => rules.update(request.actor, request.params.id, request.body as Partial<RuleInput>));

  app.delete(`${PATH}/:id`, {
    schema: { tags, summary: 'Delete a closure rule (admin)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await rules.remove(request.actor, request.params.id);
    return reply.status(204).send(null);
  });
}
