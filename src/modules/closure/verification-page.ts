/**
 * The customer's verification page and its notices, in zh-CN and English: what was wrong, what
 * was done, by whom and when, the evidence photos, and three answers in a plain HTML form (no
 * script: the page works in any phone browser, WeChat's included). Pure.
 */
import { escapeHtml, renderNotice, renderPublicPage, type PageLanguage } from './public-page.ts';
import type { VerifyResult } from './verification-model.ts';

export interface VerificationSummary {
  number: string;
  title: string;
  description: string;
  solution: string | null;
  engineerName: string | null;
  resolvedAt: Date | null;
  /** The tenant's zone: the page shows times as the customer's service team lives them. */
  timeZone: string;
  photos: { id: string; name: string; url: string }[];
  expiresAt: Date;
}

const TEXTS = {
  'zh-CN': {
    title: '服务验收', intro: '您的报修已处理完成，请确认问题是否已经解决。', number: '工单号', problem: '问题描述',
    solution: '处理结果', engineer: '处理工程师', resolvedAt: '完成时间', photos: '现场照片', question: '问题解决了吗？',
    comment: '补充说明（选填）', placeholder: '例如：还有哪里不正常', expires: '链接有效期至',
    answers: { satisfied: '已解决', partial: '部分解决', unresolved: '未解决' },
    thanksTitle: '感谢您的反馈',
    thanks: {
      satisfied: '您确认问题已解决，工单已关闭。',
      partial: '已记录为部分解决，工单已关闭；您的意见会转给服务团队。',
      unresolved: '工单已重新打开并提高优先级，工程师会尽快与您联系。',
    },
    invalidTitle: '链接无效', invalidText: '请检查链接是否完整，或联系服务人员。',
    expiredTitle: '链接已过期', expiredText: '链接已过期，请联系服务人员重新发送',
    usedTitle: '验收已完成', usedText: '此链接已使用过：',
    badAnswerTitle: '请选择一个结果', badAnswerText: '请返回上一页，选择“已解决”“部分解决”或“未解决”。',
    tooLongText: '补充说明最多 2000 字，请返回上一页删减后再提交。',
    outcomes: {
      satisfied: '已反馈“已解决”，工单已关闭', partial: '已反馈“部分解决”，工单已关闭', unresolved: '已反馈“未解决”，工单已重新打开处理',
      auto: '期限内未收到反馈，系统已自动验收', closed: '服务人员已关闭工单', reopened: '工单已重新打开处理',
    } as Record<string, string>,
    otherOutcome: '工单已不在待验收状态',
  },
  en: {
    title: 'Confirm the repair', intro: 'Your request has been handled. Please tell us whether the problem is solved.', number: 'Ticket',
    problem: 'Problem', solution: 'What was done', engineer: 'Engineer', resolvedAt: 'Finished', photos: 'Photos',
    question: 'Is the problem solved?', comment: 'Comment (optional)', placeholder: 'e.g. what is still not working', expires: 'This link works until',
    answers: { satisfied: 'Solved', partial: 'Partly solved', unresolved: 'Not solved' },
    thanksTitle: 'Thank you',
    thanks: {
      satisfied: 'You confirmed the problem is solved; the ticket is closed.',
      partial: 'Recorded as partly solved and closed; your comment goes to the service team.',
      unresolved: 'The ticket is reopened at a higher priority; the engineer will contact you soon.',
    },
    invalidTitle: 'Invalid link', invalidText: 'Please check that the link is complete, or contact the service team.',
    expiredTitle: 'Link expired', expiredText: 'This link has expired. Please ask the service team to send a new one.',
    usedTitle: 'Already answered', usedText: 'This link has been used: ',
    badAnswerTitle: 'Please choose an answer', badAnswerText: 'Go back and choose "Solved", "Partly solved" or "Not solved".',
    tooLongText: 'The comment can be at most 2,000 characters. Go back and shorten it.',
    outcomes: {
      satisfied: 'answered "Solved", and the ticket is closed', partial: 'answered "Partly solved", and the ticket is closed',
      unresolved: 'answered "Not solved", and the ticket was reopened', auto: 'no answer came in time, so it was verified automatically',
      closed: 'the service team closed the ticket', reopened: 'the ticket was reopened',
    } as Record<string, string>,
    otherOutcome: 'the ticket no longer waits for verification',
  },
} as const;

/** The link to the same page in the other language. */
export const switchHref = (path: string, language: PageLanguage) => `${path}?lang=${language === 'en' ? 'zh-CN' : 'en'}`;

/** "2026/11/24 10:00" or "24 Nov 2026, 10:00": no day-month order to guess in either language. */
function formatTime(at: Date, timeZone: string, language: PageLanguage): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone, year: 'numeric', month: language === 'en' ? 'short' : '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(at);
}

const field = (label: string, value: string) => `<p class="label">${escapeHtml(label)}</p><p class="value">${escapeHtml(value)}</p>`;

/** The page with the ticket's summary and the form that answers to `path` (the page's own address). */
export function renderVerificationPage(summary: VerificationSummary, path: string, language: PageLanguage): string {
  const text = TEXTS[language];
  const when = (at: Date) => formatTime(at, summary.timeZone, language);
  const photos = summary.photos.length
    ? `<section class="card"><p class="label">${escapeHtml(text.photos)}</p><div class="photos">${summary.photos
      .map((photo) => `<a href="${escapeHtml(photo.url)}"><img src="${escapeHtml(photo.url)}" alt="${escapeHtml(photo.name)}" loading="lazy"></a>`)
      .join('')}</div></section>`
    : '';
  const answer = (result: VerifyResult, style: string) =>
    `<button type="submit" class="${style}" name="result" value="${result}">${escapeHtml(text.answers[result])}</button>`;
  const body = `
<h1>${escapeHtml(text.title)}</h1>
<p class="label" style="margin-bottom:12px">${escapeHtml(text.intro)}</p>
<section class="card">
${field(text.number, summary.number)}
<h1>${escapeHtml(summary.title)}</h1>
${field(text.problem, summary.description)}
</section>
<section class="card">
${field(text.solution, summary.solution ?? '—')}
${field(text.engineer, summary.engineerName ?? '—')}
${summary.resolvedAt ? field(text.resolvedAt, when(summary.resolvedAt)) : ''}
</section>
${photos}
<form class="card" method="post" action="${escapeHtml(`${path}?lang=${language}`)}">
<h1>${escapeHtml(text.question)}</h1>
<p class="label"><label for="comment">${escapeHtml(text.comment)}</label></p>
<textarea id="comment" name="comment" maxlength="2000" placeholder="${escapeHtml(text.placeholder)}"></textarea>
<div class="answers" style="margin-top:12px">${answer('satisfied', 'ok')}${answer('partial', 'partial')}${answer('unresolved', 'bad')}</div>
</form>
<p class="label" style="text-align:center">${escapeHtml(`${text.expires} ${when(summary.expiresAt)}`)}</p>`;
  return renderPublicPage({ language, title: `${text.title} ${summary.number}`, body, switchHref: switchHref(path, language) });
}

export type NoticeKind =
  | { kind: 'unknown' } | { kind: 'expired' } | { kind: 'used'; result: string | null }
  | { kind: 'thanks'; result: VerifyResult } | { kind: 'bad_answer' } | { kind: 'too_long' };

/**
 * The page for a link that cannot be answered, for a refused form, or the thanks after an answer.
 * The icons are plain characters every phone font has (an emoji may show as an empty box).
 */
export function renderVerificationNotice(notice: NoticeKind, language: PageLanguage): string {
  const text = TEXTS[language];
  switch (notice.kind) {
    case 'unknown': return renderNotice(language, { icon: '!', title: text.invalidTitle, text: text.invalidText });
    case 'expired': return renderNotice(language, { icon: '!', title: text.expiredTitle, text: text.expiredText });
    case 'used': {
      const outcome = (notice.result && text.outcomes[notice.result]) || text.otherOutcome;
      return renderNotice(language, { icon: '✓', title: text.usedTitle, text: `${text.usedText}${outcome}${language === 'en' ? '.' : '。'}` });
    }
    case 'thanks': return renderNotice(language, { icon: '✓', title: text.thanksTitle, text: text.thanks[notice.result] });
    case 'bad_answer': return renderNotice(language, { icon: '!', title: text.badAnswerTitle, text: text.badAnswerText });
    case 'too_long': return renderNotice(language, { icon: '!', title: text.badAnswerTitle, text: text.tooLongText });
  }
}
