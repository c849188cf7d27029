import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { TicketHooks } from './hooks.ts';
import { newTicket } from './model.ts';

const ticket = newTicket({ id: 't', number: 'WO-1', type: 'repair', priority: 'P3', title: '漏水', description: '漏水', createdAt: new Date(0) });
const actor = { tenantId: 'x', tenantSlug: 'x', userId: 'u', name: 'u', email: '', roles: ['engineer' as const], tokenId: '' };
const attempt = { tenantId: 'x', ticket, action: 'resolve' as const, input: {}, actor, now: new Date(0) };

describe('action guards', () => {
  it('run in the order they were added, and the first refusal stops the rest', async () => {
    const ran: string[] = [];
    const hooks = new TicketHooks()
      .beforeAction('first', async () => { ran.push('first'); })
      .beforeAction('refuses', async () => { ran.push('refuses'); throw new AppError('business_rule', 'missing evidence'); })
      .beforeAction('never', async () => { ran.push('never'); });
    await expect(hooks.check({} as never, attempt)).rejects.toThrow('missing evidence');
    expect(ran).toEqual(['first', 'refuses']);
  });

  it('let an action through when every guard returns', async () => {
    const hooks = new TicketHooks().beforeAction('quiet', async () => {});
    await expect(hooks.check({} as never, attempt)).resolves.toBeUndefined();
  });
});
