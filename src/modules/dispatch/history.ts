/**
 * What a ticket's own events tell the dispatch engine: who had it and passed, and what made
 * this dispatch happen. Pure: the events come in, oldest first.
 */
import type { PassedOverReason } from './candidates.ts';

export interface HistoryEvent {
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/** Why the engine is choosing now: a dispatcher asked, a new ticket, or the last choice did not take it. */
export type DispatchTrigger = 'dispatcher' | 'auto' | 'accept_timeout' | 'declined';

export interface DispatchHistory {
  /** People who declined this ticket or let their offer lapse, since it was last reopened. */
  passedOver: Map<string, PassedOverReason>;
  /** How the last dispatch ended, if it ended without an accept. */
  lastOutcome: 'declined' | 'not_accepted' | null;
}

const userIds = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);

/**
 * Reads the history. A reopened ticket starts afresh: whoever passed before may take it now.
 * A decline is recorded with its actor; an `offer_expired` event lists the people who did not
 * accept in `data.userIds`.
 */
export function readHistory(events: readonly HistoryEvent[]): DispatchHistory {
  const passedOver = new Map<string, PassedOverReason>();
  let lastOutcome: DispatchHistory['lastOutcome'] = null;
  for (const event of events) {
    switch (event.type) {
      case 'reopened':
        passedOver.clear();
        lastOutcome = null;
        break;
      case 'dispatched':
        lastOutcome = null;
        break;
      case 'declined':
        if (event.actorId) passedOver.set(event.actorId, 'declined');
        lastOutcome = 'declined';
        break;
      case 'offer_expired':
        for (const id of userIds(event.data.userIds)) if (!passedOver.has(id)) passedOver.set(id, 'not_accepted');
        lastOutcome = 'not_accepted';
        break;
    }
  }
  return { passedOver, lastOutcome };
}

/** What made the engine choose: a person, or the system after a lapse, a decline or a new ticket. */
export function triggerOf(history: DispatchHistory, actorId: string | null): DispatchTrigger {
  if (actorId) return 'dispatcher';
  if (history.lastOutcome === 'not_accepted') return 'accept_timeout';
  if (history.lastOutcome === 'declined') return 'declined';
  return 'auto';
}
