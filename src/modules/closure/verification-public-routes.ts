/**
 * The routes a customer reaches without a login: the page at /v/{token} with its HTML form, and
 * its JSON twins under /api/v1/public/verifications. Refusals: 404 for a forged or unknown token,
 * 410 for a used or expired one or a ticket that no longer waits; none of them changes anything.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { contentDisposition, servingPolicy } from '../../platform/sniff.ts';
import { pageLanguage, sendPublicPage, type PageLanguage } from './public-page.ts';
import { VERIFY_RESULTS, isVerifyResult } from './verification-model.ts';
import { renderVerificationNotice, renderVerificationPage } from './verification-page.ts';
import type { PublicVerification, Refusal } from './verification-public.ts';

const tags = ['closure'];
/** The page's form carries a result and a comment of at most 2,000 characters (18 KB as UTF-8, percent-encoded). */
const FORM_BODY_LIMIT = 24 * 1024;
const MAX_COMMENT = 2000;
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const Time = Type.String({ format: 'date-time' });

const Summary = Type.Object({
  number: Type.String(),
  title: Type.String(),
  description: Type.String(),
  solution: Type.Union([Type.String(), Type.Null()]),
  engineerName: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Time, Type.Null()]),
  photos: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), url: Type.String() })),
  expiresAt: Time,
});

const AnswerBody = Type.Object({
  result: Type.Enum([...VERIFY_RESULTS], { description: 'satisfied (已解决), partial (部分解决) or unresolved (未解决)' }),
  comment: Type.Optional(Type.String({ maxLength: MAX_COMMENT })),
}, { additionalProperties: false });

const Answer = Type.Object({
  ticketId: Type.String({ format: 'uuid' }),
  number: Type.String(),
  result: Type.Enum([...VERIFY_RESULTS]),
  status: Type.String({ description: 'closed, or (not solved) back with the engineer' }),
});

/** The API error of a refusal. */
function refusalError(refusal: Refusal): AppError {
  switch (refusal.kind) {
    case 'unknown': return new AppError('not_found', 'This verification link is unknown.');
    case 'expired': return new AppError('gone', 'This verification link has expired; ask the service team for a new one.',
      { reason: 'expired', expiresAt: refusal.expiresAt.toISOString() });
    case 'used': return new AppError('gone', 'This verification link has already been used.', { reason: 'used', result: refusal.result });
    case 'not_waiting': return new AppError('gone', `The ticket is ${refusal.status} and no longer waits for verification.`,
      { reason: 'not_waiting', status: refusal.status, result: refusal.result });
  }
}

const sendPage = sendPublicPage;

function sendRefusalPage(reply: FastifyReply, refusal: Refusal, language: PageLanguage) {
  if (refusal.kind === 'unknown') return sendPage(reply, 404, renderVerificationNotice({ kind: 'unknown' }, language));
  if (refusal.kind === 'expired') return sendPage(reply, 410, renderVerificationNotice({ kind: 'expired' }, language));
  return sendPage(reply, 410, renderVerificationNotice({ kind: 'used', result: refusal.result }, language));
}

export function registerPublicVerificationRoutes(app: App, verification: PublicVerification): void {
  // The page and its form live in their own scope: only they read form bodies, and small ones.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // The token is in the address: no page of it tells another site where it came from.
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Referrer-Policy', 'no-referrer');
    });

    scope.get('/v/:token', {
      schema: { hide: true, params: TokenParams },
      config: { public: true },
    }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const language = pageLanguage(request.query, request.headers['accept-language']);
      const found = await verification.summary(token);
      if (found.kind !== 'open') return sendRefusalPage(reply, found, language);
      return sendPage(reply, 200, renderVerificationPage(found.summary, `/v/${token}`, language));
    });

    scope.post('/v/:token', {
      schema: { hide: true, params: TokenParams },
      config: { public: true },
    }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const language = pageLanguage(request.query, request.headers['accept-language']);
      const form = (request.body ?? {}) as Record<string, unknown>;
      if (!isVerifyResult(form.result)) return sendPage(reply, 400, renderVerificationNotice({ kind: 'bad_answer' }, language));
      const comment = typeof form.comment === 'string' ? form.comment : undefined;
      if (comment && [...comment].length > MAX_COMMENT) return sendPage(reply, 400, renderVerificationNotice({ kind: 'too_long' }, language));
      const outcome = await verification.answer(token, { result: form.result, comment });
      if (outcome.kind !== 'answered') return sendRefusalPage(reply, outcome, language);
      return sendPage(reply, 200, renderVerificationNotice({ kind: 'thanks', result: outcome.result }, language));
    });
  });

  app.get('/api/v1/public/verifications/:token', {
    schema: {
      tags, summary: 'What the customer\'s verification page shows (no login)', security: [],
      params: TokenParams, response: { 200: Summary },
    },
    config: { public: true },
  }, async (request) => {
    const found = await verification.summary(request.params.token);
    if (found.kind !== 'open') throw refusalError(found);
    const { summary } = found;
    return {
      number: summary.number, title: summary.title, description: summary.description, solution: summary.solution,
      engineerName: summary.engineerName, resolvedAt: summary.resolvedAt?.toISOString() ?? null, photos: summary.photos,
      expiresAt: summary.expiresAt.toISOString(),
    };
  });

  app.post('/api/v1/public/verifications/:token', {
    schema: {
      tags, summary: 'The customer\'s answer (no login): 404 for an unknown token, 410 for a used or expired one', security: [],
      params: TokenParams, body: AnswerBody, response: { 200: Answer },
    },
    config: { public: true },
  }, async (request) => {
    const outcome = await verification.answer(request.params.token, request.body);
    if (outcome.kind !== 'answered') throw refusalError(outcome);
    return { ticketId: outcome.ticketId, number: outcome.number, result: outcome.result, status: outcome.status };
  });

  app.get('/api/v1/public/verifications/:token/attachments/:attachmentId', {
    schema: {
      tags, summary: 'An evidence photo of the token\'s ticket, while the token can be answered (no login)', security: [],
      produces: ['image/*'], params: Type.Object({ token: Type.String({ maxLength: 200 }), attachmentId: Type.String({ format: 'uuid' }) }),
    },
    config: { public: true },
  }, async (request, reply) => {
    const photo = await verification.photo(request.params.token, request.params.attachmentId);
    if (!photo) throw new AppError('not_found', 'Photo not found.');
    const { attachment } = photo;
    return reply
      .header('Content-Type', servingPolicy(attachment.mime).contentType)
      .header('Content-Disposition', contentDisposition('inline', attachment.name))
      .header('Content-Security-Policy', 'sandbox')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .header('Content-Length', attachment.size)
      .send(photo.content());
  });
}
