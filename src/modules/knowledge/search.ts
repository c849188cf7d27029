/**
 * Finding articles by text: candidates from the GIN index, ranked here by the share of the
 * query's terms each holds (terms.ts), then loaded whole for the few that are shown.
 */
import type { Db } from '../../platform/context.ts';
import * as store from './store.ts';
import { queryTerms, rankArticles } from './terms.ts';

/**
 * How many articles the ranking reads at most: those sharing the most terms with the query, so
 * an article left out holds no more of them than the last one read, however many articles share
 * a common term ("故障", "更换").
 */
const CANDIDATE_LIMIT = 200;
/** A search box query: every term counts. */
export const SEARCH_TERMS = 64;
/** A whole report: its first terms say what is wrong; the rest (greetings, where to come) say less. */
export const REPORT_TERMS = 32;

export interface Ranked {
  article: store.Article;
  score: number;
}

export async function searchArticles(db: Db, tenantId: string, text: string, options: store.ArticleFilter & {
  maxTerms: number; limit: number; excludeSourceTicketId?: string;
}): Promise<Ranked[]> {
  const terms = queryTerms(text, options.maxTerms);
  if (!terms.length || !options.statuses.length) return [];
  const candidates = await store.findCandidates(db, tenantId, terms, { ...options, limit: CANDIDATE_LIMIT });
  // One more than asked, in case the article to leave out is among the best.
  const ranked = rankArticles(terms, candidates, options.limit + (options.excludeSourceTicketId ? 1 : 0));
  const articles = new Map((await store.getArticlesByIds(db, tenantId, ranked.map((entry) => entry.article.id)))
    .map((article) => [article.id, article]));
  return ranked
    .flatMap((entry) => {
      const article = articles.get(entry.article.id);
      return article ? [{ article, score: entry.score }] : [];
    })
    .filter((entry) => !options.excludeSourceTicketId || entry.article.sourceTicketId !== options.excludeSourceTicketId)
    .slice(0, options.limit);
}
