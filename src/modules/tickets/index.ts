/** What other modules and the app may use of tickets. */
import type { Ctx } from '../../platform/context.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { createActionService } from './actions.ts';
import { createAttachmentService } from './attachments.ts';
import type { TicketHooks } from './hooks.ts';
import { createTicketCore } from './service.ts';
import { createTypeService } from './types-service.ts';

export function createTicketService(ctx: Ctx, deps: { blobs: BlobStore; hooks: TicketHooks }) {
  const core = createTicketCore(ctx, deps.hooks);
  return {
    ...core,
    act: createActionService(ctx, core, deps.hooks),
    types: createTypeService(ctx),
    attachments: createAttachmentService(ctx, core, deps.blobs),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
export { ticketRoutes } from './routes.ts';
export { attachmentRoutes } from './attachments-routes.ts';
export { installBuiltinTicketTypes } from './types-service.ts';
export { toTicketView, OPEN_STATUSES, PRIORITIES, type Priority, type Status, type TicketState, type TicketView } from './model.ts';
export { TicketHooks, type TicketChange, type TicketGuard, type TicketListener, type DispatchChoice, type DispatchChooser } from './hooks.ts';
export { createTicketSystem, type TicketSystem } from './system.ts';
export { canSee } from './service.ts';
export { getTicketType, type TicketType } from './store.ts';
export { cachedTicketType, forgetTicketType } from './type-cache.ts';
export { setTicketTypeDispatch } from './store.ts';
export { appendEvents as appendTicketEvents, type TicketEventInput } from './store.ts';
export { getAttachment, listAttachments, type Attachment } from './attachments-store.ts';
export { similarity } from './intake.ts';
export { localDay } from './service.ts';
export type { ActionInput } from './lifecycle.ts';
export { listTickets } from './store.ts';
export { dashboardRoutes } from './dashboard-routes.ts';
export { ticketStreamRoutes } from './stream.ts';
