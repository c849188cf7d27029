/**
 * Sending the follow-up survey: a closing sets a timer (72 hours by default), a reopen withdraws
 * it, and when it comes due the runner sends the requester a signed link, if the ticket is
 * still closed by the same closing.
 */
import type { Db } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { DeadLetterError, cancel, schedule, type Job, type JobContext, type JobHandler } from '../../platform/runner/index.ts';
import { getUser } from '../directory/index.ts';
import { notify } from '../notify/index.ts';
import { appendTicketEvents, type TicketChange, type TicketSystem } from '../tickets/index.ts';
import { getClosureSettings } from './settings.ts';
import { SURVEY_JOB, stillDue, surveyTimerChange, surveyUrl, type SurveyJobPayload } from './survey-model.ts';
import { insertSurvey, surveySentSince } from './survey-store.ts';
import { signToken, type LinkConfig } from './tokens.ts';

const DAY_MS = 86_400_000;

/** The ticket listener: runs in the transaction of the change that closed or reopened the ticket. */
export async function onTicketChangeForSurvey(db: Db, change: TicketChange): Promise<void> {
  const { tenantId, before, after } = change;
  const closing = !!before && before.status !== 'closed' && after.status === 'closed';
  const reopening = before?.status === 'closed' && after.status !== 'closed';
  if (!closing && !reopening) return; // most changes: no settings read
  const delayHours = closing ? (await getClosureSettings(db, tenantId)).surveyDelayHours : 0;
  const timer = surveyTimerChange(before, after, delayHours);
  if (timer.kind === 'cancel') await cancel(db, tenantId, SURVEY_JOB, timer.dedupeKey);
  if (timer.kind === 'schedule') {
    await schedule(db, { tenantId, kind: SURVEY_JOB, payload: { ...timer.payload }, runAt: timer.runAt, now: change.now, dedupeKey: timer.dedupeKey });
  }
}

function readPayload(job: Job): SurveyJobPayload {
  const { ticketId, closedAt } = job.payload as Partial<SurveyJobPayload>;
  if (job.payloadVersion !== 1 || typeof ticketId !== 'string' || typeof closedAt !== 'string' || Number.isNaN(Date.parse(closedAt))) {
    throw new DeadLetterError(`${SURVEY_JOB} payload v${job.payloadVersion} is not {ticketId, closedAt}: ${JSON.stringify(job.payload)}`);
  }
  return { ticketId, closedAt };
}

async function sendSurvey(ctx: JobContext, trx: Db, job: Job, system: TicketSystem, links: LinkConfig): Promise<void> {
  const payload = readPayload(job);
  const { tenantId } = job;
  // The ticket's row lock orders this with a reopen in flight and with a second run of the same
  // closing's job: whichever comes second sees the ticket reopened, or the survey already sent.
  const ticket = await system.load(trx, tenantId, payload.ticketId);
  if (!ticket || !stillDue(ticket, payload) || await surveySentSince(trx, tenantId, ticket.id, ticket.closedAt!)) {
    return ctx.complete(trx, job);
  }
  const requester = await getUser(trx, tenantId, ticket.requesterId!);
  if (!requester?.active) return ctx.complete(trx, job);

  const now = ctx.clock.now();
  const settings = await getClosureSettings(trx, tenantId);
  const survey = {
    id: uuidv7(now.getTime()), ticketId: ticket.id, requesterId: requester.id,
    sentAt: now, expiresAt: new Date(now.getTime() + settings.surveyExpiryDays * DAY_MS),
  };
  await insertSurvey(trx, tenantId, survey);
  const token = signToken(links.secret, 'survey', { tenantId, id: survey.id, expiresAt: survey.expiresAt });
  await notify(trx, {
    tenantId, template: 'closure.survey', userIds: [requester.id], ticketId: ticket.id, now,
    data: { number: ticket.number, title: ticket.title, url: surveyUrl(links.publicUrl, token) },
  });
  await appendTicketEvents(trx, tenantId, ticket.id, null, now, [{ type: 'survey_sent', data: { surveyId: survey.id } }]);
  await ctx.complete(trx, job);
}

export function surveyHandler(system: TicketSystem, links: LinkConfig): JobHandler {
  return (ctx, job) => ctx.db.transaction().execute((trx) => sendSurvey(ctx, trx, job, system, links));
}
