/**
 * A ticket's two SLA clocks, derived from its event chain alone, and the timers they need: a
 * breach timer per clock and one timer per ladder step. Pure: the listener, the handlers and
 * the recompute job all decide with these functions and differ only in how they load the input.
 *
 * Both clocks start at the ticket's creation and stop in the policy's paused statuses. The
 * response clock ends at the first response; the resolve clock stops while the ticket is
 * resolved, closed or cancelled, so a reopened ticket carries on with the time it had left.
 */
import { OPEN_STATUSES } from '../tickets/index.ts';
import type { Calendar } from './calendar.ts';
import { addBusinessSeconds, deadlineFromEvents, type StatusChange } from './deadlines.ts';
import { CLOCK_NAMES, targetOf, type ClockName, type LadderStep, type SlaPolicy } from './policy.ts';

/** Statuses where the work is done or withdrawn: both clocks stop until a reopen. */
export const STOPPED_STATUSES: readonly string[] = ['resolved', 'closed', 'cancelled'];

export type ClockPolicy = Pick<SlaPolicy, 'responseSeconds' | 'resolveSeconds' | 'pausedStatuses'>;

/** What the clocks read of a ticket. */
export interface ClockTicket {
  createdAt: Date;
  status: string;
  firstRespondedAt: Date | null;
}

export interface TicketClock {
  clock: ClockName;
  targetSeconds: number;
  /** Business seconds counted so far, holds excluded. */
  elapsedSeconds: number;
  /** Target minus elapsed; negative once overdue. */
  remainingSeconds: number;
  /** Held in one of the policy's paused statuses. */
  paused: boolean;
  /** Finished: responded to (response), or resolved, closed or cancelled (resolve). */
  stopped: boolean;
  /** Counting now: neither paused nor stopped. */
  running: boolean;
  breached: boolean;
  /** When the target is or was reached; null while paused or stopped before reaching it. */
  dueAt: Date | null;
}

export type TicketClocks = Record<ClockName, TicketClock>;

export interface ClockInput {
  policy: ClockPolicy;
  calendar: Calendar;
  ticket: ClockTicket;
  /** The ticket's status changes from its event chain (creation included or not). */
  changes: readonly StatusChange[];
  now: Date;
}

/** Both clocks of a ticket at `now`. */
export function ticketClocks(input: ClockInput): TicketClocks {
  const { policy, calendar, ticket, changes, now } = input;
  const stops = [...policy.pausedStatuses, ...STOPPED_STATUSES];
  const held = policy.pausedStatuses.includes(ticket.status);
  const finished = STOPPED_STATUSES.includes(ticket.status);
  const clock = (name: ClockName): TicketClock => {
    const targetSeconds = targetOf(policy, name);
    const responded = name === 'response' && ticket.firstRespondedAt !== null;
    // The response clock is read at the first response: what came after does not count.
    const readAt = responded && ticket.firstRespondedAt! < now ? ticket.firstRespondedAt! : now;
    const derived = deadlineFromEvents({
      calendar, targetSeconds, startedAt: ticket.createdAt, changes, now: readAt, pausedStatuses: stops,
    });
    const stopped = responded || finished;
    const paused = !stopped && held;
    return {
      clock: name, targetSeconds, elapsedSeconds: derived.elapsedSeconds, remainingSeconds: derived.remainingSeconds,
      paused, stopped, running: !stopped && !paused, breached: derived.breached, dueAt: derived.dueAt,
    };
  };
  return { response: clock('response'), resolve: clock('resolve') };
}

/**
 * When the clock's business time reaches `seconds`: `now` if it already has, null when the
 * clock is not running (the time is not known until it runs again).
 */
export function whenElapsedReaches(calendar: Calendar, clock: TicketClock, seconds: number, now: Date): Date | null {
  if (clock.elapsedSeconds >= seconds) return now;
  if (!clock.running) return null;
  return addBusinessSeconds(calendar, now, seconds - clock.elapsedSeconds);
}

/** Business seconds a step's clock must reach for the step to fire. */
export const stepThreshold = (step: LadderStep, policy: Pick<SlaPolicy, 'responseSeconds' | 'resolveSeconds'>) =>
  Math.max(0, targetOf(policy, step.clock) + step.offsetSeconds);

export interface TimerPlan {
  /** Breach timers to (re)set, per clock, and clocks whose breach timer must go. */
  breaches: { clock: ClockName; runAt: Date | null }[];
  /** Ladder steps to (re)set, and steps whose timer must go (runAt null). */
  steps: { key: string; runAt: Date | null }[];
}

export interface TimerPlanInput {
  policy: Pick<SlaPolicy, 'responseSeconds' | 'resolveSeconds' | 'ladder'>;
  calendar: Calendar;
  clocks: TicketClocks;
  /** Clocks whose breach is recorded on the ticket already. */
  breached: ReadonlySet<ClockName>;
  /** Steps that fired already: they never fire again. */
  fired: ReadonlySet<string>;
  now: Date;
}

/**
 * The ladder planner: which timers a ticket needs now. A breach that happened but is not
 * recorded yet is due at once, even on a held or finished ticket, since it did happen; a step
 * only fires while its clock runs, so a held ticket's steps wait for the resume and a responded
 * (or resolved) ticket's steps on that clock are dropped.
 */
export function planTimers(input: TimerPlanInput): TimerPlan {
  const { policy, calendar, clocks, now } = input;
  const breaches = CLOCK_NAMES.map((name) => {
    const clock = clocks[name];
    if (input.breached.has(name)) return { clock: name, runAt: null };
    if (clock.breached) return { clock: name, runAt: clock.dueAt && clock.dueAt < now ? clock.dueAt : now };
    return { clock: name, runAt: clock.running ? clock.dueAt : null };
  });
  const steps = policy.ladder.filter((step) => !input.fired.has(step.key)).map((step) => {
    const clock = clocks[step.clock];
    const runAt = clock.running ? whenElapsedReaches(calendar, clock, stepThreshold(step, policy), now) : null;
    return { key: step.key, runAt };
  });
  return { breaches, steps };
}

const STATUSES = new Set<string>([...OPEN_STATUSES, ...STOPPED_STATUSES]);

/**
 * Status changes read from a ticket's events: the creation (its first status) and every
 * transition ({from, to}). A `to` that is not a status belongs to some other kind of event.
 */
export function statusChangesFrom(events: readonly { type: string; at: Date; data: Record<string, unknown> }[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const event of events) {
    const after = event.data.after as { status?: unknown } | undefined;
    const status = event.type === 'created' ? after?.status : event.data.to;
    if (typeof status === 'string' && STATUSES.has(status)) changes.push({ at: event.at, status });
  }
  return changes;
}

/** A breach as the ticket's sla_breaches column keeps it. */
export interface BreachRecord {
  clock: ClockName;
  dueAt: string | null;
  at: string;
}

/** The clocks whose breach the ticket has recorded. */
export function recordedBreaches(breaches: readonly unknown[]): Set<ClockName> {
  const clocks = new Set<ClockName>();
  for (const breach of breaches) {
    const clock = (breach as { clock?: unknown } | null)?.clock;
    if (clock === 'response' || clock === 'resolve') clocks.add(clock);
  }
  return clocks;
}

/** What the ticket row keeps of its clocks: due times, and the remaining time frozen while held. */
export interface SlaFields {
  slaPolicyId: string | null;
  responseDueAt: Date | null;
  resolveDueAt: Date | null;
  slaState: { policyVersion?: number; paused?: boolean; responseRemainingSeconds?: number | null; resolveRemainingSeconds?: number | null };
}

/**
 * The ticket's SLA columns for its clocks. A finished clock keeps the due time it had, so a
 * resolved ticket still shows the deadline it was measured against.
 */
export function slaFieldsOf(policy: Pick<SlaPolicy, 'id' | 'version'>, clocks: TicketClocks,
  previous: { responseDueAt: Date | null; resolveDueAt: Date | null }): SlaFields {
  const remaining = (clock: TicketClock) => (clock.stopped ? null : Math.round(clock.remainingSeconds));
  return {
    slaPolicyId: policy.id,
    responseDueAt: clocks.response.stopped ? previous.responseDueAt : clocks.response.dueAt,
    resolveDueAt: clocks.resolve.stopped ? previous.resolveDueAt : clocks.resolve.dueAt,
    slaState: {
      policyVersion: policy.version,
      paused: clocks.resolve.paused,
      responseRemainingSeconds: remaining(clocks.response),
      resolveRemainingSeconds: remaining(clocks.resolve),
    },
  };
}
