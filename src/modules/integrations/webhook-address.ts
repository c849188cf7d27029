/**
 * Where a webhook may be sent. Link-local addresses (169.254.0.0/16, fe80::/10) are refused
 * always: cloud metadata services answer there. Loopback and private networks are allowed by
 * default, since on-premises systems live there, unless the tenant's admin turns them off.
 * The check runs on the addresses a host resolves to, at creation and again on every send (the
 * sender connects to the address it checked, so a DNS answer cannot change in between).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../../platform/errors.ts';

export type AddressClass = 'link_local' | 'loopback' | 'private' | 'public';

function ipv4Class(address: string): AddressClass {
  const [a, b] = address.split('.').map(Number);
  if (a === 169 && b === 254) return 'link_local';
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}

/** The class of an IP address (v4, v6, or v4 mapped into v6). */
export function classifyAddress(address: string): AddressClass {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, '').split('%')[0];
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Class(mapped[1]);
  // A URL spells an IPv4-mapped (or -compatible) address in hex: [::ffff:169.254.169.254] becomes [::ffff:a9fe:a9fe].
  const hex = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return ipv4Class([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  if (isIP(lower) === 4) return ipv4Class(lower);
  if (lower === '::1' || lower === '::') return 'loopback';
  if (/^fe[89ab][0-9a-f]:/.test(lower)) return 'link_local';
  if (/^f[cd][0-9a-f]{2}:/.test(lower)) return 'private';
  return 'public';
}

/** Why an address may not be reached, or null when it may. */
export function refusal(address: string, allowPrivateNetworks: boolean): string | null {
  const kind = classifyAddress(address);
  if (kind === 'link_local') return `${address} is a link-local address (where cloud metadata services answer); webhooks may not go there.`;
  if (!allowPrivateNetworks && kind !== 'public') {
    return `${address} is a ${kind} address, and this tenant's webhook settings do not allow private networks.`;
  }
  return null;
}

/** Parses a webhook URL: http or https, with a host, no credentials in it. Throws invalid_input naming `url`. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_input', `url is not a valid URL: ${text}`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_input', 'url must be http or https.', { field: 'url' });
  }
  if (url.username || url.password) throw new AppError('invalid_input', 'url may not carry a user name or password.', { field: 'url' });
  return url;
}

/** Every address the URL's host names (an IP literal is itself). */
export async function resolveHost(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  const answers = await lookup(bare, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/** Checks a URL at creation or edit: throws 400 naming url when it is malformed, unresolvable or refused. */
export async function checkWebhookUrl(text: string, allowPrivateNetworks: boolean): Promise<URL> {
  const url = parseWebhookUrl(text);
  let addresses: string[];
  try {
    addresses = await resolveHost(url.hostname);
  } catch {
    throw new AppError('invalid_input', `url's host ${url.hostname} does not resolve.`, { field: 'url' });
  }
  for (const address of addresses) {
    const reason = refusal(address, allowPrivateNetworks);
    if (reason) throw new AppError('invalid_input', `url refused: ${reason}`, { field: 'url', address });
  }
  return url;
}
