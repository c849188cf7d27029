/** Installs the service worker that keeps the app and its last answers for offline use. */
import { queryClient } from '../shared/providers.tsx';

const API_CACHE = 'loopdesk-m-api';
const LAST_USER_KEY = 'loopdesk.m.lastUser';

export function registerServiceWorker() {
  // The dev server (hot reload) has no precache list: the worker is for the built app.
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch((error: unknown) => {
    console.info('Offline use is unavailable: the service worker did not install.', error);
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => void readAgainThroughWorker());
}

/**
 * The first visit's reads happened before the worker was there to keep them: once it controls
 * the page, read them all again through it, those of screens not shown (prefetched for offline)
 * too. A read still in flight went around the worker, and the query cache skips a query whose
 * first read is unfinished: wait for those to land first.
 */
async function readAgainThroughWorker() {
  while (queryClient.isFetching() > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await queryClient.refetchQueries({ type: 'all' });
}

/** The API answers kept for offline reading belong to one person: gone at sign-out or a change of user. */
export async function forgetSavedAnswers(): Promise<void> {
  if ('caches' in window) await caches.delete(API_CACHE);
}

export function rememberUser(userKey: string): void {
  const previous = window.localStorage.getItem(LAST_USER_KEY);
  if (previous === userKey) return;
  window.localStorage.setItem(LAST_USER_KEY, userKey);
  if (previous) void forgetSavedAnswers();
}
