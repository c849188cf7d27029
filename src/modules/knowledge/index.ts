/**
 * Knowledge: verified solutions kept for the next engineer, searchable in Chinese and English
 * and suggested on new tickets and reports that look alike.
 */
import type { BlobStore } from '../../platform/blobs.ts';
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { TicketSystem } from '../tickets/index.ts';
import { createArticleService } from './articles.ts';
import { createTicketKnowledge } from './from-ticket.ts';
import { registerKnowledgeRoutes } from './routes.ts';

export function knowledgeRoutes(app: App, ctx: Ctx, deps: { system: TicketSystem; blobs: BlobStore }): void {
  const articles = createArticleService(ctx);
  registerKnowledgeRoutes(app, articles, createTicketKnowledge(ctx, { ...deps, articles }));
}
export { saveVerifiedSolution } from './from-ticket.ts';
export { whyNotVerified } from './verified.ts';
