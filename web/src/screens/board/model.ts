/**
 * The board's data, as the server gives it and as the board arranges it: the tickets to
 * dispatch (unassigned, at risk, dispatch failed) merged into one list, and the engineers with
 * their load and, for the selected ticket, the dispatch engine's ranking. Pure.
 */
import { secondsToNearestDeadline } from '../../shared/sla-clock.tsx';
import { PRIORITIES, type Status, type Ticket } from '../../shared/types.ts';

export const FILTERS = ['all', 'unassigned', 'atRisk', 'failed'] as const;
export type Filter = (typeof FILTERS)[number];

/** Dispatch is possible from these statuses only (the lifecycle's rule); others are shown, not moved. */
const DISPATCHABLE: readonly Status[] = ['new', 'dispatched'];

export interface BoardTicket {
  ticket: Ticket;
  unassigned: boolean;
  atRisk: boolean;
  failed: boolean;
  dispatchable: boolean;
}

/** The three lists the board reads, one ticket once, each with the lists it came from. */
export function mergeTickets(lists: { unassigned: Ticket[]; atRisk: Ticket[]; failed: Ticket[] }): BoardTicket[] {
  const byId = new Map<string, BoardTicket>();
  const add = (ticket: Ticket, flag: 'unassigned' | 'atRisk' | 'failed') => {
    const entry = byId.get(ticket.id) ?? {
      ticket, unassigned: false, atRisk: false, failed: false, dispatchable: DISPATCHABLE.includes(ticket.status),
    };
    entry[flag] = true;
    byId.set(ticket.id, entry);
  };
  lists.atRisk.forEach((ticket) => add(ticket, 'atRisk'));
  lists.failed.forEach((ticket) => add(ticket, 'failed'));
  lists.unassigned.forEach((ticket) => add(ticket, 'unassigned'));
  return [...byId.values()];
}

/** Most urgent first: the nearest deadline (overdue first), then priority, then the oldest. */
export function sortByUrgency(tickets: BoardTicket[], nowMs: number): BoardTicket[] {
  const deadline = (entry: BoardTicket) => secondsToNearestDeadline(entry.ticket, nowMs) ?? Number.POSITIVE_INFINITY;
  return [...tickets].sort((a, b) => deadline(a) - deadline(b)
    || PRIORITIES.indexOf(a.ticket.priority) - PRIORITIES.indexOf(b.ticket.priority)
    || a.ticket.createdAt.localeCompare(b.ticket.createdAt));
}

export const matchesFilter = (entry: BoardTicket, filter: Filter) => filter === 'all' || entry[filter];

// --- engineers -------------------------------------------------------------------------------

export type Availability = 'online' | 'busy' | 'offline' | 'on_leave';

export interface Engineer {
  id: string;
  name: string;
  availability: Availability;
  skills: { key: string; level: number; expiresAt: string | null }[];
}

export interface EngineerLoad {
  userId: string;
  dispatched: number;
  accepted: number;
  inProgress: number;
  onHold: number;
  open: number;
}

export type PartName = 'skill' | 'distance' | 'load' | 'recent' | 'results';
export const PART_NAMES: readonly PartName[] = ['skill', 'distance', 'load', 'recent', 'results'];

/** One person in the dispatch proposal (GET /tickets/{id}/dispatch-proposal). */
export interface Candidate {
  userId: string;
  name: string | null;
  score: number;
  parts: Record<PartName, number>;
  distanceKm: number | null;
  delegateFor?: string;
  excludedBecause?: string;
}

export interface Proposal {
  ticketId: string;
  candidates: Candidate[];
  weights: Record<PartName, number>;
}

export interface EngineerRow {
  engineer: Engineer;
  load: EngineerLoad | null;
  candidate: Candidate | null;
  /** The engine's first choice for the selected ticket. */
  recommended: boolean;
}

const AVAILABILITY_ORDER: readonly Availability[] = ['online', 'busy', 'offline', 'on_leave'];

/**
 * Engineers in the order a dispatcher wants them: for a selected ticket, the engine's ranking
 * (eligible best first, then those it excluded, then anyone it did not rank); otherwise who is
 * available and least loaded first.
 */
export function arrangeEngineers(engineers: Engineer[], loads: EngineerLoad[], proposal: Proposal | null): EngineerRow[] {
  const loadOf = new Map(loads.map((load) => [load.userId, load]));
  const rankOf = new Map((proposal?.candidates ?? []).map((candidate, index) => [candidate.userId, { candidate, index }]));
  const best = proposal?.candidates.find((candidate) => !candidate.excludedBecause);
  const rows = engineers.map((engineer) => ({
    engineer, load: loadOf.get(engineer.id) ?? null, candidate: rankOf.get(engineer.id)?.candidate ?? null,
    recommended: !!best && best.userId === engineer.id,
  }));
  const rank = (row: EngineerRow) => rankOf.get(row.engineer.id)?.index ?? Number.POSITIVE_INFINITY;
  return rows.sort((a, b) => (proposal ? rank(a) - rank(b) : 0)
    || AVAILABILITY_ORDER.indexOf(a.engineer.availability) - AVAILABILITY_ORDER.indexOf(b.engineer.availability)
    || (a.load?.open ?? 0) - (b.load?.open ?? 0)
    || a.engineer.name.localeCompare(b.engineer.name));
}

/** A large team is found by name or skill: "王", "plc". */
export function matchesEngineer(engineer: Engineer, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return true;
  return engineer.name.toLowerCase().includes(wanted) || engineer.skills.some((skill) => skill.key.toLowerCase().includes(wanted));
}

/** An exclusion code split for translation: `missing_skill:plc` → key 'missing_skill', skill 'plc'. */
export function splitReason(reason: string): { code: string; key: string } {
  const colon = reason.indexOf(':');
  return colon < 0 ? { code: reason, key: '' } : { code: reason.slice(0, colon), key: reason.slice(colon + 1) };
}
