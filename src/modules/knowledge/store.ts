/** SQL of knowledge articles: every statement scoped by tenant. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { KnowledgeArticlesTable } from './tables.ts';

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface Article {
  id: string;
  title: string;
  problem: string;
  cause: string | null;
  steps: string;
  /** Attachments of the source ticket shown with the article (its photos). */
  evidenceIds: string[];
  sourceTicketId: string | null;
  ticketType: string | null;
  tags: string[];
  status: ArticleStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** What the ranking reads of a candidate: a few hundred of these per search, never the long texts. */
export interface Candidate {
  id: string;
  title: string;
  terms: string[];
}

function toArticle(row: Selectable<KnowledgeArticlesTable>): Article {
  return {
    id: row.id, title: row.title, problem: row.problem, cause: row.cause, steps: row.steps, evidenceIds: row.evidence_ids,
    sourceTicketId: row.source_ticket_id, ticketType: row.ticket_type, tags: row.tags, status: row.status, createdBy: row.created_by,
    createdAt: row.created_at, updatedAt: row.updated_at, version: row.version,
  };
}

const articles = (db: Db, tenantId: string) => db.selectFrom('knowledge_articles').where('tenant_id', '=', tenantId);

export async function insertArticle(db: Db, tenantId: string, article: Article, terms: string[]): Promise<void> {
  await db.insertInto('knowledge_articles').values({
    tenant_id: tenantId, id: article.id, title: article.title, problem: article.problem, cause: article.cause, steps: article.steps,
    evidence_ids: article.evidenceIds, source_ticket_id: article.sourceTicketId, ticket_type: article.ticketType, tags: article.tags,
    terms, status: article.status, created_by: article.createdBy, created_at: article.createdAt, updated_at: article.updatedAt,
    version: article.version,
  }).execute();
}

export async function getArticle(db: Db, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Article | undefined> {
  let query = articles(db, tenantId).selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toArticle(row);
}

/** The article saved from a ticket, whatever its status: a ticket gives one article. */
export async function getArticleBySource(db: Db, tenantId: string, ticketId: string): Promise<Article | undefined> {
  const row = await articles(db, tenantId).selectAll().where('source_ticket_id', '=', ticketId).executeTakeFirst();
  return row && toArticle(row);
}

/** Articles by id, in the order of `ids`. */
export async function getArticlesByIds(db: Db, tenantId: string, ids: string[]): Promise<Article[]> {
  if (!ids.length) return [];
  const rows = await articles(db, tenantId).selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, toArticle(row)]));
  return ids.map((id) => byId.get(id)).filter((article): article is Article => !!article);
}

export type ArticleChanges = Partial<Pick<Article, 'title' | 'problem' | 'cause' | 'steps' | 'tags' | 'ticketType' | 'status'>>;

/** Writes the changes with the new terms and the next version; the caller holds the row lock. */
export async function updateArticle(db: Db, tenantId: string, id: string, changes: ArticleChanges, terms: string[], now: Date): Promise<Article> {
  const row = await db.updateTable('knowledge_articles').set({
    ...(changes.title !== undefined && { title: changes.title }),
    ...(changes.problem !== undefined && { problem: changes.problem }),
    ...(changes.cause !== undefined && { cause: changes.cause }),
    ...(changes.steps !== undefined && { steps: changes.steps }),
    ...(changes.tags !== undefined && { tags: changes.tags }),
    ...(changes.ticketType !== undefined && { ticket_type: changes.ticketType }),
    ...(changes.status !== undefined && { status: changes.status }),
    terms,
    updated_at: now,
    version: sql`version + 1`,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toArticle(row);
}

export interface ArticleFilter {
  statuses: readonly ArticleStatus[];
  ticketType?: string;
  /** With ticketType: also the articles filed under no type. */
  includeUntyped?: boolean;
}

/** Newest first (ids are UUIDv7), a page after the cursor id `before`. */
export async function listNewest(db: Db, tenantId: string, filter: ArticleFilter & { before?: string; limit: number }): Promise<Article[]> {
  let query = articles(db, tenantId).selectAll().where('status', 'in', [...filter.statuses]);
  const { ticketType, includeUntyped } = filter;
  if (ticketType) {
    query = query.where((eb) => (includeUntyped ? eb.or([eb('ticket_type', '=', ticketType), eb('ticket_type', 'is', null)]) : eb('ticket_type', '=', ticketType)));
  }
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toArticle);
}

function typeCondition({ ticketType, includeUntyped }: ArticleFilter) {
  if (!ticketType) return sql``;
  return includeUntyped ? sql`AND (hit.ticket_type = ${ticketType} OR hit.ticket_type IS NULL)` : sql`AND hit.ticket_type = ${ticketType}`;
}

/**
 * Articles sharing at least one term with the query, those sharing the most first, at most
 * `limit`: the ranking then reads only these. Each query term is looked up in the GIN index on
 * its own and the hits are counted per article, so the cost follows how many articles hold the
 * terms, not how long their texts are. Measured on 10,000 articles that all share some terms
 * with a 21-term query: about 70 ms, against 300-700 ms for one `terms && query` scan that
 * counts each row's shared terms.
 */
export async function findCandidates(db: Db, tenantId: string, terms: string[], filter: ArticleFilter & { limit: number }): Promise<Candidate[]> {
  if (!terms.length) return [];
  const result = await sql<Candidate>`
    SELECT article.id, article.title, article.terms FROM (
      SELECT hit.id, count(*) AS hits
      FROM unnest(${sql.val(terms)}::text[]) AS query (term)
      JOIN knowledge_articles hit ON hit.tenant_id = ${tenantId} AND hit.terms @> ARRAY[query.term]
        AND hit.status = ANY(${sql.val([...filter.statuses])}::text[])
        ${typeCondition(filter)}
      GROUP BY hit.id
      ORDER BY hits DESC, hit.id DESC
      LIMIT ${filter.limit}
    ) best
    JOIN knowledge_articles article ON article.tenant_id = ${tenantId} AND article.id = best.id
    ORDER BY best.hits DESC, article.id DESC`.execute(db);
  return result.rows;
}
