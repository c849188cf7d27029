/**
 * The live feed behind GET /api/v1/tickets/stream. A ticket may be changed by any process (an
 * API server, a runner, a connector), so the feed reads the database: one poller per process
 * asks, once a second, for the ticket events of the tenants listening here, and hands each
 * listener the changes it may see and has not had yet. The poller runs only while someone listens.
 *
 * Event ids are UUIDv7 and sort by time, but a transaction that took an id may commit after a
 * newer one did. So each poll reads a window reaching LOOKBACK back from the newest id seen, and
 * each listener remembers what it was given: a late commit is still picked up, and nothing twice.
 * The window never starts later than LOOKBACK before this process's wall clock, so one id from a
 * clock running ahead cannot hide everything written after it. (Ids carry the time of the clock
 * of the process that wrote them; processes whose clocks differ by more than LOOKBACK may miss
 * each other's changes in the stream, never in the list.) The notification feed works the same way.
 */
import type { Logger } from 'pino';
import type { Db } from '../../platform/context.ts';
import type { Visibility } from './store.ts';
import { listTicketChanges, type TicketChangeRow } from './stream-store.ts';

export interface TicketFeedOptions {
  pollIntervalMs?: number;
  /** How late a commit may come after a newer one and still be streamed. */
  lookbackMs?: number;
  /** Wall-clock milliseconds, like the ids' (not the app's injected clock, which tests move). */
  wallClock?: () => number;
}

const DEFAULT_POLL_MS = 1000;
const DEFAULT_LOOKBACK_MS = 30_000;
/** What one poll reads at most; a burst beyond it waits for the next poll. */
const POLL_LIMIT = 2000;
/** What a reconnecting stream gets of what it missed (Last-Event-ID), oldest first. */
const RESUME_LIMIT = 500;

/** The smallest UUIDv7 of a millisecond: ids compare as bytes, so this bounds a time window. */
export function idFloorAt(milliseconds: number): string {
  const hex = Math.max(0, Math.floor(milliseconds)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export const millisecondsOf = (uuidv7: string): number => parseInt(uuidv7.replace(/-/g, '').slice(0, 12), 16);

/** Whether someone who sees tickets this way may hear of this change: the rule of GET /tickets/{id} and its events. */
export function mayHear(visibility: Visibility, change: TicketChangeRow): boolean {
  if (visibility.kind === 'all') return true;
  if (visibility.kind === 'requester') return change.requesterId === visibility.userId && !change.internal;
  return change.assigneeId === visibility.userId || change.requesterId === visibility.userId || change.offeredTo.includes(visibility.userId);
}

interface Listener {
  tenantId: string;
  visibility: Visibility;
  /** Only ids after this one (the client's Last-Event-ID). */
  after: string | undefined;
  /** Event ids given or known already, within the window. */
  given: Set<string>;
  ready: boolean;
  deliver(change: TicketChangeRow): void;
}

export class TicketFeed {
  private readonly listeners = new Set<Listener>();
  private newest: string | undefined;
  /** After a poll that read its limit, the next one goes on from its last row instead of the window's start. */
  private continueAfter: string | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly pollIntervalMs: number;
  private readonly lookbackMs: number;
  private readonly wallClock: () => number;

  constructor(private readonly db: Db, private readonly log: Logger, options: TicketFeedOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
    this.wallClock = options.wallClock ?? Date.now;
  }

  /**
   * Listens for the changes of a tenant's tickets that someone may see; with `lastEventId`,
   * first gives what came after it. Resolves with the function that stops listening.
   */
  async subscribe(tenantId: string, visibility: Visibility, lastEventId: string | undefined, deliver: (change: TicketChangeRow) => void): Promise<() => void> {
    if (this.stopping) throw new Error('The ticket feed is closed.');
    const listener: Listener = { tenantId, visibility, after: lastEventId, given: new Set(), ready: false, deliver };
    this.listeners.add(listener);
    const unsubscribe = () => {
      this.listeners.delete(listener);
    };
    try {
      this.start();
      if (lastEventId) {
        for (const change of await listTicketChanges(this.db, [tenantId], lastEventId, RESUME_LIMIT)) {
          listener.given.add(change.id);
          if (mayHear(visibility, change)) deliver(change);
        }
      } else {
        // What exists now is not news: the client loads it with the list.
        for (const change of await listTicketChanges(this.db, [tenantId], this.windowStart(), POLL_LIMIT)) listener.given.add(change.id);
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    // Until now the poller skipped this listener; its next poll reads the whole window anyway.
    listener.ready = true;
    return unsubscribe;
  }

  /** Stops the poller and forgets every listener; the streams are ended by their owner. */
  async close(): Promise<void> {
    this.stopping = true;
    this.listeners.clear();
    this.wake?.();
    await this.loop;
  }

  private windowStart(): string {
    const wall = this.wallClock();
    return idFloorAt(Math.min(this.newest ? millisecondsOf(this.newest) : wall, wall) - this.lookbackMs);
  }

  private start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping && this.listeners.size) {
        await this.pause(this.pollIntervalMs);
        if (this.stopping || !this.listeners.size) break;
        try {
          await this.poll();
        } catch (error) {
          this.log.warn({ err: error }, 'the ticket feed could not read new changes; trying again');
        }
      }
    } finally {
      // Synchronously after the last check: a listener added from here on starts a new loop.
      this.loop = undefined;
      this.continueAfter = undefined;
    }
  }

  private async poll(): Promise<void> {
    const ready = [...this.listeners].filter((listener) => listener.ready);
    if (!ready.length) return;
    const from = this.continueAfter ?? this.windowStart();
    const rows = await listTicketChanges(this.db, [...new Set(ready.map((listener) => listener.tenantId))], from, POLL_LIMIT);
    this.continueAfter = rows.length === POLL_LIMIT ? rows[rows.length - 1].id : undefined;
    if (this.continueAfter) this.log.warn({ rows: rows.length }, 'the ticket feed read its limit in one poll; the rest comes next time');
    for (const row of rows) {
      if (!this.newest || row.id > this.newest) this.newest = row.id;
      for (const listener of ready) {
        if (listener.tenantId !== row.tenantId) continue;
        if (listener.given.has(row.id) || (listener.after && row.id <= listener.after)) continue;
        listener.given.add(row.id);
        if (mayHear(listener.visibility, row)) listener.deliver(row);
      }
    }
    // Ids before the window are never read again, so they need no remembering.
    const kept = this.windowStart();
    for (const listener of ready) {
      for (const id of listener.given) if (id < kept) listener.given.delete(id);
    }
  }

  private pause(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      this.wake = done;
    });
  }
}
