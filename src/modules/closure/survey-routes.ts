/**
 * The survey's HTTP routes: the customer's page at /s/{token} (a no-script HTML form), its JSON
 * twins under /api/v1/public/surveys, and the staff's views: a ticket's surveys and the
 * tenant's survey statistics.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole } from '../../platform/http/actor.ts';
import type { App } from '../../platform/http/server.ts';
import { canSee } from '../tickets/index.ts';
import { pageLanguage, sendPublicPage, type PageLanguage } from './public-page.ts';
import { answerSurvey, openSurvey, type SurveyDeps } from './survey-answer.ts';
import { ANSWER_MAX_LENGTH, normalizeAnswer, readSurveyForm, surveyStatus } from './survey-model.ts';
import { renderSurveyForm, renderSurveyNotice, type SurveyNotice } from './survey-page.ts';
import { countSurveys, listTicketSurveys } from './survey-store.ts';
import { getClosureSettings } from './settings.ts';

const tags = ['closure'];
const FORM = 'application/x-www-form-urlencoded';
/** Stars and 2,000 characters, each Chinese character percent-encoded in 9 bytes, fit well inside. */
const FORM_BODY_LIMIT = 32 * 1024;
const STATS_DEFAULT_DAYS = 30;
const STATS_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const Token = Type.String({ minLength: 1, maxLength: 128, description: 'The signed token from the survey link' });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ description: 'zh-CN (default) or en' })) });
const Iso = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const SurveyView = Type.Object({
  id: Type.String(), ticketId: Type.String(), requesterId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('expired')]),
  sentAt: Iso, expiresAt: Iso, answeredAt: Nullable(Iso), stars: Nullable(Type.Integer()), answer: Nullable(Type.String()),
});

const SurveyStats = Type.Object({
  from: Iso, to: Iso,
  sent: Type.Integer(), answered: Type.Integer(),
  responseRate: Nullable(Type.Number({ description: 'answered / sent, 0..1; null when none was sent' })),
  averageStars: Nullable(Type.Number({ description: 'Null when nobody answered' })),
  distribution: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() }),
  lowScores: Type.Integer({ description: 'Answers below the alert threshold (surveyAlertBelow)' }),
});

const sendPage = sendPublicPage;

/** The page for a link that does not work; any other error goes on to the error handler. */
function sendDeadLinkPage(reply: FastifyReply, error: unknown, language: PageLanguage) {
  if (!(error instanceof AppError)) throw error;
  let notice: SurveyNotice | undefined;
  if (error.code === 'not_found') notice = 'unknown';
  if (error.code === 'gone') notice = error.details.reason === 'answered' ? 'answered' : 'expired';
  if (!notice) throw error;
  return sendPage(reply, error.status, renderSurveyNotice(language, notice));
}

/** The HTML pages, in a scope of their own: only they take form bodies. */
function surveyPages(app: App, ctx: Ctx, deps: SurveyDeps): void {
  app.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, new URLSearchParams(body as string)));

    scope.get('/s/:token', {
      schema: { tags, summary: 'The survey page a customer opens from the link (HTML, no login)', params: Type.Object({ token: Token }), querystring: LangQuery },
      config: { public: true },
    }, async (request, reply) => {
      const language = pageLanguage(request.query, request.headers['accept-language']);
      const { token } = request.params as { token: string };
      try {
        const { ticket } = await openSurvey(ctx.db, deps, token, ctx.clock.now());
        return sendPage(reply, 200, renderSurveyForm({ language, token, number: ticket.number, title: ticket.title }));
      } catch (error) {
        return sendDeadLinkPage(reply, error, language);
      }
    });

    scope.post('/s/:token', {
      schema: { tags, summary: 'The survey page\'s form (application/x-www-form-urlencoded: stars, answer)', params: Type.Object({ token: Token }), querystring: LangQuery },
      config: { public: true },
    }, async (request, reply) => {
      const language = pageLanguage(request.query, request.headers['accept-language']);
      const { token } = request.params as { token: string };
      // A JSON or multipart body reaches here unparsed as a form: it reads as no choice made.
      const form = readSurveyForm(request.body instanceof URLSearchParams ? request.body : new URLSearchParams());
      try {
        if (!form.ok) {
          const { ticket } = await openSurvey(ctx.db, deps, token, ctx.clock.now());
          return sendPage(reply, 400, renderSurveyForm({
            language, token, number: ticket.number, title: ticket.title, error: form.field, answer: form.answer, stars: form.stars,
          }));
        }
        const answered = await answerSurvey(ctx, deps, token, form.value);
        return sendPage(reply, 200, renderSurveyNotice(language, answered.alerted ? 'sorry' : 'thanks'));
      } catch (error) {
        return sendDeadLinkPage(reply, error, language);
      }
    });
  });
}

/** The same, as JSON, for an app or a messenger bot that shows its own form. */
function publicApi(app: App, ctx: Ctx, deps: SurveyDeps): void {
  app.get('/api/v1/public/surveys/:token', {
    schema: {
      tags, summary: 'An open survey: its ticket number and title (no login); 404 unknown, 410 answered or expired',
      params: Type.Object({ token: Token }),
      response: { 200: Type.Object({ number: Type.String(), title: Type.String(), expiresAt: Iso }) },
    },
    config: { public: true },
  }, async (request) => {
    const { survey, ticket } = await openSurvey(ctx.db, deps, request.params.token, ctx.clock.now());
    return { number: ticket.number, title: ticket.title, expiresAt: survey.expiresAt.toISOString() };
  });

  app.post('/api/v1/public/surveys/:token', {
    schema: {
      tags, summary: 'Answer a survey once (no login): 1–5 stars and whether the problem is fully solved',
      params: Type.Object({ token: Token }),
      body: Type.Object({
        stars: Type.Integer({ minimum: 1, maximum: 5 }),
        answer: Type.Optional(Type.String({ maxLength: ANSWER_MAX_LENGTH, description: '问题是否已彻底解决？ / Is the problem fully solved?' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ ticketId: Type.String(), number: Type.String(), stars: Type.Integer() }) },
    },
    config: { public: true },
  }, async (request) => {
    const answered = await answerSurvey(ctx, deps, request.params.token, normalizeAnswer(request.body.stars, request.body.answer));
    return { ticketId: answered.ticketId, number: answered.number, stars: answered.stars };
  });
}

function staffApi(app: App, ctx: Ctx, deps: SurveyDeps): void {
  app.get('/api/v1/tickets/:id/surveys', {
    schema: {
      tags, summary: 'A ticket\'s follow-up surveys with their answers, oldest first',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: Type.Object({ items: Type.Array(SurveyView) }) },
    },
  }, async (request) => {
    const { tenantId } = request.actor;
    const ticket = await deps.system.load(ctx.db, tenantId, request.params.id, false);
    if (!ticket || !canSee(request.actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id: request.params.id });
    const now = ctx.clock.now();
    const surveys = await listTicketSurveys(ctx.db, tenantId, ticket.id);
    return {
      items: surveys.map((survey) => ({
        id: survey.id, ticketId: survey.ticketId, requesterId: survey.requesterId, status: surveyStatus(survey, now),
        sentAt: survey.sentAt.toISOString(), expiresAt: survey.expiresAt.toISOString(), answeredAt: survey.answeredAt?.toISOString() ?? null,
        stars: survey.stars, answer: survey.answer,
      })),
    };
  });

  app.get('/api/v1/closure/survey-stats', {
    schema: {
      tags, summary: 'Surveys sent in [from, to) and their answers (admin, manager, dispatcher); default the last 30 days',
      querystring: Type.Object({ from: Type.Optional(Iso), to: Type.Optional(Iso) }),
      response: { 200: SurveyStats },
    },
  }, async (request) => {
    if (!hasRole(request.actor, 'admin', 'manager', 'dispatcher')) throw new AppError('forbidden', 'Only an admin, a manager or a dispatcher may read survey statistics.');
    // Without `to`, up to now inclusive: a survey sent this very millisecond counts.
    const to = request.query.to ? new Date(request.query.to) : new Date(ctx.clock.now().getTime() + 1);
    const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - STATS_DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw new AppError('invalid_input', 'from must be before to.', { field: 'from' });
    if (to.getTime() - from.getTime() > STATS_MAX_DAYS * DAY_MS) {
      throw new AppError('invalid_input', `A period is at most ${STATS_MAX_DAYS} days.`, { field: 'from' });
    }
    const { surveyAlertBelow } = await getClosureSettings(ctx.db, request.actor.tenantId);
    const counts = await countSurveys(ctx.db, request.actor.tenantId, { from, to }, surveyAlertBelow);
    return {
      from: from.toISOString(), to: to.toISOString(), ...counts,
      responseRate: counts.sent ? Math.round((counts.answered / counts.sent) * 10_000) / 10_000 : null,
      averageStars: counts.averageStars === null ? null : Math.round(counts.averageStars * 100) / 100,
    };
  });
}

export function surveyRoutesOf(app: App, ctx: Ctx, deps: SurveyDeps): void {
  surveyPages(app, ctx, deps);
  publicApi(app, ctx, deps);
  staffApi(app, ctx, deps);
}
