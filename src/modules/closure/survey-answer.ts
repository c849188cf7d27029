/**
 * A customer opening and answering a survey link, without a login. The signed token names the
 * tenant and the survey row; the row makes the link single-use: answering locks it, so of two
 * answers sent at once the second finds it answered. A score below the tenant's threshold
 * alerts the service directors in the same transaction.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getUser, listUsers } from '../directory/index.ts';
import { notify } from '../notify/index.ts';
import { appendTicketEvents, type TicketState, type TicketSystem } from '../tickets/index.ts';
import { getClosureSettings, type ClosureSettings } from './settings.ts';
import { surveyStatus, type SurveyAnswer } from './survey-model.ts';
import { getSurvey, recordAnswer, type Survey } from './survey-store.ts';
import { readToken, type LinkConfig } from './tokens.ts';

/** The managers who hear about low scores when the tenant named no directors. */
const MAX_DIRECTORS = 50;

export interface SurveyDeps {
  system: TicketSystem;
  links: LinkConfig;
}

export interface OpenSurvey {
  tenantId: string;
  survey: Survey;
  ticket: TicketState;
}

/**
 * The open survey a token names. A forged or unknown token is not_found; an answered or
 * expired one is gone, with `details.reason` saying which, so a page can say it plainly.
 */
export async function openSurvey(db: Db, deps: SurveyDeps, token: string, now: Date, options: { lock?: boolean } = {}): Promise<OpenSurvey> {
  const claims = readToken(deps.links.secret, 'survey', token);
  if (!claims) throw new AppError('not_found', 'This survey link is not valid: check that it was copied whole.');
  const survey = await getSurvey(db, claims.tenantId, claims.id, { forUpdate: options.lock });
  if (!survey) throw new AppError('not_found', 'This survey link is not valid: check that it was copied whole.');
  const status = surveyStatus(survey, now);
  if (status === 'answered') throw new AppError('gone', 'This survey has been answered already; a link takes one answer.', { reason: 'answered' });
  if (status === 'expired') throw new AppError('gone', 'This survey link has expired.', { reason: 'expired', expiredAt: survey.expiresAt.toISOString() });
  const ticket = await deps.system.load(db, claims.tenantId, survey.ticketId, false);
  if (!ticket) throw new AppError('not_found', 'This survey link is not valid: check that it was copied whole.');
  return { tenantId: claims.tenantId, survey, ticket };
}

export interface AnsweredSurvey {
  ticketId: string;
  number: string;
  stars: number;
  /** The score was low enough to alert the directors. */
  alerted: boolean;
}

export async function answerSurvey(ctx: Ctx, deps: SurveyDeps, token: string, answer: SurveyAnswer): Promise<AnsweredSurvey> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const { tenantId, survey, ticket } = await openSurvey(trx, deps, token, now, { lock: true });
    await recordAnswer(trx, tenantId, survey.id, { ...answer, at: now });
    await appendTicketEvents(trx, tenantId, ticket.id, survey.requesterId, now, [{
      type: 'survey_answered', data: { surveyId: survey.id, stars: answer.stars, answer: answer.answer },
    }]);
    const settings = await getClosureSettings(trx, tenantId);
    const alerted = answer.stars < settings.surveyAlertBelow;
    if (alerted) await alertDirectors(trx, tenantId, settings, ticket, answer, now);
    return { ticketId: ticket.id, number: ticket.number, stars: answer.stars, alerted };
  });
}

/** closure.low_score to the directors the tenant named, or else to its active managers. */
async function alertDirectors(db: Db, tenantId: string, settings: ClosureSettings, ticket: TicketState, answer: SurveyAnswer, now: Date): Promise<void> {
  const directorIds = settings.directorIds.length
    ? settings.directorIds
    : (await listUsers(db, tenantId, { role: 'manager', active: true, limit: MAX_DIRECTORS })).map((user) => user.id);
  if (!directorIds.length) return;
  const assignee = ticket.assigneeId ? await getUser(db, tenantId, ticket.assigneeId) : undefined;
  await notify(db, {
    tenantId, template: 'closure.low_score', userIds: directorIds, ticketId: ticket.id, now,
    data: {
      number: ticket.number, title: ticket.title, stars: answer.stars,
      ...(answer.answer ? { reason: answer.answer } : {}),
      ...(assignee ? { assigneeName: assignee.name } : {}),
    },
  });
}
