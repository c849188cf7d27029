/**
 * Search terms and ranking of knowledge articles, pure: no dictionary, no database.
 *
 * Chinese has no spaces between words, so a CJK run becomes its overlapping character pairs
 * ("主轴异响" → 主轴 轴异 异响): any two-character word of the query is then one of the
 * article's pairs, whatever the word boundaries. Latin letters and digits become lower-cased
 * words. The same function makes the terms of an article and of a query, so both sides agree.
 */

/** Scripts written without spaces: Chinese characters, and the kana and hangul that sit among them. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Either a CJK run, or a run of other letters and digits (a lookahead keeps CJK out of the words). */
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu;

/**
 * Particles and politeness that sit between the words of a report ("机床的主轴", "请尽快"):
 * a pair across them ("床的", "的主") says nothing, so they split a run instead.
 */
const CHINESE_FILLERS = /[的了吗呢吧啊呀哦请您]/u;

/** A handful of English words too common to say what an article is about. */
const ENGLISH_STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'is', 'are', 'was', 'were',
  'be', 'been', 'it', 'its', 'this', 'that', 'as', 'has', 'have', 'had', 'we', 'our', 'please',
]);

/** "bearings" and "bearing" are one term; "process", "gas" and "bus" keep their s. */
function foldPlural(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') ? word.slice(0, -1) : word;
}

function addCjkTerms(run: string, terms: Set<string>): void {
  for (const part of run.split(CHINESE_FILLERS)) {
    const chars = Array.from(part);
    if (chars.length === 1) terms.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i] + chars[i + 1]);
  }
}

/**
 * The distinct search terms of a text, in order of first appearance: character pairs of CJK
 * runs (a lone character stands for itself), and lower-cased words of two letters or digits or
 * more, without English stop words. Full-width letters and digits count as ASCII ones.
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    if (CJK.test(run)) {
      addCjkTerms(run, terms);
    } else if (run.length > 1 && !ENGLISH_STOP_WORDS.has(run)) {
      terms.add(foldPlural(run));
    }
  }
  return [...terms];
}

/**
 * Single characters of a title's CJK runs, so a one-character query ("泵", "阀") finds the
 * articles about it by their title. A longer query never makes single characters, so these
 * cannot blur its matches.
 */
function titleCharacters(title: string): string[] {
  const chars = new Set<string>();
  for (const char of title.normalize('NFKC')) {
    if (CJK.test(char) && !CHINESE_FILLERS.test(char)) chars.add(char);
  }
  return [...chars];
}

export interface ArticleText {
  title: string;
  problem: string;
  cause?: string | null;
  steps: string;
  tags?: readonly string[];
}

/** What an article stores in its `terms` column: everything a reader may search it by. */
export function articleTerms(article: ArticleText): string[] {
  const text = [article.title, article.problem, article.cause ?? '', article.steps, ...(article.tags ?? [])].join('\n');
  return [...new Set([...searchTerms(text), ...titleCharacters(article.title)])];
}

/**
 * The terms a query is matched by, at most `max` (the first ones: a report says what is wrong
 * before it says anything else). Bounds the candidate lookup however long the text is.
 */
export function queryTerms(text: string, max: number): string[] {
  return searchTerms(text).slice(0, max);
}

/** A query term found only in the article's body counts this much; found in its title, 1. */
export const BODY_WEIGHT = 0.6;
/**
 * Below this an article is not shown. One title word of a two-word query passes (0.5); one
 * body word of it does not (0.3), nor one term in three (0.33 at best).
 */
export const MIN_SCORE = 0.35;

export interface RankCandidate {
  title: string;
  terms: readonly string[];
}

/**
 * The share of the query's terms the article holds, from 0 to 1, a term in the title counting
 * fully and one only in the body counting BODY_WEIGHT.
 */
export function scoreArticle(query: readonly string[], article: RankCandidate): number {
  if (!query.length) return 0;
  const title = new Set([...searchTerms(article.title), ...titleCharacters(article.title)]);
  const all = new Set(article.terms);
  let found = 0;
  for (const term of query) {
    if (title.has(term)) found += 1;
    else if (all.has(term)) found += BODY_WEIGHT;
  }
  return found / query.length;
}

/**
 * The candidates that pass MIN_SCORE, best first, at most `limit`. Equal scores keep the
 * candidates' order (the store gives the newest first), so a fresher article wins a tie.
 */
export function rankArticles<T extends RankCandidate>(query: readonly string[], candidates: readonly T[], limit: number,
  minScore = MIN_SCORE): { article: T; score: number }[] {
  return candidates
    .map((article) => ({ article, score: Math.round(scoreArticle(query, article) * 1000) / 1000 }))
    .filter((ranked) => ranked.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
