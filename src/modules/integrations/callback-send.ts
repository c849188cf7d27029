/**
 * One HTTP attempt of a callback, through the webhooks' sender: a timeout, IP literals refused
 * before connecting, host names checked after DNS resolution and that address used.
 */
import { isIP } from 'node:net';
import { refusal } from './webhook-address.ts';
import { DEFAULT_TIMEOUT_MS, sendWebhook, type WebhookOutcome } from './webhook-send.ts';

/** Why a URL's literal IP host may not be reached (null for a host name: the sender checks those after DNS). */
export function literalRefusal(url: URL, allowPrivateNetworks: boolean): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? refusal(host, allowPrivateNetworks) : null;
}

export async function sendCallback(request: {
  url: string; headers: Record<string, string>; body: string; allowPrivateNetworks: boolean;
}): Promise<WebhookOutcome> {
  return sendWebhook({
    url: request.url, body: request.body, timeoutMs: DEFAULT_TIMEOUT_MS, allowPrivateNetworks: request.allowPrivateNetworks,
    headers: { 'user-agent': 'Loopdesk-Callbacks/1', ...request.headers },
  });
}
