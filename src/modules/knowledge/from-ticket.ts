/**
 * Knowledge and tickets: a verified solution saved as an article (once per ticket), the
 * articles that may already answer a ticket or a report being written, and the article's
 * photos, which its readers see even when the source ticket is not theirs.
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../platform/blobs.ts';
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { servingPolicy } from '../../platform/sniff.ts';
import {
  appendTicketEvents, canSee, getAttachment, listAttachments, type Attachment, type TicketState, type TicketSystem,
} from '../tickets/index.ts';
import type { ArticleService } from './articles.ts';
import { cleanTags, optionalText, requireAuthor, requiredText, toArticleView, type ArticleView } from './model.ts';
import { REPORT_TERMS, searchArticles } from './search.ts';
import * as store from './store.ts';
import { articleTerms } from './terms.ts';
import { whyNotVerified } from './verified.ts';

export interface FromTicketInput {
  title?: string;
  cause?: string;
  steps?: string;
  tags?: string[];
}

/** A ticket page or an intake form shows a handful; more would not be read. */
const SUGGESTIONS = 5;

/** Photos a browser shows as they are; other files (and SVG, which can run script) stay with the ticket. */
const isPhoto = (attachment: Attachment) =>
  attachment.mime.startsWith('image/') && servingPolicy(attachment.mime).contentType === attachment.mime;

const isUniqueViolation = (error: unknown, constraint: string) =>
  typeof error === 'object' && error !== null
  && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;

const alreadySaved = (articleId: string) =>
  new AppError('already_exists', 'This ticket\'s solution is already a knowledge article.', { articleId });

/**
 * Saves a verified ticket's solution as a published article in the caller's transaction (the
 * ticket locked): its description is the problem, its solution the steps, its photos the
 * evidence; the ticket records it. 409 when the ticket already has one.
 */
export async function saveVerifiedSolution(db: Db, tenantId: string, ticket: TicketState, authorId: string,
  input: FromTicketInput, now: Date): Promise<store.Article> {
  const existing = await store.getArticleBySource(db, tenantId, ticket.id);
  if (existing) throw alreadySaved(existing.id);
  const photos = (await listAttachments(db, tenantId, [ticket.id])).filter(isPhoto);
  const article: store.Article = {
    id: uuidv7(now.getTime()), title: requiredText(input.title ?? ticket.title, 'title'), problem: requiredText(ticket.description, 'problem'),
    cause: optionalText(input.cause), steps: requiredText(input.steps ?? ticket.solution ?? '', 'steps'),
    evidenceIds: photos.map((photo) => photo.id), sourceTicketId: ticket.id, ticketType: ticket.type,
    tags: cleanTags(input.tags ?? []), status: 'published', createdBy: authorId, createdAt: now, updatedAt: now, version: 1,
  };
  await store.insertArticle(db, tenantId, article, articleTerms(article));
  await appendTicketEvents(db, tenantId, ticket.id, authorId, now, [
    { type: 'knowledge_article_saved', data: { articleId: article.id, title: article.title } },
  ]);
  return article;
}

export function createTicketKnowledge(ctx: Ctx, deps: { system: TicketSystem; blobs: BlobStore; articles: ArticleService }) {
  const { system, blobs, articles } = deps;

  async function loadVisibleTicket(actor: Actor, id: string, forUpdate: boolean, db = ctx.db): Promise<TicketState> {
    const ticket = await system.load(db, actor.tenantId, id, forUpdate);
    if (!ticket || !canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  /**
   * The ticket's verified solution as a published article: its description is the problem, its
   * solution the steps, its photos the evidence. The ticket records that it was saved.
   */
  async function saveFromTicket(actor: Actor, ticketId: string, input: FromTicketInput): Promise<ArticleView> {
    requireAuthor(actor);
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        // Locked, so two saves of one ticket queue here and the second finds the first's article.
        const ticket = await loadVisibleTicket(actor, ticketId, true, trx);
        const refusal = whyNotVerified(ticket);
        if (refusal) throw new AppError('illegal_transition', refusal.message, { reason: refusal.reason, status: ticket.status });
        const article = await saveVerifiedSolution(trx, actor.tenantId, ticket, actor.userId, input, ctx.clock.now());
        return toArticleView(actor, article);
      });
    } catch (error) {
      // Only a writer that bypassed the ticket lock could get here; answer as if it had queued.
      if (!isUniqueViolation(error, 'knowledge_articles_source')) throw error;
      const existing = await store.getArticleBySource(ctx.db, actor.tenantId, ticketId);
      throw existing ? alreadySaved(existing.id) : error;
    }
  }

  /** Published articles about what the ticket describes, best first; not the one saved from it. */
  async function suggestionsForTicket(actor: Actor, ticketId: string): Promise<{ items: ArticleView[] }> {
    const ticket = await loadVisibleTicket(actor, ticketId, false);
    const ranked = await searchArticles(ctx.db, actor.tenantId, `${ticket.title}\n${ticket.description}`, {
      statuses: ['published'], maxTerms: REPORT_TERMS, limit: SUGGESTIONS, excludeSourceTicketId: ticket.id,
    });
    return { items: ranked.map(({ article, score }) => toArticleView(actor, article, score)) };
  }

  /**
   * Published articles for a report being written (the intake form, before submitting). With a
   * type, articles of that type or of none.
   */
  async function suggestForReport(actor: Actor, input: { description: string; type?: string }): Promise<{ items: ArticleView[] }> {
    const ranked = await searchArticles(ctx.db, actor.tenantId, input.description, {
      statuses: ['published'], ticketType: input.type, includeUntyped: true, maxTerms: REPORT_TERMS, limit: SUGGESTIONS,
    });
    return { items: ranked.map(({ article, score }) => toArticleView(actor, article, score)) };
  }

  /** One of the article's photos; 404 for any attachment that is not among its evidence. */
  async function openEvidence(actor: Actor, articleId: string, attachmentId: string): Promise<{ attachment: Attachment; content: () => Readable }> {
    const article = await articles.loadReadable(ctx.db, actor, articleId);
    const attachment = article.evidenceIds.includes(attachmentId)
      ? await getAttachment(ctx.db, actor.tenantId, attachmentId)
      : undefined;
    if (!attachment || attachment.ticketId !== article.sourceTicketId) {
      throw new AppError('not_found', 'This article has no such evidence.', { articleId, attachmentId });
    }
    if (!blobs.exists(attachment.sha256)) {
      throw new Error(`The blob ${attachment.sha256} of attachment ${attachment.id} is missing from the blob store.`);
    }
    return { attachment, content: () => blobs.createReadStream(attachment.sha256) };
  }

  return { saveFromTicket, suggestionsForTicket, suggestForReport, openEvidence };
}

export type TicketKnowledge = ReturnType<typeof createTicketKnowledge>;
