/**
 * The demo's knowledge base: the expert saved the distinct verified solutions of the history
 * as articles, so a new report of a familiar fault is met with a suggestion.
 */
import type { Ctx } from '../../platform/context.ts';
import { saveVerifiedSolution, whyNotVerified } from '../knowledge/index.ts';
import { listTickets } from '../tickets/index.ts';

const ARTICLES = 20;

export async function seedKnowledge(ctx: Ctx, tenantId: string, authorId: string, now: Date): Promise<number> {
  const closed = await listTickets(ctx.db, tenantId, { kind: 'all' }, { statuses: ['closed'], limit: 1000 });
  const solutions = new Set<string>();
  let saved = 0;
  for (const ticket of closed) {
    if (saved >= ARTICLES) break;
    if (whyNotVerified(ticket) || !ticket.solution || solutions.has(ticket.title)) continue;
    solutions.add(ticket.title);
    await ctx.db.transaction().execute((trx) => saveVerifiedSolution(trx, tenantId, ticket, authorId, {}, now));
    saved++;
  }
  return saved;
}
