/** Who may do what with knowledge articles, and how an article is shown: pure rules. */
import { AppError } from '../../platform/errors.ts';
import { hasRole, isStaff, type Actor, type Role } from '../../platform/http/actor.ts';
import type { Article, ArticleStatus } from './store.ts';

/** The people who fix things and run the queue write articles; finance and requesters read them. */
export const AUTHOR_ROLES: readonly Role[] = ['admin', 'manager', 'expert', 'engineer', 'dispatcher'];

/** Drafts and archived articles are the staff's working material; requesters read what is published. */
export function readableStatuses(actor: Actor): readonly ArticleStatus[] {
  return isStaff(actor) ? ['draft', 'published', 'archived'] : ['published'];
}

export const mayRead = (actor: Actor, article: Article): boolean => readableStatuses(actor).includes(article.status);

export function requireAuthor(actor: Actor): void {
  if (!hasRole(actor, ...AUTHOR_ROLES)) {
    throw new AppError('forbidden', `Only ${AUTHOR_ROLES.join(', ')} may write knowledge articles.`);
  }
}

/** Its author keeps an article up to date; experts, managers and admins look after all of them. */
export function requireEditor(actor: Actor, article: Article): void {
  if (article.createdBy === actor.userId && hasRole(actor, ...AUTHOR_ROLES)) return;
  if (hasRole(actor, 'expert', 'manager', 'admin')) return;
  throw new AppError('forbidden', 'Only the author, an expert, a manager or an admin may edit this article.');
}

export function requireArchiver(actor: Actor, article: Article): void {
  if (article.createdBy === actor.userId && hasRole(actor, ...AUTHOR_ROLES)) return;
  if (hasRole(actor, 'manager', 'admin')) return;
  throw new AppError('forbidden', 'Only the author, a manager or an admin may archive this article.');
}

/** Trimmed, without blanks or repeats, in the order given. */
export function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
}

/** A required text after trimming: "   " is no title. */
export function requiredText(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new AppError('invalid_input', `${field} cannot be empty.`, { field });
  return trimmed;
}

/** Blank means none. */
export const optionalText = (value: string | null | undefined): string | null => value?.trim() || null;

export const evidenceUrl = (articleId: string, attachmentId: string) =>
  `/api/v1/knowledge/articles/${articleId}/evidence/${attachmentId}`;

export function toArticleView(actor: Actor, article: Article, score?: number) {
  return {
    id: article.id,
    title: article.title,
    problem: article.problem,
    cause: article.cause,
    steps: article.steps,
    tags: article.tags,
    ticketType: article.ticketType,
    status: article.status,
    sourceTicketId: isStaff(actor) ? article.sourceTicketId : null,
    evidence: article.evidenceIds.map((attachmentId) => ({ attachmentId, url: evidenceUrl(article.id, attachmentId) })),
    createdBy: article.createdBy,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
    ...(score !== undefined && { score }),
  };
}

export type ArticleView = ReturnType<typeof toArticleView>;
