/**
 * The tenant's people (GET /users), for showing names instead of ids and for choosing an
 * assignee. Requesters may not list people: for them this stays empty and names fall back.
 */
import { useQuery } from '@tanstack/react-query';
import { get } from './api.ts';
import { useMe } from './session.ts';
import { isStaff, type Role } from './types.ts';

export interface Person {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  orgUnitId: string | null;
  availability: 'online' | 'busy' | 'offline' | 'on_leave';
  active: boolean;
}

export interface People {
  list: Person[];
  byId: Map<string, Person>;
  /** A person's name; their id's end when they are not known (left the tenant, or not listable). */
  nameOf(id: string | null | undefined): string;
  ready: boolean;
}

/** Who can take tickets: active engineers and experts. */
export const canTakeTickets = (person: Person) => person.active && person.roles.some((role) => role === 'engineer' || role === 'expert');

export function usePeople(): People {
  const me = useMe().data;
  const query = useQuery({
    queryKey: ['users'],
    queryFn: () => get<{ items: Person[] }>('/users?limit=1000'),
    enabled: isStaff(me ?? undefined),
    staleTime: 60_000,
  });
  const list = query.data?.items ?? [];
  const byId = new Map(list.map((person) => [person.id, person]));
  if (me && !byId.has(me.id)) byId.set(me.id, { id: me.id, name: me.name, email: me.email, roles: me.roles, orgUnitId: null, availability: 'online', active: true });
  return {
    list,
    byId,
    nameOf: (id) => (id ? byId.get(id)?.name ?? `#${id.slice(-6)}` : ''),
    ready: !query.isPending || !isStaff(me ?? undefined),
  };
}
