/**
 * Second-line review (双签): ticket types or categories whose closure rule says so go from
 * `resolved` into the experts' review queue; an expert approves the fix (on to the customer's
 * verification) or sends it back with a reason. While a round is pending the ticket cannot be
 * verified or closed.
 */
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketHooks } from '../tickets/index.ts';
import type { ClosureDeps } from './deps.ts';
import { REVIEW_STATES, type QueueCursor, type ReviewState } from './review-store.ts';
import { createReviewService, isAwaitingReview, requestReviewOnResolve, withdrawReviewOnLeave } from './review-service.ts';

export { isAwaitingReview };

export function registerReviews(hooks: TicketHooks, _ctx: Ctx): void {
  hooks.onChange('closure.review', async (db, change) => {
    if (change.action === 'resolve' && change.after.status === 'resolved') await requestReviewOnResolve(db, change);
    else if (change.before?.status === 'resolved') await withdrawReviewOnLeave(db, change);
  });
  hooks.beforeAction('closure.review', async (db, { tenantId, ticket, action }) => {
    if ((action === 'verify' || action === 'close') && await isAwaitingReview(db, tenantId, ticket.id)) {
      throw new AppError('illegal_transition', `工单正在等待二线复核，暂不能${action === 'verify' ? '验收' : '关闭'}。`
        + ` The ticket is waiting for second-line review; it cannot be ${action === 'verify' ? 'verified' : 'closed'} yet.`,
      { action, status: ticket.status, awaiting: 'review' });
    }
  });
}

const tags = ['closure'];
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

const roundFields = {
  id: Id, ticketId: Id, round: Type.Integer(), state: Type.Enum([...REVIEW_STATES]), requestedAt: Timestamp, requestedBy: Nullable(Id),
  decidedAt: Nullable(Timestamp), decidedBy: Nullable(Id), reason: Nullable(Type.String({ description: 'why it was sent back, or the approval\'s comment' })),
};
const Round = Type.Object(roundFields);
const QueueItem = Type.Object({
  ...roundFields, number: Type.String(), title: Type.String(), priority: Type.String(), status: Type.String(), assigneeId: Nullable(Id),
  solution: Nullable(Type.String()), resolvedAt: Nullable(Timestamp),
});

const QueueQuery = Type.Object({
  state: Type.Optional(Type.String({ description: 'pending (default), approved or sent_back' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const encodeCursor = (cursor: QueueCursor) => Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');

function decodeCursor(text: string | undefined): QueueCursor | undefined {
  if (!text) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = typeof at === 'string' ? new Date(at) : new Date(NaN);
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && Number.isFinite(date.getTime())) return { at: date, id };
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('invalid_input', 'cursor: not a cursor this list gave out.', { field: 'cursor' });
}

function stateOf(text: string | undefined): ReviewState {
  const state = text ?? 'pending';
  if (!(REVIEW_STATES as readonly string[]).includes(state)) {
    throw new AppError('invalid_input', `state: "${state}" is not one of ${REVIEW_STATES.join(', ')}.`, { field: 'state' });
  }
  return state as ReviewState;
}

export function reviewRoutes(app: App, ctx: Ctx, deps: ClosureDeps): void {
  const reviews = createReviewService(ctx, deps.system);

  app.get('/api/v1/reviews', {
    schema: {
      tags, summary: 'The second-line review queue (expert, admin, manager, dispatcher): pending oldest first, decided newest first',
      querystring: QueueQuery, response: { 200: Type.Object({ items: Type.Array(QueueItem), nextCursor: Nullable(Type.String()) }) },
    },
  }, async (request) => {
    const { items, next } = await reviews.queue(request.actor, stateOf(request.query.state), request.query.limit ?? 50, decodeCursor(request.query.cursor));
    return { items, nextCursor: next ? encodeCursor(next) : null };
  });

  app.get('/api/v1/tickets/:id/reviews', {
    schema: {
      tags, summary: 'A ticket\'s review rounds, first first (staff)', params: Type.Object({ id: Id }),
      response: { 200: Type.Object({ items: Type.Array(Round) }) },
    },
  }, async (request) => ({ items: await reviews.rounds(request.actor, request.params.id) }));

  app.post('/api/v1/tickets/:id/review/approve', {
    schema: {
      tags, summary: 'Approve the fix (expert or admin, not the ticket\'s own assignee); the customer is asked to verify next',
      params: Type.Object({ id: Id }),
      body: Type.Optional(Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })),
      response: { 200: Round },
    },
  }, async (request) => reviews.approve(request.actor, request.params.id, request.body?.comment));

  app.post('/api/v1/tickets/:id/review/send-back', {
    schema: {
      tags, summary: 'Send the fix back to its engineer with a reason (expert or admin, not the ticket\'s own assignee)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: Round },
    },
  }, async (request) => reviews.sendBack(request.actor, request.params.id, request.body.reason));
}
