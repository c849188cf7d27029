/**
 * One HTTP attempt of a webhook: POST the frozen JSON body with its signature headers, within a
 * timeout, to an address checked after DNS resolution (the connection uses the checked address,
 * so a host cannot resolve to a safe address for the check and a metadata address for the send).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { refusal, resolveHost } from './webhook-address.ts';

/** The log keeps the first 4 KB of what the receiver answered. */
export const RESPONSE_BODY_LIMIT = 4096;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

export interface WebhookOutcome {
  ok: boolean;
  status: number | null;
  responseBody: string | null;
  latencyMs: number;
  /** Why it failed, for the log and the owner's alert; null when it succeeded. */
  error: string | null;
}

/** Resolves, refuses what may not be reached, and hands the connection one checked address. */
function checkedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then((addresses) => {
      const reason = addresses.map((address) => refusal(address, allowPrivateNetworks)).find(Boolean);
      if (reason) return callback(Object.assign(new Error(`refused: ${reason}`), { code: 'EREFUSED' }), '', 4);
      const address = addresses[0];
      const family = address.includes(':') ? 6 : 4;
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      callback(null, address, family);
    }, (error: Error) => callback(error as NodeJS.ErrnoException, '', 4));
  };
}

/** Sends one attempt; never throws: a network error, a timeout or a non-2xx status is a failed outcome. */
export function sendWebhook(request: WebhookRequest, monotonicMs: () => number = () => performance.now()): Promise<WebhookOutcome> {
  const started = monotonicMs();
  const elapsed = () => Math.round(monotonicMs() - started);
  const url = new URL(request.url);
  // Node connects to an IP literal without asking the lookup below: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  const literalReason = isIP(literal) ? refusal(literal, request.allowPrivateNetworks) : null;
  if (literalReason) return Promise.resolve({ ok: false, status: null, responseBody: null, latencyMs: 0, error: `refused: ${literalReason}` });
  return new Promise((resolve) => {
    const transport = url.protocol === 'https:' ? https : http;
    const outgoing = transport.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Loopdesk-Webhooks/1', ...request.headers,
        'content-length': String(Buffer.byteLength(request.body)) },
      lookup: checkedLookup(request.allowPrivateNetworks),
      timeout: request.timeoutMs,
    }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_BODY_LIMIT) chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - kept));
        kept += chunk.length;
      });
      response.on('error', (error) => finish({ ok: false, status: response.statusCode ?? null, responseBody: null, error: error.message }));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        finish({ ok, status, responseBody: Buffer.concat(chunks).toString('utf8'), error: ok ? null : `The receiver answered HTTP ${status}.` });
      });
    });
    let settled = false;
    function finish(outcome: Omit<WebhookOutcome, 'latencyMs'>) {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, latencyMs: elapsed() });
    }
    outgoing.on('timeout', () => {
      outgoing.destroy(new Error(`No answer within ${request.timeoutMs / 1000} s (timeout).`));
    });
    outgoing.on('error', (error) => finish({ ok: false, status: null, responseBody: null, error: error.message }));
    outgoing.end(request.body);
  });
}
