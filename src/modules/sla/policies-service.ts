/**
 * SLA policies: admins keep them, dispatchers and managers read them. A change that moves
 * deadlines (targets, calendar, paused statuses, ladder) re-computes the policy's open tickets
 * in background batches, never in the request.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getTicketType } from '../tickets/index.ts';
import { SLA_READERS, SLA_WRITERS, requireRole } from './access.ts';
import { unknownUserIds } from './people.ts';
import type { SlaPolicy } from './policy.ts';
import { policyReferences, validatePolicy, type PolicyInput, type ValidPolicy } from './policy-validation.ts';
import { scheduleRecompute } from './recompute.ts';
import * as store from './store.ts';
import { forgetTenantSla } from './tenant-sla.ts';

export const policyView = (policy: SlaPolicy) => ({
  id: policy.id,
  name: policy.name,
  position: policy.position,
  match: policy.match,
  calendarId: policy.calendarId,
  responseSeconds: policy.responseSeconds,
  resolveSeconds: policy.resolveSeconds,
  pausedStatuses: policy.pausedStatuses,
  ladder: policy.ladder,
  active: policy.active,
  version: policy.version,
  createdAt: policy.createdAt.toISOString(),
  updatedAt: policy.updatedAt.toISOString(),
});
export type PolicyView = ReturnType<typeof policyView>;

/** Fields whose change moves deadlines or timers of tickets already running on the policy. */
const CLOCK_FIELDS = ['calendarId', 'responseSeconds', 'resolveSeconds', 'pausedStatuses', 'ladder'] as const;

/** The first ladder field that names this user, for an error that points at it. */
function fieldOfUser(policy: ValidPolicy, userId: string): string {
  for (const [stepIndex, step] of policy.ladder.entries()) {
    for (const [actionIndex, action] of step.actions.entries()) {
      if (action.type === 'notify' && 'userId' in action.to && action.to.userId === userId) {
        return `ladder[${stepIndex}].actions[${actionIndex}].to.userId`;
      }
    }
  }
  return 'ladder';
}

/** What a valid policy names must exist in the caller's tenant: a calendar, users, ticket types. */
async function checkReferences(db: Db, tenantId: string, policy: ValidPolicy): Promise<void> {
  const references = policyReferences(policy);
  if (references.calendarId && !(await store.getCalendar(db, tenantId, references.calendarId))) {
    throw new AppError('invalid_input', 'calendarId: names no calendar of this tenant; leave it null for 24×7.', { field: 'calendarId' });
  }
  const [unknownUser] = await unknownUserIds(db, tenantId, references.userIds);
  if (unknownUser) {
    const field = fieldOfUser(policy, unknownUser);
    throw new AppError('invalid_input', `${field}: ${unknownUser} is not a user of this tenant.`, { field });
  }
  for (const [index, key] of references.ticketTypes.entries()) {
    if (!(await getTicketType(db, tenantId, key))) {
      throw new AppError('invalid_input', `match.types[${index}]: "${key}" is not a ticket type of this tenant.`, { field: `match.types[${index}]` });
    }
  }
}

const inputOf = (policy: SlaPolicy): PolicyInput => ({
  name: policy.name, position: policy.position, match: policy.match, calendarId: policy.calendarId,
  responseSeconds: policy.responseSeconds, resolveSeconds: policy.resolveSeconds, pausedStatuses: policy.pausedStatuses,
  ladder: policy.ladder, active: policy.active,
});

export function createPolicyService(ctx: Ctx) {
  async function list(actor: Actor): Promise<PolicyView[]> {
    requireRole(actor, SLA_READERS, 'read SLA policies');
    return (await store.listPolicies(ctx.db, actor.tenantId)).map(policyView);
  }

  async function get(actor: Actor, id: string): Promise<PolicyView> {
    requireRole(actor, SLA_READERS, 'read SLA policies');
    const policy = await store.getPolicy(ctx.db, actor.tenantId, id);
    if (!policy) throw notFound('SLA policy', id);
    return policyView(policy);
  }

  async function create(actor: Actor, input: PolicyInput): Promise<PolicyView> {
    requireRole(actor, SLA_WRITERS, 'create SLA policies');
    const policy = validatePolicy(input);
    const now = ctx.clock.now();
    const id = uuidv7(now.getTime());
    const created = await ctx.db.transaction().execute(async (trx) => {
      await checkReferences(trx, actor.tenantId, policy);
      await store.insertPolicy(trx, actor.tenantId, id, policy, now);
      return (await store.getPolicy(trx, actor.tenantId, id))!;
    });
    forgetTenantSla(actor.tenantId);
    return policyView(created);
  }

  /**
   * Changes the fields given. New tickets see the change at once (in other processes within a
   * few seconds); open tickets on the policy get their deadlines re-computed by the runner.
   */
  async function update(actor: Actor, id: string, changes: Partial<PolicyInput>): Promise<PolicyView> {
    requireRole(actor, SLA_WRITERS, 'change SLA policies');
    const { tenantId } = actor;
    const now = ctx.clock.now();
    const updated = await ctx.db.transaction().execute(async (trx) => {
      const existing = await store.getPolicy(trx, tenantId, id, { forUpdate: true });
      if (!existing) throw notFound('SLA policy', id);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const policy = validatePolicy({ ...inputOf(existing), ...defined });
      await checkReferences(trx, tenantId, policy);
      const version = await store.updatePolicy(trx, tenantId, id, policy, now);
      // Both sides normalized the same way: jsonb does not keep the key order they were written in.
      const before = validatePolicy(inputOf(existing));
      const clocksMoved = CLOCK_FIELDS.some((field) => JSON.stringify(policy[field]) !== JSON.stringify(before[field]));
      if (clocksMoved) await scheduleRecompute(trx, tenantId, id, version, now);
      return (await store.getPolicy(trx, tenantId, id))!;
    });
    forgetTenantSla(tenantId);
    return policyView(updated);
  }

  /**
   * Deletes a policy nothing refers to. One that tickets use is deactivated instead: no new
   * ticket matches it, and the tickets on it keep their clocks and history.
   */
  async function remove(actor: Actor, id: string): Promise<{ deleted: boolean; policy: PolicyView | null }> {
    requireRole(actor, SLA_WRITERS, 'delete SLA policies');
    const { tenantId } = actor;
    const result = await ctx.db.transaction().execute(async (trx) => {
      if (!(await store.getPolicy(trx, tenantId, id, { forUpdate: true }))) throw notFound('SLA policy', id);
      if (!(await store.policyInUse(trx, tenantId, id))) {
        await store.deletePolicy(trx, tenantId, id);
        return { deleted: true, policy: null };
      }
      await store.deactivatePolicy(trx, tenantId, id, ctx.clock.now());
      return { deleted: false, policy: policyView((await store.getPolicy(trx, tenantId, id))!) };
    });
    forgetTenantSla(tenantId);
    return result;
  }

  return { list, get, create, update, remove };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
