/**
 * Closure rules: admins keep them; the people who dispatch, manage and review read them. And
 * `closureRuleFor`, which every checklist and review question starts from.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getTicketType, type TicketState } from '../tickets/index.ts';
import { categoryOf, chooseRule, inputOfRule, validateRule, type ClosureRule, type RuleInput, type ValidRule } from './rules-model.ts';
import * as store from './rules-store.ts';

const RULE_WRITERS: readonly Role[] = ['admin'];
const RULE_READERS: readonly Role[] = ['admin', 'dispatcher', 'manager', 'expert'];

function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!hasRole(actor, ...roles)) throw new AppError('forbidden', `Only ${roles.join(' or ')} may ${doing}.`, { requiredRoles: roles });
}

export const ruleView = (rule: ClosureRule) => ({
  id: rule.id,
  ticketType: rule.ticketType,
  category: rule.category,
  items: rule.items,
  reviewRequired: rule.reviewRequired,
  version: rule.version,
  createdAt: rule.createdAt.toISOString(),
  updatedAt: rule.updatedAt.toISOString(),
});
export type RuleView = ReturnType<typeof ruleView>;

/**
 * The rule a ticket falls under: its type's rule for its category (`fields.category`) if one
 * exists, else its type's rule without a category, else none.
 */
export async function closureRuleFor(db: Db, tenantId: string, ticket: Pick<TicketState, 'type' | 'fields'>): Promise<ClosureRule | undefined> {
  const category = categoryOf(ticket.fields);
  return chooseRule(await store.rulesForScope(db, tenantId, ticket.type, category), ticket.type, category);
}

/** The type must be the tenant's, and the (type, category) free. */
async function checkRule(db: Db, tenantId: string, rule: ValidRule, exceptId?: string): Promise<void> {
  if (!(await getTicketType(db, tenantId, rule.ticketType))) {
    throw new AppError('invalid_input', `ticketType: "${rule.ticketType}" is not a ticket type of this tenant.`, { field: 'ticketType' });
  }
  const other = await store.findSameScope(db, tenantId, rule, exceptId);
  if (other) {
    const scope = rule.category === null ? `type "${rule.ticketType}"` : `type "${rule.ticketType}" and category "${rule.category}"`;
    throw new AppError('already_exists', `The ${scope} already has a closure rule; change that one instead.`, { id: other.id });
  }
}

/** A rule added by the system (the demo seed), validated like an admin's; its id. */
export async function addClosureRule(db: Db, tenantId: string, input: RuleInput, now: Date): Promise<string> {
  const rule = validateRule(input);
  await checkRule(db, tenantId, rule);
  const id = uuidv7(now.getTime());
  await store.insertRule(db, tenantId, id, rule, now);
  return id;
}

export function createRuleService(ctx: Ctx) {
  async function list(actor: Actor): Promise<RuleView[]> {
    requireRole(actor, RULE_READERS, 'read closure rules');
    return (await store.listRules(ctx.db, actor.tenantId)).map(ruleView);
  }

  async function get(actor: Actor, id: string): Promise<RuleView> {
    requireRole(actor, RULE_READERS, 'read closure rules');
    const rule = await store.getRule(ctx.db, actor.tenantId, id);
    if (!rule) throw notFound('Closure rule', id);
    return ruleView(rule);
  }

  async function create(actor: Actor, input: RuleInput): Promise<RuleView> {
    requireRole(actor, RULE_WRITERS, 'create closure rules');
    const rule = validateRule(input);
    const now = ctx.clock.now();
    const id = uuidv7(now.getTime());
    return ctx.db.transaction().execute(async (trx) => {
      await checkRule(trx, actor.tenantId, rule);
      await store.insertRule(trx, actor.tenantId, id, rule, now);
      return ruleView((await store.getRule(trx, actor.tenantId, id))!);
    });
  }

  /** Changes the fields given; the rule as a whole is checked again. */
  async function update(actor: Actor, id: string, changes: Partial<RuleInput>): Promise<RuleView> {
    requireRole(actor, RULE_WRITERS, 'change closure rules');
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const existing = await store.getRule(trx, actor.tenantId, id, { forUpdate: true });
      if (!existing) throw notFound('Closure rule', id);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const rule = validateRule({ ...inputOfRule(existing), ...defined });
      await checkRule(trx, actor.tenantId, rule, id);
      await store.updateRule(trx, actor.tenantId, id, rule, now);
      return ruleView((await store.getRule(trx, actor.tenantId, id))!);
    });
  }

  /** Ticks already made stay on their tickets' records; resolves no longer ask for them. */
  async function remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, RULE_WRITERS, 'delete closure rules');
    if (!(await store.deleteRule(ctx.db, actor.tenantId, id))) throw notFound('Closure rule', id);
  }

  return { list, get, create, update, remove };
}
