/** A webhook receiver for tests: a local HTTP server that records what arrives and answers as told. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: { ticket: { id: string }; [key: string]: unknown } };
  /** The status the receiver answered with. */
  answered: number;
}

export interface Receiver {
  url: string;
  arrivals: Arrival[];
  /** Answers 500 to the next `count` requests. */
  failNext(count: number): void;
  /** Answers 503 to every request until `up()`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const arrivals: Arrival[] = [];
  let failures = 0;
  let isDown = false;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let answered = 200;
      if (isDown) answered = 503;
      else if (failures > 0) {
        failures--;
        answered = 500;
      }
      arrivals.push({
        id: String(request.headers['webhook-id']), timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']), body, payload: JSON.parse(body), answered,
      });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : '接收方暂时不可用');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/loopdesk`,
    arrivals,
    failNext: (count) => { failures = count; },
    down: () => { isDown = true; },
    up: () => { isDown = false; },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Verifies a Standard Webhooks signature on its own, with node:crypto only, as a receiver would. */
export function verifySignature(secret: string, arrival: Pick<Arrival, 'id' | 'timestamp' | 'signature' | 'body'>): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${arrival.id}.${arrival.timestamp}.${arrival.body}`).digest();
  return arrival.signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
