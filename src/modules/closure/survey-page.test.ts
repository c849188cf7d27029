import { describe, expect, it } from 'vitest';
import { renderSurveyForm, renderSurveyNotice } from './survey-page.ts';

const page = { token: 'TOKEN_abc-123', number: 'WO-20261124-0042', title: '空压机<script>alert(1)</script>异响' };

describe('the survey page', () => {
  it('asks in Chinese by default, with the ticket, five stars from 5 down to 1, the question, and a switch to English', () => {
    const html = renderSurveyForm({ language: 'zh-CN', ...page });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('WO-20261124-0042');
    expect(html).toContain('问题是否已彻底解决？');
    expect([...html.matchAll(/name="stars" value="(\d)"/g)].map((match) => match[1])).toEqual(['5', '4', '3', '2', '1']);
    // each input is followed by its own label, which the shell's `:checked ~ label` rule relies on
    expect(html).toMatch(/id="star-2"><label for="star-2"/);
    expect(html).toContain('action="/s/TOKEN_abc-123?lang=zh-CN"');
    expect(html).toContain('href="/s/TOKEN_abc-123?lang=en">English</a>');
    expect(html).not.toContain('<script');
    expect(html).toContain('空压机&lt;script&gt;alert(1)&lt;/script&gt;异响');
  });

  it('asks in English when asked to', () => {
    const html = renderSurveyForm({ language: 'en', ...page });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Is the problem fully solved?');
    expect(html).toContain('action="/s/TOKEN_abc-123?lang=en"');
    expect(html).toContain('href="/s/TOKEN_abc-123?lang=zh-CN">中文</a>');
  });

  it('shows a refusal above the form and keeps the choice and the text', () => {
    const missing = renderSurveyForm({ language: 'zh-CN', ...page, error: 'stars', answer: '还是<坏的>' });
    expect(missing).toContain('role="alert">请先选择 1–5 星，再提交评价。');
    expect(missing).toContain('>还是&lt;坏的&gt;</textarea>');
    expect(missing).not.toContain(' checked');
    const long = renderSurveyForm({ language: 'en', ...page, error: 'answer', stars: 4, answer: 'x' });
    expect(long).toContain('Please keep your comment to 2000 characters.');
    expect(long).toContain('value="4" id="star-4" checked');
  });

  it('says plainly why a link does not work', () => {
    expect(renderSurveyNotice('zh-CN', 'answered')).toContain('您已提交过评价');
    expect(renderSurveyNotice('zh-CN', 'expired')).toContain('回访已结束');
    expect(renderSurveyNotice('en', 'unknown')).toContain('Link not valid');
    expect(renderSurveyNotice('en', 'thanks')).toContain('Thank you');
  });
});
