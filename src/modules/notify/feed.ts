/**
 * The live feed behind GET /api/v1/notifications/stream. A notification may be written by any
 * process (an API server, a runner), so the feed reads the database: one poller per process
 * asks, once a second, for the recent notifications of everyone listening here, and hands each
 * listener what it has not had yet. The poller runs only while someone listens.
 *
 * Ids are UUIDv7 and sort by time, but a transaction that took an id may commit after a newer
 * one did. So each poll reads a window reaching LOOKBACK back from the newest id seen, and each
 * listener remembers what it was given: a late commit is still picked up, and nothing twice.
 * The window never starts later than LOOKBACK before this process's wall clock, so one id from
 * a clock running ahead cannot hide everything written after it. (Ids carry the wall-clock time
 * of the process that wrote them; processes whose clocks differ by more than LOOKBACK may miss
 * each other's notifications in the stream, never in the list.)
 */
import type { Logger } from 'pino';
import type { Db } from '../../platform/context.ts';
import { latestNotificationId, listFeed, listInboxAfter, type Notification } from './store.ts';

export interface FeedOptions {
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
const RESUME_LIMIT = 200;
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

/** The smallest UUIDv7 of a millisecond: ids compare as bytes, so this bounds a time window. */
export function idFloorAt(milliseconds: number): string {
  const hex = Math.max(0, Math.floor(milliseconds)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export const millisecondsOf = (uuidv7: string): number => parseInt(uuidv7.replace(/-/g, '').slice(0, 12), 16);

interface Listener {
  tenantId: string;
  userId: string;
  /** Only ids after this one (the client's Last-Event-ID). */
  after: string | undefined;
  /** Ids given or known already, within the window. */
  given: Set<string>;
  ready: boolean;
  deliver(notification: Notification): void;
}

export class NotificationFeed {
  private readonly listeners = new Set<Listener>();
  private newest: string | undefined;
  /** After a poll that read its limit, the next one goes on from its last row instead of the window's start. */
  private continueAfter: string | undefined;
  private primed: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly pollIntervalMs: number;
  private readonly lookbackMs: number;
  private readonly wallClock: () => number;

  constructor(private readonly db: Db, private readonly log: Logger, options: FeedOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
    this.wallClock = options.wallClock ?? Date.now;
  }

  /**
   * Listens for a person's new notifications; with `lastEventId`, first gives what came after
   * it. Resolves with the function that stops listening.
   */
  async subscribe(tenantId: string, userId: string, lastEventId: string | undefined, deliver: (notification: Notification) => void): Promise<() => void> {
    if (this.stopping) throw new Error('The notification feed is closed.');
    const listener: Listener = { tenantId, userId, after: lastEventId, given: new Set(), ready: false, deliver };
    this.listeners.add(listener);
    const unsubscribe = () => {
      this.listeners.delete(listener);
    };
    try {
      this.start();
      await this.primed;
      if (lastEventId) {
        for (const notification of await listInboxAfter(this.db, tenantId, userId, lastEventId, RESUME_LIMIT)) {
          listener.given.add(notification.id);
          deliver(notification);
        }
      } else {
        // What exists now is not news: the client loads it with the list.
        for (const notification of await listInboxAfter(this.db, tenantId, userId, this.windowStart(), POLL_LIMIT)) {
          listener.given.add(notification.id);
        }
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
    if (!this.newest) return ZERO_ID;
    return idFloorAt(Math.min(millisecondsOf(this.newest), this.wallClock()) - this.lookbackMs);
  }

  private start(): void {
    if (this.loop) return;
    this.primed = latestNotificationId(this.db).then((id) => {
      this.newest = id;
    });
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    try {
      await this.primed;
      while (!this.stopping && this.listeners.size) {
        await this.pause(this.pollIntervalMs);
        if (this.stopping || !this.listeners.size) break;
        try {
          await this.poll();
        } catch (error) {
          this.log.warn({ err: error }, 'the notification feed could not read new notifications; trying again');
        }
      }
    } catch (error) {
      this.log.warn({ err: error }, 'the notification feed could not start');
    } finally {
      // Synchronously after the last check: a listener added from here on starts a new loop.
      this.loop = undefined;
      this.primed = undefined;
      this.continueAfter = undefined;
    }
  }

  private async poll(): Promise<void> {
    const ready = [...this.listeners].filter((listener) => listener.ready);
    if (!ready.length) return;
    const from = this.continueAfter ?? this.windowStart();
    const rows = await listFeed(this.db, from, [...new Set(ready.map((listener) => listener.userId))], POLL_LIMIT);
    this.continueAfter = rows.length === POLL_LIMIT ? rows[rows.length - 1].id : undefined;
    if (this.continueAfter) this.log.warn({ rows: rows.length }, 'the notification feed read its limit in one poll; the rest comes next time');
    for (const row of rows) {
      if (!this.newest || row.id > this.newest) this.newest = row.id;
      for (const listener of ready) {
        if (listener.userId !== row.userId || listener.tenantId !== row.tenantId) continue;
        if (listener.given.has(row.id) || (listener.after && row.id <= listener.after)) continue;
        listener.given.add(row.id);
        listener.deliver(row);
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
