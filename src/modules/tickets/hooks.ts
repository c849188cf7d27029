/**
 * How other modules react to a ticket's changes inside the transaction that made them: SLA
 * clocks start, pause and stop; dispatch timers are set and withdrawn; notifications go out.
 * The tickets module does not know those modules; the composition root registers them here.
 */
import type { Db } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { ActionInput } from './lifecycle.ts';
import type { Action, TicketState } from './model.ts';
import * as store from './store.ts';

export interface TicketChange {
  tenantId: string;
  /** Null when the ticket was just created. */
  before: TicketState | null;
  /** The ticket as written, with earlier listeners' patches applied. */
  after: TicketState;
  /** What the change appended to the ticket's event chain. */
  events: readonly store.TicketEventInput[];
  /** A lifecycle action, `create`, an edit (`update`), or a system change (`system`). */
  action: Action | 'create' | 'update' | 'system';
  /** The person who made it; null for the runner and the engines. */
  actorId: string | null;
  now: Date;
}

/** Runs in the change's transaction. It may return fields to write on the ticket (no version bump). */
export type TicketListener = (db: Db, change: TicketChange) => Promise<Partial<TicketState> | void>;

/**
 * Runs before an allowed action is written, in its transaction; throws an AppError to refuse it
 * (a closure checklist refuses `resolve` until its evidence is there).
 */
export type TicketGuard = (db: Db, attempt: {
  tenantId: string; ticket: TicketState; action: Action; input: ActionInput; actor: Actor; now: Date;
}) => Promise<void>;

/** Where "dispatch" without an assignee sends the ticket: one engineer, or an offer to several. */
export type DispatchChoice = { assigneeId: string } | { offerTo: string[] };

/**
 * The dispatch engine's answer for one ticket, in the caller's transaction. Throws a
 * business_rule AppError, with the reason, when nobody can take it.
 */
export type DispatchChooser = (db: Db, tenantId: string, ticket: TicketState, actorId: string | null, now: Date) => Promise<DispatchChoice>;

export class TicketHooks {
  private readonly listeners: { name: string; listener: TicketListener }[] = [];
  private readonly guards: { name: string; guard: TicketGuard }[] = [];
  private chooser: DispatchChooser | undefined;

  onChange(name: string, listener: TicketListener): this {
    this.listeners.push({ name, listener });
    return this;
  }

  beforeAction(name: string, guard: TicketGuard): this {
    this.guards.push({ name, guard });
    return this;
  }

  /** Every guard in order; the first refusal wins. */
  async check(db: Db, attempt: Parameters<TicketGuard>[1]): Promise<void> {
    for (const { guard } of this.guards) await guard(db, attempt);
  }

  setDispatchChooser(chooser: DispatchChooser): this {
    this.chooser = chooser;
    return this;
  }

  choose(db: Db, tenantId: string, ticket: TicketState, actorId: string | null, now: Date): Promise<DispatchChoice> {
    if (!this.chooser) throw new Error('No dispatch engine is registered: wire one with setDispatchChooser.');
    return this.chooser(db, tenantId, ticket, actorId, now);
  }

  /** Runs every listener in order and writes their patches; returns the ticket as it now is. */
  async changed(db: Db, change: TicketChange): Promise<TicketState> {
    const { after, patch } = await this.run(db, change);
    if (!Object.keys(patch).length) return after;
    return store.updateTicket(db, change.tenantId, after.id, patch, change.now, false);
  }

  /**
   * For a ticket about to be inserted: runs the listeners and returns the ticket with their
   * fields, for the caller to insert in one statement (intake's hot path saves an update).
   * Listeners may schedule work; the row is not there yet, so they must not read it.
   */
  async creating(db: Db, change: Omit<TicketChange, 'before' | 'action'>): Promise<TicketState> {
    return (await this.run(db, { ...change, before: null, action: 'create' })).after;
  }

  private async run(db: Db, change: TicketChange): Promise<{ after: TicketState; patch: Partial<TicketState> }> {
    let after = change.after;
    const patch: Partial<TicketState> = {};
    for (const { listener } of this.listeners) {
      const fields = await listener(db, { ...change, after });
      if (fields && Object.keys(fields).length) {
        Object.assign(patch, fields);
        after = { ...after, ...fields };
      }
    }
    return { after, patch };
  }
}
