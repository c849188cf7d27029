/**
 * problems.recurrence: a new ticket reached the recurrence threshold on one key. In one
 * transaction the similar tickets are found again; the ticket joins the key's problem that is
 * not yet closed, or a problem is opened with an owner, linking every similar ticket of the
 * window, and the owner is told. Decided again from the database, so running it twice (or after
 * the tickets changed) does no harm.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { DeadLetterError, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { getClosureSettings, type ClosureSettings } from '../closure/index.ts';
import { notify } from '../notify/index.ts';
import type { TicketState, TicketSystem } from '../tickets/index.ts';
import { PROBLEMS_RECURRENCE, isOwnReport, windowOf, type RecurrencePayload } from './detect.ts';
import { linkTicket, linkTickets } from './linking.ts';
import { MATCH_KINDS, isRecurrence, recurrenceKeys, recurrenceReason, sameFault, type RecurrenceKey } from './matching.ts';
import { defaultOwner, nextProblemNumber } from './opening.ts';
import { findSimilar, type SimilarTicket } from './similar-store.ts';
import * as store from './store.ts';

/** The most earlier tickets a new problem links at its opening. */
const MAX_LINKED = 500;

function readPayload(job: Job): RecurrencePayload {
  if (job.payloadVersion !== 1) throw new DeadLetterError(`${job.kind} payload version ${job.payloadVersion} is unknown to this version of Loopdesk.`);
  const { ticketId, kind, value } = job.payload as Partial<RecurrencePayload>;
  if (typeof ticketId !== 'string' || typeof value !== 'string' || !MATCH_KINDS.includes(kind as RecurrenceKey['kind'])) {
    throw new DeadLetterError(`${job.kind} payload needs ticketId, kind (${MATCH_KINDS.join(', ')}) and value.`);
  }
  return { ticketId, kind: kind as RecurrenceKey['kind'], value };
}

/**
 * One decision per key at a time: a second runner handling the same device waits here, then
 * finds the problem the first one opened (the unique index problems_match is the backstop).
 */
async function lockKey(db: Db, tenantId: string, key: RecurrenceKey): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`problems:${tenantId}:${key.kind}:${key.value}`}, 0))`.execute(db);
}

interface Recurrence {
  tenantId: string;
  ticket: TicketState;
  key: RecurrenceKey;
  similar: SimilarTicket[];
  settings: ClosureSettings;
  now: Date;
}

const detectedEvent = (problem: store.Problem, r: Recurrence) =>
  ({ type: 'recurrence_detected', data: { problemId: problem.id, number: problem.number, kind: r.key.kind, count: r.similar.length + 1 } });

async function joinProblem(db: Db, system: TicketSystem, problem: store.Problem, r: Recurrence): Promise<void> {
  const outcome = await linkTicket(db, system, r.tenantId, problem, r.ticket.id, detectedEvent(problem, r), null, r.now);
  if (outcome.kind === 'linked') await store.updateProblem(db, r.tenantId, problem.id, {}, r.now);
}

async function openProblem(db: Db, system: TicketSystem, r: Recurrence): Promise<void> {
  const { tenantId, ticket, key, now } = r;
  const number = await nextProblemNumber(db, tenantId, now);
  const owner = await defaultOwner(db, tenantId, r.settings.problemOwnerId);
  const first = [...r.similar, ticket].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))[0];
  const problem = await store.insertProblem(db, tenantId, {
    id: uuidv7(now.getTime()), number, title: first.title, ownerId: owner?.id ?? null, matchKind: key.kind, matchValue: key.value,
    ticketType: key.kind === 'error_code' ? null : ticket.type, now,
  });
  // A ticket already on another problem stays there: a ticket belongs to one problem.
  const linked = await linkTickets(db, system, tenantId, problem, [
    { ticketId: ticket.id, event: detectedEvent(problem, r) },
    ...r.similar.filter((other) => !other.problemId)
      .map((other) => ({ ticketId: other.id, event: { type: 'linked_to_problem', data: { problemId: problem.id, number } } })),
  ], null, now);
  if (!owner) return;
  await notify(db, {
    tenantId, template: 'problem.opened', userIds: [owner.id], ticketId: ticket.id, now,
    data: {
      number, title: problem.title, ticketCount: [...linked.values()].filter((outcome) => outcome.kind === 'linked').length,
      reason: recurrenceReason(key, r.settings.recurrenceWindowDays, r.similar.length + 1),
    },
  });
}

async function handle(ctx: JobContext, db: Db, job: Job, system: TicketSystem): Promise<void> {
  const payload = readPayload(job);
  const { tenantId } = job;
  const ticket = await system.load(db, tenantId, payload.ticketId, false);
  const key = { kind: payload.kind, value: payload.value };
  // Linked meanwhile, cancelled, or edited so that it no longer has this key: nothing to do.
  const stillKeyed = ticket && recurrenceKeys(ticket).some((own) => own.kind === key.kind && own.value === key.value);
  if (!ticket || ticket.problemId || !isOwnReport(ticket) || !stillKeyed) return ctx.complete(db, job);

  const settings = await getClosureSettings(db, tenantId);
  await lockKey(db, tenantId, key);
  const rows = await findSimilar(db, tenantId, [key], { id: ticket.id, type: ticket.type, ...windowOf(ticket, settings.recurrenceWindowDays) },
    () => MAX_LINKED);
  const similar = sameFault(ticket.description, key.kind, rows);
  if (isRecurrence(similar.length, settings.recurrenceThreshold)) {
    const recurrence: Recurrence = { tenantId, ticket, key, similar, settings, now: ctx.clock.now() };
    const existing = await store.findOpenProblem(db, tenantId, key.kind, key.value);
    if (existing) await joinProblem(db, system, existing, recurrence);
    else await openProblem(db, system, recurrence);
  }
  await ctx.complete(db, job);
}

export function recurrenceHandler(system: TicketSystem): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute((trx) => handle(ctx, trx, job, system));
}

export const recurrenceJobHandlers = (system: TicketSystem): [string, JobHandler][] => [[PROBLEMS_RECURRENCE, recurrenceHandler(system)]];
