/**
 * HTTP for the senders: Node's fetch with a timeout, and errors that carry the provider's own
 * words without the URL (robot URLs hold their access token).
 */

export const SEND_TIMEOUT_MS = 10_000;
const MAX_QUOTED = 500;

/**
 * A send that failed at the provider or on the way to it. Its name stays "Error" so the runner's
 * last_error reads as the provider's message alone. `permanent` says that sending the same
 * message again cannot succeed (no address, a malformed phone number).
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;

  constructor(message: string, options: { permanent?: boolean } = {}) {
    super(message);
    this.permanent = options.permanent ?? false;
  }
}

function reason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export interface ProviderAnswer {
  status: number;
  ok: boolean;
  text: string;
  json: Record<string, unknown> | undefined;
}

export async function request(provider: string, url: string, init: { method: 'GET' | 'POST'; json?: unknown }): Promise<ProviderAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: init.json === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeliveryError(`${provider} could not be reached at ${new URL(url).host}: ${reason(error)}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new DeliveryError(`${provider} answered HTTP ${response.status} but the answer was cut off: ${reason(error)}`);
  }
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, ok: response.ok, text, json };
}

export const quote = (text: string): string => (text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);

/** The usual failure: a non-2xx status, with whatever the provider said. */
export function httpFailure(provider: string, answer: ProviderAnswer): DeliveryError {
  return new DeliveryError(`${provider} answered HTTP ${answer.status}: ${quote(answer.text.trim()) || '(empty body)'}`);
}
