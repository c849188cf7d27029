/** What other modules and the app may use of tickets. */
import type { Ctx } from '../../platform/context.ts';
import type { BlobStore } from '../../platform/blobs.ts';
import { createActionService } from './actions.ts';
import { createAttachmentService } from './attachments.ts';
import { createTicketCore } from './service.ts';
import { createTypeService } from './types-service.ts';

export function createTicketService(ctx: Ctx, deps: { blobs: BlobStore }) {
  const core = createTicketCore(ctx);
  return {
    ...core,
    act: createActionService(ctx, core),
    types: createTypeService(ctx),
    attachments: createAttachmentService(ctx, core, deps.blobs),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
export { ticketRoutes } from './routes.ts';
export { attachmentRoutes } from './attachments-routes.ts';
export { installBuiltinTicketTypes } from './types-service.ts';
export { toTicketView, type TicketState, type TicketView } from './model.ts';
