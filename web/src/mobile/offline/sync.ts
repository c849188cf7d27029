/**
 * Sends the outbox in order when the network is there: on start, on every new change, on the
 * browser's `online` event, and after a failure with growing pauses (2 s … 60 s). A change the
 * server refuses is never dropped in silence: it and the later changes of the same ticket
 * become a problem explained in plain words, kept until the engineer has read it.
 *
 * Retries are safe without an Idempotency-Key (the API takes one only when creating tickets):
 * before each send the ticket's last event id is stored with the change; when a send ended
 * without an answer, the next attempt looks for the change's own event after that id and, if
 * the server already applied it, does not send it again.
 */
import { ApiError, api, upload } from '../../shared/api.ts';
import type { Ticket, TicketEvent } from '../../shared/types.ts';
import { appliedEvent, explainRefusal, type ChangeOp, type ProblemReason, type QueuedChange, type SyncProblem } from './changes.ts';
import type { Outbox, StoredFile } from './outbox.ts';

/** Asks the service worker for the network's answer only: a stale copy would fool the check above. */
const FRESH = { 'X-Loopdesk-Fresh': '1' };
const BACKOFF_SECONDS = [2, 4, 8, 16, 30, 60];

export interface SyncState {
  online: boolean;
  changes: QueuedChange[];
  problems: SyncProblem[];
  sending: boolean;
  /** When the next attempt after a failure is due (ms since epoch), or null. */
  retryAt: number | null;
  /** The session expired: changes wait until the engineer signs in again. */
  signedOut: boolean;
}

/** What the server answered about a ticket (a change applied or refused), for the screens to show at once. */
export interface Answered {
  ticketId: string;
  ticket?: Ticket;
  checklist?: unknown;
}

type Outcome =
  | { kind: 'done'; serverFileId?: string; ticket?: Ticket; checklist?: unknown }
  | { kind: 'network' }
  | { kind: 'unauthenticated' }
  | { kind: 'refused'; reason: ProblemReason; ticket?: Ticket };

/** crypto.randomUUID needs a secure context; getRandomValues works everywhere. */
export const newId = (): string => typeof crypto.randomUUID === 'function'
  ? crypto.randomUUID()
  : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

class Refusal extends Error {
  constructor(readonly reason: ProblemReason) {
    super(reason.kind);
  }
}

export class SyncEngine {
  private state: SyncState;
  private readonly listeners = new Set<() => void>();
  private readonly answeredListeners = new Set<(answered: Answered) => void>();
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;

  constructor(private readonly outbox: Outbox, private readonly meId: string) {
    this.state = { online: navigator.onLine, changes: [], problems: [], sending: false, retryAt: null, signedOut: false };
  }

  /** Starts listening and sending; returns the function that stops it. */
  start(): () => void {
    const online = () => {
      this.failures = 0;
      this.set({ online: true });
      void this.drain();
    };
    const offline = () => this.set({ online: false });
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const unsubscribe = this.outbox.subscribe(() => void this.reload());
    void this.reload().then(() => this.drain());
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      unsubscribe();
      clearTimeout(this.timer);
    };
  }

  getState = (): SyncState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onAnswered(listener: (answered: Answered) => void): () => void {
    this.answeredListeners.add(listener);
    return () => this.answeredListeners.delete(listener);
  }

  /** Puts changes of one ticket in the outbox (shown as pending at once) and tries to send them. */
  async queue(ticket: { id: string; number: string }, ops: ChangeOp[], files: StoredFile[] = []): Promise<void> {
    const queuedAt = new Date().toISOString();
    await this.outbox.enqueue(ops.map((op) => ({ id: newId(), ticketId: ticket.id, ticketNumber: ticket.number, op, queuedAt, attempts: 0 })), files);
    await this.reload();
    void this.drain();
  }

  file(id: string) {
    return this.outbox.file(id);
  }

  async dismiss(problemId: string): Promise<void> {
    await this.outbox.dismiss(problemId);
    await this.reload();
  }

  retryNow(): void {
    this.failures = 0;
    this.set({ signedOut: false });
    void this.drain();
  }

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private async reload() {
    const [changes, problems] = await Promise.all([this.outbox.changes(), this.outbox.problems()]);
    this.set({ changes, problems });
  }

  /** One sender at a time, in this tab and across tabs (Web Locks where the browser has them). */
  private async drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        if (navigator.locks) await navigator.locks.request('loopdesk-m-sync', () => this.sendAll());
        else await this.sendAll();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async sendAll(): Promise<void> {
    clearTimeout(this.timer);
    try {
      for (;;) {
        if (!navigator.onLine || this.state.signedOut) return;
        const [next] = await this.outbox.changes();
        if (!next) {
          this.failures = 0;
          this.set({ retryAt: null });
          return;
        }
        this.set({ sending: true, retryAt: null });
        const outcome = await this.send(next);
        if (outcome.kind === 'network') return this.retryLater();
        if (outcome.kind === 'unauthenticated') return this.set({ signedOut: true });
        if (outcome.kind === 'done') {
          this.failures = 0;
          await this.outbox.done(next, outcome.serverFileId);
        } else {
          await this.refuse(next, outcome.reason);
        }
        await this.reload();
        const answered = { ticketId: next.ticketId, ticket: outcome.ticket, checklist: outcome.kind === 'done' ? outcome.checklist : undefined };
        for (const listener of this.answeredListeners) listener(answered);
      }
    } finally {
      this.set({ sending: false });
    }
  }

  private retryLater() {
    const seconds = BACKOFF_SECONDS[Math.min(this.failures, BACKOFF_SECONDS.length - 1)];
    this.failures += 1;
    this.set({ retryAt: Date.now() + seconds * 1000 });
    this.timer = setTimeout(() => void this.drain(), seconds * 1000);
  }

  /** The refused change and every later change of its ticket (they built on it) become one problem. */
  private async refuse(change: QueuedChange, reason: ProblemReason) {
    const refused = (await this.outbox.changes()).filter((other) => other.ticketId === change.ticketId && other.seq! >= change.seq!);
    await this.outbox.refuse({
      id: newId(), ticketId: change.ticketId, ticketNumber: change.ticketNumber, reason,
      changes: refused.map((other) => other.op), fileIds: [], at: new Date().toISOString(),
    }, refused);
  }

  private async send(queued: QueuedChange): Promise<Outcome> {
    const base = `/tickets/${queued.ticketId}`;
    try {
      const { items: events } = await api<{ items: TicketEvent[] }>('GET', `${base}/events`, undefined, FRESH);
      if (queued.sentAfterEventId !== undefined) {
        const applied = appliedEvent(queued, events, this.meId);
        if (applied) return { kind: 'done', serverFileId: typeof applied.data.attachmentId === 'string' ? applied.data.attachmentId : undefined };
      }
      const change = { ...queued, attempts: queued.attempts + 1, sentAfterEventId: events.at(-1)?.id ?? null };
      await this.outbox.saveAttempt(change);
      return await this.perform(base, change.op);
    } catch (error) {
      return this.failure(queued, error);
    }
  }

  private async perform(base: string, op: ChangeOp): Promise<Outcome> {
    switch (op.kind) {
      case 'action': {
        const body = op.action === 'decline' ? { reason: op.reason } : op.action === 'resolve' ? { solution: op.solution } : {};
        return { kind: 'done', ticket: await api<Ticket>('POST', `${base}/actions/${op.action}`, body, FRESH) };
      }
      case 'comment':
        return { kind: 'done', ticket: await api<Ticket>('POST', `${base}/actions/comment`, { body: op.body }, FRESH) };
      case 'upload': {
        const file = await this.outbox.file(op.fileId);
        if (!file) throw new Refusal({ kind: 'refused', message: `${op.name}: the photo is no longer on this phone.` });
        const attachment = await upload<{ id: string }>(`${base}/attachments`, file.blob, file.name, { kind: 'evidence' });
        return { kind: 'done', serverFileId: attachment.id };
      }
      case 'tick': {
        const attachmentIds: string[] = [];
        for (const id of op.fileIds) {
          const file = await this.outbox.file(id);
          if (!file?.serverId) throw new Refusal({ kind: 'refused', message: 'the photo of this item did not reach the server.' });
          attachmentIds.push(file.serverId);
        }
        const body = { ...(attachmentIds.length && { attachmentIds }), ...(op.text !== undefined && { text: op.text }), ...(op.value !== undefined && { value: op.value }) };
        return { kind: 'done', checklist: await api('PUT', `${base}/checklist/${encodeURIComponent(op.key)}`, body, FRESH) };
      }
    }
  }

  private async failure(change: QueuedChange, error: unknown): Promise<Outcome> {
    if (error instanceof Refusal) return { kind: 'refused', reason: error.reason };
    if (!(error instanceof ApiError)) return { kind: 'network' };
    if (error.status === 401) return { kind: 'unauthenticated' };
    // The server or a proxy in trouble, or too many requests: it may work in a moment.
    if (error.status >= 500 || error.status === 429 || error.status === 408) return { kind: 'network' };
    try {
      const ticket = await api<Ticket>('GET', `/tickets/${change.ticketId}`, undefined, FRESH).catch((caught) => {
        if (caught instanceof ApiError && caught.status === 404) return null;
        throw caught;
      });
      return { kind: 'refused', reason: explainRefusal(error.status, error.message, ticket, this.meId), ticket: ticket ?? undefined };
    } catch {
      return { kind: 'network' };
    }
  }
}
