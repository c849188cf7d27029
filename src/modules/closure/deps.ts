/** What the closure module's routes and jobs are given by the composition root. */
import type { BlobStore } from '../../platform/blobs.ts';
import type { TicketSystem } from '../tickets/index.ts';
import type { LinkConfig } from './tokens.ts';

export interface ClosureDeps {
  system: TicketSystem;
  links: LinkConfig;
  blobs: BlobStore;
}
