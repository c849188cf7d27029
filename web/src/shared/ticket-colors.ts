/** The colours of a ticket's status and priority tags, the same on every screen. */
import type { Priority, Status } from './types.ts';

export const STATUS_COLORS: Record<Status, string> = {
  new: 'blue', dispatched: 'geekblue', accepted: 'cyan', in_progress: 'processing', on_hold: 'warning',
  resolved: 'success', closed: 'default', cancelled: 'default',
};

export const PRIORITY_COLORS: Record<Priority, string> = { P1: 'red', P2: 'orange', P3: 'gold', P4: 'default' };
