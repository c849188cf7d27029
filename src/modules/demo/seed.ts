import type { Ctx } from '../../platform/context.ts';
export const DEMO_TENANT = 'demo';
export const DEMO_PASSWORD = 'loopdesk-demo';
export async function seedDemo(ctx: Ctx): Promise<{ logins: { email: string; roles: string[] }[] }> {
  void ctx;
  throw new Error('demo: not built yet');
}
