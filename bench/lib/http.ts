/**
 * A JSON client over node:http with kept-alive sockets, one per concurrent client, so a
 * benchmark measures the server and not connection set-up.
 */
import http from 'node:http';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export class JsonClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<JsonAnswer> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const request = http.request({
        agent: this.agent, host: this.base.hostname, port: this.base.port, method, path, headers,
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's error page, say): the caller reports the text.
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** "HTTP 409 conflict" from an answer in the API's error shape, for error counts. */
export function describeFailure(answer: JsonAnswer): string {
  const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
  return `HTTP ${answer.status}${code ? ` ${code}` : ''}`;
}
