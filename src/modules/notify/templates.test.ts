import { describe, expect, it } from 'vitest';
import { TEMPLATE_KEYS, languageOf, renderTemplate, ticketLink, type Language } from './templates.ts';

const full = {
  number: 'WO-20261124-0042', title: '3号线贴片机停机', priority: 'P1', assigneeName: '王工', reason: '无人接单',
  dueAt: '2026-11-24T06:30:00Z', minutesOverdue: 17, stepName: '二级升级', offeredTo: 3, url: 'https://desk.example.com/t/42',
};

describe('notification texts', () => {
  it.each(TEMPLATE_KEYS.flatMap((key) => (['zh-CN', 'en'] as Language[]).map((language) => [key, language] as const)))(
    '%s in %s renders with every variable missing, and never says undefined, null or NaN', (key, language) => {
      for (const data of [{}, full, { number: null, title: undefined, dueAt: 'not a time', minutesOverdue: 'many', offeredTo: -2 }]) {
        const message = renderTemplate(key, language, data, 'Asia/Shanghai');
        expect(message.title.length).toBeGreaterThan(0);
        expect(message.body.length).toBeGreaterThan(0);
        expect(`${message.title}\n${message.body}`).not.toMatch(/undefined|null|NaN|\[object/);
        expect(message.body).not.toMatch(/[：:] *$/m); // no label left without its value
      }
    });

  it('shows the deadline in the tenant\'s time zone, as month-day hour:minute', () => {
    expect(renderTemplate('ticket.offered', 'zh-CN', full, 'Asia/Shanghai')).toEqual({
      title: '【P1】新工单待您接单：WO-20261124-0042',
      body: '问题：3号线贴片机停机\n请在 11-24 14:30 前接单，逾期将改派他人。\n说明：无人接单',
    });
    expect(renderTemplate('ticket.offered', 'en', full, 'Europe/Berlin').body).toContain('Accept it by 11-24 07:30');
  });

  it('writes an escalation in both languages with the step, the delay and the assignee', () => {
    expect(renderTemplate('sla.escalated', 'zh-CN', full, 'Asia/Shanghai')).toEqual({
      title: '【P1】工单已升级：WO-20261124-0042',
      body: '问题：3号线贴片机停机\n升级级别：二级升级\n已超时 17 分钟\n处理人：王工\n原因：无人接单\n请立即跟进。',
    });
    expect(renderTemplate('sla.escalated', 'en', { ...full, minutesOverdue: 1 }, 'Asia/Shanghai')).toEqual({
      title: '[P1] Ticket escalated: WO-20261124-0042',
      body: 'Problem: 3号线贴片机停机\nEscalation step: 二级升级\n1 minute overdue\nAssignee: 王工\nReason: 无人接单\nPlease follow up now.',
    });
  });

  it('leaves out the lines whose variables are missing', () => {
    expect(renderTemplate('dispatch.failed', 'zh-CN', { number: 'WO-1' }, 'Asia/Shanghai')).toEqual({
      title: '派单失败，需人工处理：WO-1', body: '请手动指派处理人。',
    });
    expect(renderTemplate('dispatch.failed', 'en', { offeredTo: 1 }, 'Asia/Shanghai').body)
      .toBe('Offered to 1 person; nobody accepted.\nPlease assign someone by hand.');
  });

  it('ignores a priority that is not P1 to P4, and keeps long titles short', () => {
    const message = renderTemplate('sla.breached', 'zh-CN', { priority: '<b>urgent</b>', title: '长'.repeat(500) }, 'Asia/Shanghai');
    expect(message.title).toBe('SLA 已超时');
    expect([...message.body.split('\n')[0]].length).toBeLessThanOrEqual(203);
    expect(message.body.split('\n')[0].endsWith('…')).toBe(true);
  });

  it('picks the language from the user\'s locale, Chinese unless it is English', () => {
    expect(['en', 'en-US', 'EN_gb', 'zh-CN', 'zh', '', 'fr', 'eng'].map(languageOf))
      .toEqual(['en', 'en', 'en', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
  });

  it('passes on only http and https links', () => {
    expect(ticketLink({ url: ' https://desk.example.com/t/1 ' })).toBe('https://desk.example.com/t/1');
    expect(ticketLink({ url: 'javascript:alert(1)' })).toBeNull();
    expect(ticketLink({ url: 'https://a b' })).toBeNull();
    expect(ticketLink({})).toBeNull();
  });
});
