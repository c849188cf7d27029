/**
 * The people a benchmark acts as: a tenant made by `loopdesk tenant create` (as an operator
 * makes one), requesters added by its admin through POST /api/v1/users, each logged in through
 * POST /api/v1/auth/login.
 */
import { JsonClient, describeFailure } from './http.ts';
import { loopdeskCli, type Store } from './processes.ts';

export const BENCH_PASSWORD = 'bench-password';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
/** Four requests at a time: user creation and login each run a scrypt on the server's small thread pool. */
const AT_ONCE = 4;

export const adminEmail = (slug: string) => `admin@${slug}.test`;
export const requesterEmail = (slug: string, index: number) => `requester${index + 1}@${slug}.test`;

export async function createTenant(store: Store, slug: string, name: string): Promise<void> {
  await loopdeskCli(store, ['tenant', 'create', '--slug', slug, '--name', name,
    '--admin-email', adminEmail(slug), '--admin-password', BENCH_PASSWORD]);
}

async function inBatches<T, R>(items: T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += AT_ONCE) {
    results.push(...await Promise.all(items.slice(start, start + AT_ONCE).map((item, offset) => work(item, start + offset))));
  }
  return results;
}

/** `count` requesters, requester1@SLUG.test …, added by the tenant's admin; their emails. */
export async function addRequesters(baseUrl: string, slug: string, count: number): Promise<string[]> {
  const [adminToken] = await logIn(baseUrl, slug, [adminEmail(slug)]);
  const client = new JsonClient(baseUrl, AT_ONCE);
  try {
    const emails = Array.from({ length: count }, (_, index) => requesterEmail(slug, index));
    await inBatches(emails, async (email, index) => {
      const answer = await client.request('POST', '/api/v1/users', {
        token: adminToken,
        body: { email, name: `${SURNAMES[index % SURNAMES.length]}工${index + 1}`, roles: ['requester'], password: BENCH_PASSWORD },
      });
      if (answer.status !== 201) throw new Error(`Adding ${email} failed: ${describeFailure(answer)} ${JSON.stringify(answer.body)}`);
    });
    return emails;
  } finally {
    client.close();
  }
}

/** Logs each email in through POST /api/v1/auth/login; their bearer tokens, in order. */
export async function logIn(baseUrl: string, slug: string, emails: string[]): Promise<string[]> {
  const client = new JsonClient(baseUrl, AT_ONCE);
  try {
    return await inBatches(emails, async (email) => {
      const answer = await client.request('POST', '/api/v1/auth/login', { body: { tenant: slug, email, password: BENCH_PASSWORD } });
      if (answer.status !== 200) throw new Error(`Login of ${email} failed: ${describeFailure(answer)}`);
      return (answer.body as { token: string }).token;
    });
  } finally {
    client.close();
  }
}
