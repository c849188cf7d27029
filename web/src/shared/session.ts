/** Who is signed in (GET /me), signing in and out, and the tenants this browser has used. */
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, post } from './api.ts';
import { queryClient } from './providers.tsx';
import type { Me, Role } from './types.ts';

const RECENT_KEY = 'loopdesk.recentTenants';

export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await get<Me>('/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export interface RecentTenant {
  slug: string;
  name: string;
  email: string;
}

export function recentTenants(): RecentTenant[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((item) => typeof item?.slug === 'string').slice(0, 5) : [];
  } catch {
    return [];
  }
}

function remember(tenant: RecentTenant) {
  const rest = recentTenants().filter((item) => item.slug !== tenant.slug);
  window.localStorage.setItem(RECENT_KEY, JSON.stringify([tenant, ...rest].slice(0, 5)));
}

export async function signIn(input: { tenant: string; email: string; password: string }) {
  const answer = await post<{ user: { id: string; name: string; roles: Role[] }; tenant: { slug: string; name: string } }>('/auth/login', input);
  remember({ slug: answer.tenant.slug, name: answer.tenant.name, email: input.email });
  queryClient.clear();
  return answer;
}

export async function signOut() {
  try {
    await post('/auth/logout');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  queryClient.clear();
}
