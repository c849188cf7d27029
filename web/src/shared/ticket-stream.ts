/**
 * The live ticket stream (GET /api/v1/tickets/stream, server-sent events): every change to a
 * ticket the signed-in user may see, as it happens, whoever made it. The browser's EventSource
 * reconnects by itself and resumes from the last event it had (Last-Event-ID); when the server
 * refuses it (signed out, server restarting) it gives up, so this tries again a little later.
 */
import { useEffect, useRef, useState } from 'react';
import type { Priority, Status } from './types.ts';

/** What one event says: the change, and the ticket as it is now. */
export interface TicketChange {
  /** The ticket event's id. */
  id: string;
  /** The ticket event's type: created, dispatched, commented… */
  type: string;
  at: string;
  actorId: string | null;
  ticketId: string;
  number: string;
  status: Status;
  priority: Priority;
  ticketType: string;
  assigneeId: string | null;
  version: number;
}

export type StreamState = 'connecting' | 'live' | 'offline';

const STREAM_URL = '/api/v1/tickets/stream';
/** After the browser gave up on the stream: how long before a fresh attempt. */
const RETRY_AFTER_MS = 10_000;

export interface TicketStreamHandlers {
  onChange(change: TicketChange): void;
  /**
   * The stream is subscribed (first time, and after every reconnection). Changes made while it
   * was connecting were not streamed: this is when a screen reloads what it shows, once.
   */
  onReady?(): void;
}

/** Listens while the calling component is mounted; answers the connection's state for a live indicator. */
export function useTicketStream(handlers: TicketStreamHandlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      setState('connecting');
      source = new EventSource(STREAM_URL);
      source.addEventListener('ready', () => {
        setState('live');
        latest.current.onReady?.();
      });
      source.addEventListener('ticket', (event) => {
        let change: TicketChange;
        try {
          change = JSON.parse((event as MessageEvent<string>).data) as TicketChange;
        } catch {
          return; // not ours to crash on: the next change or a reload brings the truth
        }
        latest.current.onChange(change);
      });
      source.addEventListener('error', () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          setState('offline');
          retry = setTimeout(connect, RETRY_AFTER_MS);
        } else {
          setState('connecting'); // the browser reconnects by itself
        }
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  return state;
}
