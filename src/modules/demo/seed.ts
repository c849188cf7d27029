/**
 * The demo tenant `demo`: 华工精机, a mid-size equipment maker with three regions, eight service
 * points, ~40 field engineers, 30 customers, 200 machines and two months of ticket history made
 * through the real ticket service. Deterministic (seeded) and idempotent: when the tenant
 * exists, nothing changes and the logins are answered.
 */
import type { Ctx } from '../../platform/context.ts';
import { provisionTenant } from '../../app/provision.ts';
import { findTenantBySlug } from '../directory/index.ts';
import { addClosureRule } from '../closure/index.ts';
import { planDirectory, writeDirectory } from './fixtures.ts';
import { COMPANY_NAME, SERVICE_POINTS } from './geography.ts';
import { playHistory } from './history.ts';
import { seedKnowledge } from './knowledge.ts';
import type { TicketHooks } from '../tickets/index.ts';
import { demoEmail } from './people.ts';
import { SeededRandom } from './random.ts';
import { planStories } from './stories.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_PASSWORD = 'loopdesk-demo';

/** Changing the seed changes every name, machine and ticket of the demo. */
const DEMO_SEED = 20_260_224;
const ADMIN_NAME = '周明远';
const ENGINEER_COUNT = SERVICE_POINTS.reduce((sum, point) => sum + point.engineers, 0);
const LISTED_ENGINEERS = 3;

export interface DemoLogin {
  email: string;
  roles: string[];
}

/**
 * Emergencies must show the fault and the fix in photos and a test-run log, and an expert
 * signs off before the customer is asked (双签). Other types close on the customer's word.
 */
const EMERGENCY_CLOSURE = {
  ticketType: 'emergency',
  reviewRequired: true,
  items: [
    { key: 'fault_photo', label: '故障部位照片', labelEn: 'Photo of the fault', evidence: 'photo' },
    { key: 'fixed_photo', label: '修复后照片', labelEn: 'Photo after the fix', evidence: 'photo' },
    { key: 'test_run', label: '试车记录', labelEn: 'Test-run log', evidence: 'log' },
  ],
};

/** The short list printed at start: one of each role, the first engineers, then the range. */
export function demoLogins(): DemoLogin[] {
  const login = (local: string, roles: string[]) => ({ email: demoEmail(local), roles });
  return [
    login('admin', ['admin']),
    login('dispatcher', ['dispatcher']),
    login('dispatcher2', ['dispatcher']),
    login('dispatcher3', ['dispatcher']),
    login('expert', ['expert']),
    login('manager', ['manager']),
    login('finance', ['finance']),
    login('requester', ['requester']),
    ...Array.from({ length: LISTED_ENGINEERS }, (_, index) => login(`engineer${index + 1}`, ['engineer'])),
    // Not an address: the line that tells how far the engineers go.
    login(`engineer${LISTED_ENGINEERS + 1}…${ENGINEER_COUNT}`, ['engineer']),
  ];
}

/** `hooks`: the app's ticket hooks, so the demo's tickets get SLA clocks and dispatch records like real ones. */
export async function seedDemo(ctx: Ctx, hooks: TicketHooks): Promise<{ logins: DemoLogin[] }> {
  if (await findTenantBySlug(ctx.db, DEMO_TENANT)) return { logins: demoLogins() };
  const started = performance.now();
  const now = ctx.clock.now();
  const random = new SeededRandom(DEMO_SEED);
  const plan = planDirectory(random, now);
  const adminEmail = demoEmail('admin');
  let provisioned: Awaited<ReturnType<typeof provisionTenant>>;
  try {
    provisioned = await provisionTenant(ctx, {
      slug: DEMO_TENANT, name: `${COMPANY_NAME}（演示）`, adminEmail, adminPassword: DEMO_PASSWORD, adminName: ADMIN_NAME,
    });
  } catch (error) {
    // Another process seeded it between our check and our insert: theirs stands.
    if (await findTenantBySlug(ctx.db, DEMO_TENANT)) return { logins: demoLogins() };
    throw error;
  }
  const { tenant, adminId } = provisioned;
  const world = await writeDirectory(ctx, tenant, provisioned.companyId, { id: adminId, email: adminEmail, name: ADMIN_NAME }, plan, DEMO_PASSWORD);
  const history = await playHistory(ctx, hooks, planStories(random, world, now), now);
  // After the history: its emergency tickets were closed before the rule existed.
  await addClosureRule(ctx.db, tenant.id, EMERGENCY_CLOSURE, now);
  const expert = world.byEmail.get(demoEmail('expert'))!;
  const articles = await seedKnowledge(ctx, tenant.id, expert.id, now);
  ctx.log.info({
    tenant: DEMO_TENANT, engineers: world.engineers.length, customers: world.customers.length, devices: world.devices.length,
    ...history, articles, ms: Math.round(performance.now() - started),
  }, 'demo tenant seeded');
  return { logins: demoLogins() };
}
