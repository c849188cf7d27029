/**
 * The engineer app's reads. Every query runs even when the browser says it is offline: the
 * service worker answers from the last copy it kept, so the tickets stay readable.
 */
import { useQuery } from '@tanstack/react-query';
import { get, query } from '../shared/api.ts';
import { queryClient } from '../shared/providers.tsx';
import type { Me, Page, Status, Ticket, TicketEvent, UserSummary } from '../shared/types.ts';

/** The statuses of the engineer's work: offered, taken, under way. */
export const WORK_STATUSES: Status[] = ['dispatched', 'accepted', 'in_progress', 'on_hold'];

export interface ChecklistItemView {
  key: string;
  label: string;
  labelEn: string | null;
  evidence: 'photo' | 'screenshot' | 'log' | 'test_report' | 'measurement' | 'signature';
  required: boolean;
  unit: string | null;
  min: number | null;
  max: number | null;
  done: null | {
    attachments: { id: string; name: string; mime: string }[];
    text: string | null;
    value: number | null;
    by: string;
    byName: string | null;
    at: string;
  };
}

export interface ChecklistView {
  ruleId: string | null;
  reviewRequired: boolean;
  items: ChecklistItemView[];
  missing: string[];
  complete: boolean;
}

export const keys = {
  mine: ['tickets', 'mine'] as const,
  ticket: (id: string) => ['ticket', id] as const,
  checklist: (id: string) => ['checklist', id] as const,
  events: (id: string) => ['events', id] as const,
  people: ['people'] as const,
};

const paths = {
  mine: `/tickets${query({ status: WORK_STATUSES.join(','), limit: 100 })}`,
  ticket: (id: string) => `/tickets/${id}`,
  checklist: (id: string) => `/tickets/${id}/checklist`,
  events: (id: string) => `/tickets/${id}/events`,
};

const always = { networkMode: 'always' } as const;

export function useMyTickets() {
  return useQuery({ queryKey: keys.mine, queryFn: () => get<Page<Ticket>>(paths.mine), ...always });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: keys.ticket(id), queryFn: () => get<Ticket>(paths.ticket(id)), ...always,
    // The list already has it: show that at once, even offline before the ticket's own answer was kept.
    initialData: () => queryClient.getQueryData<Page<Ticket>>(keys.mine)?.items.find((ticket) => ticket.id === id),
    initialDataUpdatedAt: () => queryClient.getQueryState(keys.mine)?.dataUpdatedAt,
  });
}

export function useChecklist(id: string, enabled: boolean) {
  return useQuery({ queryKey: keys.checklist(id), queryFn: () => get<ChecklistView>(paths.checklist(id)), enabled, ...always });
}

export function useEvents(id: string) {
  return useQuery({ queryKey: keys.events(id), queryFn: () => get<{ items: TicketEvent[] }>(paths.events(id)), ...always });
}

/** Names of the people on the tenant, for the comments. */
export function usePeople() {
  return useQuery({
    queryKey: keys.people, ...always, staleTime: 10 * 60_000,
    queryFn: async () => new Map((await get<Page<UserSummary>>('/users?limit=500')).items.map((user) => [user.id, user.name])),
  });
}

/**
 * While online, reads each of the engineer's tickets with its checklist and comments, so the
 * service worker keeps them for a ride through a basement or a dead zone.
 */
export function keepForOffline(tickets: readonly Ticket[], me: Me) {
  for (const ticket of tickets.slice(0, 30)) {
    if (ticket.assigneeId !== me.id && !ticket.offeredTo.includes(me.id)) continue;
    void queryClient.prefetchQuery({ queryKey: keys.ticket(ticket.id), queryFn: () => get<Ticket>(paths.ticket(ticket.id)), ...always });
    void queryClient.prefetchQuery({ queryKey: keys.checklist(ticket.id), queryFn: () => get<ChecklistView>(paths.checklist(ticket.id)), ...always });
    void queryClient.prefetchQuery({ queryKey: keys.events(ticket.id), queryFn: () => get<{ items: TicketEvent[] }>(paths.events(ticket.id)), ...always });
  }
}
