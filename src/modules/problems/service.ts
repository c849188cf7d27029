/**
 * Problems as people work them: read by all staff; opened by hand, edited, closed (with a root
 * cause and a corrective action) and given tickets by admins, managers, experts and
 * dispatchers. Each operation is one transaction; another tenant's ids are not found.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, isStaff, type Actor } from '../../platform/http/actor.ts';
import { isUuid, uuidv7 } from '../../platform/ids.ts';
import { getClosureSettings } from '../closure/index.ts';
import { notify } from '../notify/index.ts';
import type { TicketSystem } from '../tickets/index.ts';
import { linkTicket, linkTickets, unlinkTicket, type LinkOutcome } from './linking.ts';
import { missingForClose } from './matching.ts';
import { PROBLEM_WRITERS, checkOwner, defaultOwner, nextProblemNumber } from './opening.ts';
import * as store from './store.ts';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toProblemView(problem: store.Problem, ticketCount: number) {
  return {
    id: problem.id, number: problem.number, title: problem.title, status: problem.status, ownerId: problem.ownerId,
    matchKind: problem.matchKind, matchValue: problem.matchValue, ticketType: problem.ticketType,
    rootCause: problem.rootCause, correctiveAction: problem.correctiveAction, ticketCount,
    createdAt: problem.createdAt.toISOString(), updatedAt: problem.updatedAt.toISOString(), closedAt: iso(problem.closedAt),
    closedBy: problem.closedBy, version: problem.version,
  };
}

export interface CreateProblemInput {
  title: string;
  ticketIds: string[];
  ownerId?: string;
}

export interface UpdateProblemInput {
  title?: string;
  ownerId?: string;
  status?: 'open' | 'investigating';
  rootCause?: string | null;
  correctiveAction?: string | null;
  version?: number;
}

export interface CloseProblemInput {
  rootCause?: string;
  correctiveAction?: string;
  version?: number;
}

function mayRead(actor: Actor): void {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Requesters may not see problems.');
}

function mayWrite(actor: Actor): void {
  if (!hasRole(actor, ...PROBLEM_WRITERS)) throw new AppError('forbidden', 'Only an admin, manager, expert or dispatcher may change problems.');
}

/** Blank text is no text: a root cause of spaces is missing. */
const text = (value: string | null | undefined) => (value == null ? value : value.trim() || null);

function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  return id;
}

/** Refuses a link that did not happen: a ticket of nobody (or of another tenant), or one on another problem. */
async function requireLinked(db: Db, tenantId: string, ticketId: string, outcome: LinkOutcome): Promise<void> {
  if (outcome.kind === 'missing') throw new AppError('not_found', 'Ticket not found.', { id: ticketId });
  if (outcome.kind === 'elsewhere') {
    const other = await store.getProblem(db, tenantId, outcome.problemId);
    throw new AppError('already_exists', `The ticket belongs to problem ${other?.number ?? outcome.problemId}; unlink it there first.`,
      { ticketId, problemId: outcome.problemId, number: other?.number ?? null });
  }
}

export function createProblemService(ctx: Ctx, system: TicketSystem) {
  async function load(db: Db, actor: Actor, id: string, forUpdate = false): Promise<store.Problem> {
    const problem = await store.getProblem(db, actor.tenantId, id, { forUpdate });
    if (!problem) throw new AppError('not_found', 'Problem not found.', { id });
    return problem;
  }

  /** A problem to change: locked, not closed, and at the version the caller saw when it sent one. */
  async function loadForChange(db: Db, actor: Actor, id: string, version?: number): Promise<store.Problem> {
    mayWrite(actor);
    const problem = await load(db, actor, id, true);
    if (version !== undefined && version !== problem.version) {
      throw new AppError('version_conflict', `The problem changed since you loaded it (version ${problem.version}, yours ${version}). Reload and try again.`,
        { currentVersion: problem.version });
    }
    if (problem.status === 'closed') throw new AppError('illegal_transition', `Problem ${problem.number} is closed.`, { status: problem.status });
    return problem;
  }

  async function detail(db: Db, tenantId: string, problem: store.Problem) {
    const tickets = await store.listProblemTickets(db, tenantId, problem.id);
    return {
      ...toProblemView(problem, tickets.length),
      tickets: tickets.map((ticket) => ({
        id: ticket.id, number: ticket.number, title: ticket.title, status: ticket.status, createdAt: ticket.createdAt.toISOString(),
        closedAt: iso(ticket.closedAt), linkedAt: ticket.linkedAt.toISOString(), linkedBy: ticket.linkedBy,
      })),
    };
  }

  async function list(actor: Actor, query: { status?: store.ProblemStatus; limit?: number; cursor?: string }) {
    mayRead(actor);
    const limit = query.limit ?? 50;
    const rows = await store.listProblems(ctx.db, actor.tenantId, { status: query.status, before: decodeCursor(query.cursor), limit: limit + 1 });
    const page = rows.slice(0, limit);
    return {
      items: page.map((problem) => toProblemView(problem, problem.ticketCount)),
      nextCursor: rows.length > limit ? Buffer.from(page[page.length - 1].id, 'utf8').toString('base64url') : null,
    };
  }

  async function get(actor: Actor, id: string) {
    mayRead(actor);
    return detail(ctx.db, actor.tenantId, await load(ctx.db, actor, id));
  }

  async function create(actor: Actor, input: CreateProblemInput) {
    mayWrite(actor);
    const title = text(input.title);
    if (!title) throw new AppError('invalid_input', 'A problem needs a title.', { field: 'title' });
    const ticketIds = [...new Set(input.ticketIds.map((id) => id.toLowerCase()))];
    return ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const owner = input.ownerId
        ? await checkOwner(trx, actor.tenantId, input.ownerId)
        : await defaultOwner(trx, actor.tenantId, (await getClosureSettings(trx, actor.tenantId)).problemOwnerId);
      const problem = await store.insertProblem(trx, actor.tenantId, {
        id: uuidv7(now.getTime()), number: await nextProblemNumber(trx, actor.tenantId, now), title, ownerId: owner?.id ?? null,
        matchKind: null, matchValue: null, ticketType: null, now,
      });
      const event = { type: 'linked_to_problem', data: { problemId: problem.id, number: problem.number } };
      const outcomes = await linkTickets(trx, system, actor.tenantId, problem, ticketIds.map((ticketId) => ({ ticketId, event })), actor.userId, now);
      for (const [ticketId, outcome] of outcomes) await requireLinked(trx, actor.tenantId, ticketId, outcome);
      if (owner && owner.id !== actor.userId) {
        await notify(trx, {
          tenantId: actor.tenantId, template: 'problem.opened', userIds: [owner.id], now,
          data: { number: problem.number, title, ticketCount: ticketIds.length, reason: `${actor.name} 手动立项` },
        });
      }
      return detail(trx, actor.tenantId, problem);
    });
  }

  async function update(actor: Actor, id: string, input: UpdateProblemInput) {
    return ctx.db.transaction().execute(async (trx) => {
      const problem = await loadForChange(trx, actor, id, input.version);
      const changes: store.ProblemChanges = {};
      if (input.title !== undefined) {
        const title = text(input.title);
        if (!title) throw new AppError('invalid_input', 'title cannot be empty.', { field: 'title' });
        changes.title = title;
      }
      if (input.ownerId !== undefined) changes.ownerId = (await checkOwner(trx, actor.tenantId, input.ownerId)).id;
      if (input.status !== undefined) changes.status = input.status;
      if (input.rootCause !== undefined) changes.rootCause = text(input.rootCause);
      if (input.correctiveAction !== undefined) changes.correctiveAction = text(input.correctiveAction);
      const now = ctx.clock.now();
      const updated = Object.keys(changes).length ? await store.updateProblem(trx, actor.tenantId, problem.id, changes, now) : problem;
      return detail(trx, actor.tenantId, updated);
    });
  }

  /** Closing needs a root cause and a corrective action, given now or recorded before. */
  async function close(actor: Actor, id: string, input: CloseProblemInput) {
    return ctx.db.transaction().execute(async (trx) => {
      const problem = await loadForChange(trx, actor, id, input.version);
      const rootCause = input.rootCause !== undefined ? text(input.rootCause) ?? null : problem.rootCause;
      const correctiveAction = input.correctiveAction !== undefined ? text(input.correctiveAction) ?? null : problem.correctiveAction;
      const missing = missingForClose({ rootCause, correctiveAction });
      if (missing.length) {
        throw new AppError('business_rule', `Closing a problem needs ${missing.join(' and ')}: record ${missing.length > 1 ? 'them' : 'it'} first.`, { missing });
      }
      const now = ctx.clock.now();
      const closed = await store.updateProblem(trx, actor.tenantId, problem.id, {
        rootCause, correctiveAction, status: 'closed', closedAt: now, closedBy: actor.userId,
      }, now);
      return detail(trx, actor.tenantId, closed);
    });
  }

  async function link(actor: Actor, id: string, ticketId: string) {
    return ctx.db.transaction().execute(async (trx) => {
      const problem = await loadForChange(trx, actor, id);
      const now = ctx.clock.now();
      const outcome = await linkTicket(trx, system, actor.tenantId, problem, ticketId,
        { type: 'linked_to_problem', data: { problemId: problem.id, number: problem.number } }, actor.userId, now);
      await requireLinked(trx, actor.tenantId, ticketId, outcome);
      const current = outcome.kind === 'linked' ? await store.updateProblem(trx, actor.tenantId, problem.id, {}, now) : problem;
      return detail(trx, actor.tenantId, current);
    });
  }

  async function unlink(actor: Actor, id: string, ticketId: string) {
    return ctx.db.transaction().execute(async (trx) => {
      const problem = await loadForChange(trx, actor, id);
      const now = ctx.clock.now();
      if (!(await unlinkTicket(trx, system, actor.tenantId, problem, ticketId, actor.userId, now))) {
        throw new AppError('not_found', 'The ticket is not linked to this problem.', { id: ticketId });
      }
      return detail(trx, actor.tenantId, await store.updateProblem(trx, actor.tenantId, problem.id, {}, now));
    });
  }

  return { list, get, create, update, close, link, unlink };
}

export type ProblemService = ReturnType<typeof createProblemService>;
