import { describe, expect, it } from 'vitest';
import { renderVerificationNotice, renderVerificationPage, type VerificationSummary } from './verification-page.ts';

const summary: VerificationSummary = {
  number: 'WO-20261124-0001', title: '注塑机液压站压力不稳', description: '压力表 <b>抖动</b> & 报警', solution: '更换密封圈',
  engineerName: '工程师甲', resolvedAt: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai',
  photos: [{ id: 'p1', name: '现场"照片".png', url: '/api/v1/public/verifications/tok/attachments/p1' }],
  expiresAt: new Date('2026-12-01T02:00:00Z'),
};

describe('the verification page', () => {
  it('shows the repair in Chinese by default, in the tenant\'s time, with a form of three answers to the page itself', () => {
    const html = renderVerificationPage(summary, '/v/tok', 'zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('WO-20261124-0001');
    expect(html).toContain('2026/11/24 10:00');
    expect(html).toContain('<form class="card" method="post" action="/v/tok?lang=zh-CN">');
    for (const [value, label] of [['satisfied', '已解决'], ['partial', '部分解决'], ['unresolved', '未解决']]) {
      expect(html).toContain(`name="result" value="${value}">${label}</button>`);
    }
    expect(html).toContain('href="/v/tok?lang=en"');
    expect(html).not.toContain('<script');
  });

  it('escapes everything the ticket says', () => {
    const html = renderVerificationPage(summary, '/v/tok', 'en');
    expect(html).toContain('压力表 &lt;b&gt;抖动&lt;/b&gt; &amp; 报警');
    expect(html).toContain('alt="现场&quot;照片&quot;.png"');
    expect(html).toContain('Not solved');
  });

  it('says what a used link was answered with, and what an expired or unknown one means', () => {
    expect(renderVerificationNotice({ kind: 'used', result: 'partial' }, 'zh-CN')).toContain('已反馈“部分解决”');
    expect(renderVerificationNotice({ kind: 'used', result: 'auto' }, 'en')).toContain('verified automatically');
    expect(renderVerificationNotice({ kind: 'used', result: null }, 'zh-CN')).toContain('工单已不在待验收状态');
    expect(renderVerificationNotice({ kind: 'expired' }, 'zh-CN')).toContain('链接已过期，请联系服务人员重新发送');
    expect(renderVerificationNotice({ kind: 'unknown' }, 'zh-CN')).toContain('链接无效');
  });
});
