/**
 * Customer verification: when a fix is resolved (and reviewed, where the type wants it), the
 * requester gets a signed, expiring, single-use link and its QR code that opens a phone page
 * without login; their answer closes the ticket or, "not solved", reopens it at a higher
 * priority and tells the engineer's manager. Silence verifies it after the tenant's N days,
 * counted apart. The pieces:
 *   verification-model.ts      pure decisions (link state, priority, end of day)
 *   verification-listener.ts   reacting to ticket changes (issuing, using up, not solved)
 *   verification-public.ts     the customer's side, verification-page.ts its HTML
 *   verification-staff.ts      links, overview and statistics behind the login
 *   verification-jobs.ts       closure.auto_verify
 */
import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/server.ts';
import type { JobHandler } from '../../platform/runner/index.ts';
import type { TicketHooks, TicketSystem } from '../tickets/index.ts';
import type { ClosureDeps } from './deps.ts';
import type { LinkConfig } from './tokens.ts';
import { autoVerifyHandler } from './verification-jobs.ts';
import { verificationListener } from './verification-listener.ts';
import { AUTO_VERIFY } from './verification-model.ts';
import { createPublicVerification } from './verification-public.ts';
import { registerPublicVerificationRoutes } from './verification-public-routes.ts';
import { registerVerificationRoutes } from './verification-routes.ts';
import { createStaffVerification } from './verification-staff.ts';

export { AUTO_VERIFY } from './verification-model.ts';

export function registerVerification(hooks: TicketHooks, _ctx: Ctx, links: LinkConfig): void {
  hooks.onChange('verification', verificationListener(links));
}

export function verificationJobHandlers(system: TicketSystem, _links: LinkConfig): [string, JobHandler][] {
  return [[AUTO_VERIFY, autoVerifyHandler(system)]];
}

export function verificationRoutes(app: App, ctx: Ctx, deps: ClosureDeps): void {
  registerVerificationRoutes(app, createStaffVerification(ctx, deps));
  registerPublicVerificationRoutes(app, createPublicVerification(ctx, deps));
}
