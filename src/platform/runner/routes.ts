/** Admin routes of the runner: the tenant's background jobs, and a second chance for dead ones. */
import { Type } from 'typebox';
import type { Ctx } from '../context.ts';
import type { App } from '../http/server.ts';
import { listJobsPage, retryJob } from './admin.ts';
import { JOB_STATUSES } from './types.ts';

const Id = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const JobView = Type.Object({
  id: Id,
  kind: Type.String(),
  status: Type.Enum([...JOB_STATUSES]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  payloadVersion: Type.Integer(),
  runAt: Timestamp,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  lockedBy: Nullable(Type.String()),
  lockedUntil: Nullable(Timestamp),
  dedupeKey: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  doneAt: Nullable(Timestamp),
});

export function runnerRoutes(app: App, ctx: Ctx) {
  app.get('/api/v1/admin/jobs', {
    schema: {
      tags: ['runner'],
      summary: 'Background jobs of the tenant, newest first, by cursor (admin): dead ones need a look',
      querystring: Type.Object({
        status: Type.Optional(Type.Enum([...JOB_STATUSES])),
        kind: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        cursor: Type.Optional(Type.String({ maxLength: 100 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(JobView), nextCursor: Nullable(Type.String()) }) },
    },
  }, async (request) => listJobsPage(ctx, request.actor, { ...request.query, limit: request.query.limit ?? 50 }));

  app.post('/api/v1/admin/jobs/:id/retry', {
    schema: {
      tags: ['runner'],
      summary: 'Run a dead job again, with its attempts counted afresh (admin)',
      params: Type.Object({ id: Id }),
      response: { 200: JobView },
    },
  }, async (request) => retryJob(ctx, request.actor, request.params.id));
}
