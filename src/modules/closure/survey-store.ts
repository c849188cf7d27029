/** The SQL of follow-up surveys; every statement is scoped by tenant. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { SurveysTable } from './tables.ts';

export interface Survey {
  id: string;
  ticketId: string;
  requesterId: string | null;
  sentAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
  stars: number | null;
  answer: string | null;
}

const toSurvey = (row: Selectable<SurveysTable>): Survey => ({
  id: row.id, ticketId: row.ticket_id, requesterId: row.requester_id, sentAt: row.sent_at, expiresAt: row.expires_at,
  answeredAt: row.answered_at, stars: row.stars, answer: row.answer,
});

export async function insertSurvey(db: Db, tenantId: string, survey: Pick<Survey, 'id' | 'ticketId' | 'requesterId' | 'sentAt' | 'expiresAt'>): Promise<void> {
  await db.insertInto('surveys').values({
    tenant_id: tenantId, id: survey.id, ticket_id: survey.ticketId, requester_id: survey.requesterId,
    sent_at: survey.sentAt, expires_at: survey.expiresAt,
  }).execute();
}

/** Whether the ticket got a survey at or after this time (the closing the caller is about). */
export async function surveySentSince(db: Db, tenantId: string, ticketId: string, since: Date): Promise<boolean> {
  const row = await db.selectFrom('surveys').select('id')
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('sent_at', '>=', since)
    .limit(1).executeTakeFirst();
  return !!row;
}

/** With `forUpdate`, concurrent answers to one survey queue here and the second sees the first. */
export async function getSurvey(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Survey | undefined> {
  let query = db.selectFrom('surveys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toSurvey(row);
}

export async function recordAnswer(db: Db, tenantId: string, id: string, answer: { stars: number; answer: string | null; at: Date }): Promise<void> {
  await db.updateTable('surveys').set({ stars: answer.stars, answer: answer.answer, answered_at: answer.at })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function listTicketSurveys(db: Db, tenantId: string, ticketId: string): Promise<Survey[]> {
  const rows = await db.selectFrom('surveys').selectAll()
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).orderBy('sent_at').orderBy('id').execute();
  return rows.map(toSurvey);
}

export interface SurveyCounts {
  sent: number;
  answered: number;
  /** Null when nobody answered. */
  averageStars: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  lowScores: number;
}

/** One pass over the surveys sent in [from, to), by the (tenant_id, sent_at) index. */
export async function countSurveys(db: Db, tenantId: string, period: { from: Date; to: Date }, alertBelow: number): Promise<SurveyCounts> {
  const result = await sql<{ sent: number; answered: number; average: number | null; s1: number; s2: number; s3: number; s4: number; s5: number; low: number }>`
    SELECT count(*)::int AS sent,
           count(answered_at)::int AS answered,
           avg(stars)::float8 AS average,
           count(*) FILTER (WHERE stars = 1)::int AS s1,
           count(*) FILTER (WHERE stars = 2)::int AS s2,
           count(*) FILTER (WHERE stars = 3)::int AS s3,
           count(*) FILTER (WHERE stars = 4)::int AS s4,
           count(*) FILTER (WHERE stars = 5)::int AS s5,
           count(*) FILTER (WHERE stars < ${alertBelow})::int AS low
    FROM surveys
    WHERE tenant_id = ${tenantId} AND sent_at >= ${period.from} AND sent_at < ${period.to}`.execute(db);
  const row = result.rows[0];
  return {
    sent: row.sent, answered: row.answered, averageStars: row.average === null ? null : Number(row.average),
    distribution: { 1: row.s1, 2: row.s2, 3: row.s3, 4: row.s4, 5: row.s5 }, lowScores: row.low,
  };
}
