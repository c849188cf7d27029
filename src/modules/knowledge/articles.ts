/**
 * Knowledge articles: written by hand or saved from a verified ticket (from-ticket.ts), read by
 * everyone of the tenant, searched in Chinese and English. Each operation is one transaction.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getTicketType } from '../tickets/index.ts';
import {
  cleanTags, mayRead, optionalText, readableStatuses, requireArchiver, requireAuthor, requireEditor, requiredText, toArticleView,
  type ArticleView,
} from './model.ts';
import { SEARCH_TERMS, searchArticles } from './search.ts';
import * as store from './store.ts';
import { articleTerms } from './terms.ts';

export interface ListInput {
  q?: string;
  type?: string;
  status?: store.ArticleStatus;
  limit?: number;
  cursor?: string;
}

export interface CreateInput {
  title: string;
  problem: string;
  cause?: string;
  steps: string;
  tags?: string[];
  ticketType?: string;
  status?: 'draft' | 'published';
}

export interface UpdateInput {
  version: number;
  title?: string;
  problem?: string;
  cause?: string | null;
  steps?: string;
  tags?: string[];
  ticketType?: string | null;
  status?: 'draft' | 'published';
}

const DEFAULT_LIMIT = 20;
/** A search answers in one page: past the first few dozen, a better query beats more results. */
const SEARCH_LIMIT = 50;

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
  return id;
}

/** 400 for a type this tenant does not have: an article filed under a typo is never suggested. */
export async function checkTicketType(db: Db, tenantId: string, key: string | null | undefined): Promise<void> {
  if (key && !(await getTicketType(db, tenantId, key))) {
    throw new AppError('invalid_input', `Unknown ticket type "${key}".`, { field: 'ticketType' });
  }
}

export function createArticleService(ctx: Ctx) {
  /** The article if the caller may read it; 404 otherwise, as for another tenant's id. */
  async function loadReadable(db: Db, actor: Actor, id: string, forUpdate = false): Promise<store.Article> {
    const article = await store.getArticle(db, actor.tenantId, id, { forUpdate });
    if (!article || !mayRead(actor, article)) throw new AppError('not_found', 'Knowledge article not found.', { id });
    return article;
  }

  /**
   * Without q: newest first, by cursor; drafts and published for staff unless a status is asked
   * for. With q: ranked, each with its score; archived articles are never found.
   */
  async function list(actor: Actor, input: ListInput): Promise<{ items: ArticleView[]; nextCursor: string | null }> {
    const readable = readableStatuses(actor);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const q = input.q?.trim();
    if (q) {
      if (input.cursor) throw new AppError('invalid_input', 'A search answers in one page: send cursor without q.', { field: 'cursor' });
      const statuses = (input.status ? [input.status] : readable).filter((status) => readable.includes(status) && status !== 'archived');
      const ranked = await searchArticles(ctx.db, actor.tenantId, q, {
        statuses, ticketType: input.type, maxTerms: SEARCH_TERMS, limit: Math.min(limit, SEARCH_LIMIT),
      });
      return { items: ranked.map(({ article, score }) => toArticleView(actor, article, score)), nextCursor: null };
    }
    const statuses = input.status
      ? readable.filter((status) => status === input.status)
      : readable.filter((status) => status !== 'archived');
    if (!statuses.length) return { items: [], nextCursor: null };
    const rows = await store.listNewest(ctx.db, actor.tenantId, {
      statuses, ticketType: input.type, before: input.cursor ? decodeCursor(input.cursor) : undefined, limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((article) => toArticleView(actor, article)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  async function get(actor: Actor, id: string): Promise<ArticleView> {
    return toArticleView(actor, await loadReadable(ctx.db, actor, id));
  }

  async function create(actor: Actor, input: CreateInput): Promise<ArticleView> {
    requireAuthor(actor);
    const now = ctx.clock.now();
    const article: store.Article = {
      id: uuidv7(now.getTime()), title: requiredText(input.title, 'title'), problem: requiredText(input.problem, 'problem'),
      cause: optionalText(input.cause), steps: requiredText(input.steps, 'steps'), evidenceIds: [], sourceTicketId: null,
      ticketType: input.ticketType ?? null, tags: cleanTags(input.tags ?? []), status: input.status ?? 'published',
      createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1,
    };
    await checkTicketType(ctx.db, actor.tenantId, article.ticketType);
    await store.insertArticle(ctx.db, actor.tenantId, article, articleTerms(article));
    return toArticleView(actor, article);
  }

  async function update(actor: Actor, id: string, input: UpdateInput): Promise<ArticleView> {
    return ctx.db.transaction().execute(async (trx) => {
      const article = await loadReadable(trx, actor, id, true);
      requireEditor(actor, article);
      if (input.version !== article.version) {
        throw new AppError('version_conflict',
          `The article changed since you loaded it (version ${article.version}, yours ${input.version}). Reload and try again.`,
          { currentVersion: article.version });
      }
      const changes: store.ArticleChanges = {
        ...(input.title !== undefined && { title: requiredText(input.title, 'title') }),
        ...(input.problem !== undefined && { problem: requiredText(input.problem, 'problem') }),
        ...(input.cause !== undefined && { cause: optionalText(input.cause) }),
        ...(input.steps !== undefined && { steps: requiredText(input.steps, 'steps') }),
        ...(input.tags !== undefined && { tags: cleanTags(input.tags) }),
        ...(input.ticketType !== undefined && { ticketType: input.ticketType }),
        ...(input.status !== undefined && { status: input.status }),
      };
      if (changes.ticketType) await checkTicketType(trx, actor.tenantId, changes.ticketType);
      const next = { ...article, ...changes };
      const updated = await store.updateArticle(trx, actor.tenantId, id, changes, articleTerms(next), ctx.clock.now());
      return toArticleView(actor, updated);
    });
  }

  /** Archived: out of search and suggestions, still readable by staff and restorable by an edit. */
  async function archive(actor: Actor, id: string): Promise<void> {
    await ctx.db.transaction().execute(async (trx) => {
      const article = await loadReadable(trx, actor, id, true);
      requireArchiver(actor, article);
      if (article.status === 'archived') return;
      await store.updateArticle(trx, actor.tenantId, id, { status: 'archived' }, articleTerms(article), ctx.clock.now());
    });
  }

  return { loadReadable, list, get, create, update, archive };
}

export type ArticleService = ReturnType<typeof createArticleService>;
