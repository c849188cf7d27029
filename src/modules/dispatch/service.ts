/**
 * Dispatch use cases behind the routes: the proposal for a ticket ("who, and why"), the stored
 * decisions, and the admin's weights and per-type settings.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor, type Role } from '../../platform/http/actor.ts';
import { getTenant } from '../directory/index.ts';
import { forgetTicketType, getTicketType, setTicketTypeDispatch, type TicketSystem } from '../tickets/index.ts';
import { readDispatchConfig, validateDispatchConfig } from './config.ts';
import { WEIGHTS_SETTING, evaluate, weightsOf } from './engine.ts';
import { validateWeights, type Weights } from './scoring.ts';
import * as store from './store.ts';

/** Who runs the queue: they see proposals, decisions and the settings. */
const SUPERVISORS: readonly Role[] = ['admin', 'dispatcher', 'manager'];
/** How many decisions a ticket's history answers with: far more than a ticket ever gets. */
const DECISIONS_LIMIT = 100;

function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!hasRole(actor, ...roles)) throw new AppError('forbidden', `Only ${roles.join(', ')} may ${doing}.`);
}

export function createDispatchService(ctx: Ctx, system: TicketSystem) {
  async function loadTicket(actor: Actor, id: string) {
    const ticket = await system.load(ctx.db, actor.tenantId, id, false);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  /** Ranks every engineer for the ticket now, as the engine would choose; stores nothing. */
  async function proposal(actor: Actor, id: string) {
    requireRole(actor, SUPERVISORS, 'see dispatch proposals');
    const ticket = await loadTicket(actor, id);
    const evaluation = await evaluate(ctx.db, actor.tenantId, ticket, ctx.clock.now());
    return {
      ticketId: ticket.id,
      mode: evaluation.config.mode,
      candidates: evaluation.candidates,
      eligibleCount: evaluation.eligibleCount,
      excludedCount: evaluation.excludedCount,
      excludedFor: evaluation.excludedFor as Record<string, number>,
      weights: evaluation.weights,
      requirement: {
        orgScope: evaluation.orgScope, requiredSkills: evaluation.config.requiredSkills, certificates: evaluation.config.certificates,
      },
      location: evaluation.location,
    };
  }

  /** "Why this engineer": the decisions stored for the ticket, newest first. */
  async function decisions(actor: Actor, id: string) {
    requireRole(actor, SUPERVISORS, 'see dispatch decisions');
    const ticket = await loadTicket(actor, id);
    const rows = await store.listDecisions(ctx.db, actor.tenantId, ticket.id, DECISIONS_LIMIT);
    return {
      items: rows.map((row) => ({
        ...row, candidates: row.candidates as store.StoredCandidate[], weights: row.weights as Weights, createdAt: row.createdAt.toISOString(),
      })),
    };
  }

  async function getWeights(actor: Actor) {
    requireRole(actor, SUPERVISORS, 'see the dispatch weights');
    return { weights: weightsOf((await getTenant(ctx.db, actor.tenantId)).settings) };
  }

  /** Replaces the tenant's weights; a weight left out takes its default. */
  async function setWeights(actor: Actor, input: unknown) {
    requireRole(actor, ['admin'], 'change the dispatch weights');
    const weights = validateWeights(input);
    await store.setTenantSetting(ctx.db, actor.tenantId, WEIGHTS_SETTING, weights);
    return { weights };
  }

  async function getTypeDispatch(actor: Actor, key: string) {
    requireRole(actor, SUPERVISORS, 'see how ticket types are dispatched');
    const type = await getTicketType(ctx.db, actor.tenantId, key);
    if (!type) throw new AppError('not_found', 'Ticket type not found.', { key });
    return { type: type.key, dispatch: readDispatchConfig(type.dispatch) };
  }

  /** Replaces a type's dispatch settings; a setting left out takes its default. */
  async function setTypeDispatch(actor: Actor, key: string, input: unknown) {
    requireRole(actor, ['admin'], 'change how ticket types are dispatched');
    const dispatch = validateDispatchConfig(input);
    if (!(await setTicketTypeDispatch(ctx.db, actor.tenantId, key, { ...dispatch }, ctx.clock.now()))) {
      throw new AppError('not_found', 'Ticket type not found.', { key });
    }
    forgetTicketType(actor.tenantId, key);
    return { type: key, dispatch };
  }

  return { proposal, decisions, getWeights, setWeights, getTypeDispatch, setTypeDispatch };
}

export type DispatchService = ReturnType<typeof createDispatchService>;
