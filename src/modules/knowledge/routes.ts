/** HTTP routes of knowledge: articles, saving a ticket's solution, suggestions, evidence photos. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.ts';
import { sendStoredFile } from '../../platform/http/stored-file.ts';
import type { ArticleService } from './articles.ts';
import type { TicketKnowledge } from './from-ticket.ts';
import * as schemas from './schemas.ts';

const tags = ['knowledge'];
const ARTICLES = '/api/v1/knowledge/articles';

export function registerKnowledgeRoutes(app: App, articles: ArticleService, tickets: TicketKnowledge): void {
  app.get(ARTICLES, {
    schema: {
      tags,
      summary: 'Knowledge articles: newest first, or with q ranked by relevance (Chinese and English), each with its score',
      description: 'Everyone of the tenant reads published articles; staff also see drafts, and archived ones when they ask for status=archived. '
        + 'A search never finds archived articles.',
      querystring: schemas.ListQuery,
      response: { 200: schemas.ArticleList },
    },
  }, async (request) => articles.list(request.actor, request.query));

  app.get(`${ARTICLES}/:id`, {
    schema: { tags, summary: 'One knowledge article', params: schemas.ArticleParams, response: { 200: schemas.Article } },
  }, async (request) => articles.get(request.actor, request.params.id));

  app.post(ARTICLES, {
    schema: {
      tags,
      summary: 'Write a knowledge article (admin, manager, expert, engineer, dispatcher)',
      body: schemas.CreateArticleBody,
      response: { 201: schemas.Article },
    },
  }, async (request, reply) => reply.status(201).send(await articles.create(request.actor, request.body)));

  app.patch(`${ARTICLES}/:id`, {
    schema: {
      tags,
      summary: 'Edit an article (its author, an expert, a manager or an admin); a stale version answers 409',
      params: schemas.ArticleParams,
      body: schemas.UpdateArticleBody,
      response: { 200: schemas.Article },
    },
  }, async (request) => articles.update(request.actor, request.params.id, request.body));

  app.delete(`${ARTICLES}/:id`, {
    schema: {
      tags,
      summary: 'Archive an article (its author, a manager or an admin): out of search and suggestions; an edit with status restores it',
      params: schemas.ArticleParams,
    },
  }, async (request, reply) => {
    await articles.archive(request.actor, request.params.id);
    return reply.status(204).send();
  });

  app.get(`${ARTICLES}/:id/evidence/:attachmentId`, {
    schema: {
      tags,
      summary: 'A photo of the article\'s evidence, for whoever may read the article',
      produces: ['application/octet-stream'],
      params: schemas.EvidenceParams,
    },
  }, async (request, reply) => {
    const { attachment, content } = await tickets.openEvidence(request.actor, request.params.id, request.params.attachmentId);
    return sendStoredFile(request, reply, attachment, content);
  });

  app.post('/api/v1/knowledge/suggest', {
    schema: {
      tags,
      summary: 'Published articles that may answer a report being written (at most 5, best first, with scores)',
      body: schemas.SuggestBody,
      response: { 200: schemas.Suggestions },
    },
  }, async (request) => tickets.suggestForReport(request.actor, request.body));

  app.post('/api/v1/tickets/:id/knowledge-article', {
    schema: {
      tags,
      summary: 'Save the ticket\'s verified solution as a knowledge article (staff who can see the ticket)',
      description: 'Only a ticket closed after verification (solved or partly solved, also automatically) qualifies; otherwise 409 '
        + 'with details.reason. One article per ticket: a second answers 409 already_exists with details.articleId. '
        + 'The problem is the ticket\'s description, the steps its solution, the evidence its photos.',
      params: schemas.TicketParams,
      body: Type.Optional(schemas.FromTicketBody),
      response: { 201: schemas.Article },
    },
  }, async (request, reply) => reply.status(201).send(await tickets.saveFromTicket(request.actor, request.params.id, request.body ?? {})));

  app.get('/api/v1/tickets/:id/knowledge-suggestions', {
    schema: {
      tags,
      summary: 'Published articles about what the ticket describes (at most 5, best first, with scores)',
      params: schemas.TicketParams,
      response: { 200: schemas.Suggestions },
    },
  }, async (request) => tickets.suggestionsForTicket(request.actor, request.params.id));
}
