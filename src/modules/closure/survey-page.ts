/**
 * The survey's public pages: the form a customer opens from the link (1–5 stars and "is the
 * problem fully solved?"), the thank-you page, and the pages for a link that no longer works.
 * Chinese first, English beside it; no script (the shell's CSP allows none). Pure.
 */
import { escapeHtml, renderNotice, renderPublicPage, type PageLanguage } from './public-page.ts';
import { ANSWER_MAX_LENGTH, STAR_VALUES } from './survey-model.ts';

interface Notice {
  icon: string;
  title: string;
  text: string;
}

const TEXT: Record<PageLanguage, {
  title: string; intro: string; ticket: string; problem: string; rate: string; star: (n: number) => string;
  worst: string; best: string; question: string; placeholder: string; submit: string;
  needStars: string; tooLong: string; thanks: Notice; sorry: Notice; unknown: Notice; expired: Notice; answered: Notice;
}> = {
  'zh-CN': {
    title: '服务回访',
    intro: '您的工单已关闭。请花 10 秒为本次服务打分，帮助我们做得更好。',
    ticket: '工单编号',
    problem: '问题',
    rate: '请为本次服务打分',
    star: (n) => `${n} 星`,
    worst: '很不满意',
    best: '非常满意',
    question: '问题是否已彻底解决？',
    placeholder: '选填：如问题仍未彻底解决，请告诉我们具体情况',
    submit: '提交评价',
    needStars: '请先选择 1–5 星，再提交评价。',
    tooLong: `意见最多 ${ANSWER_MAX_LENGTH} 字，请精简后再提交。`,
    thanks: { icon: '✓', title: '感谢您的反馈', text: '您的评价已提交，我们会继续改进服务。' },
    sorry: { icon: '✓', title: '感谢您的反馈', text: '很抱歉这次服务没有让您满意。服务负责人会尽快与您联系。' },
    unknown: { icon: '!', title: '链接无效', text: '找不到这份回访，请检查链接是否完整。' },
    expired: { icon: '!', title: '回访已结束', text: '这份回访的链接已过期，感谢您的关注。' },
    answered: { icon: '✓', title: '您已提交过评价', text: '每份回访只能提交一次。感谢您的反馈！' },
  },
  en: {
    title: 'How did we do?',
    intro: 'Your ticket is closed. Rating our service takes ten seconds and helps us do better.',
    ticket: 'Ticket',
    problem: 'Problem',
    rate: 'Rate our service',
    star: (n) => `${n} star${n === 1 ? '' : 's'}`,
    worst: 'Very poor',
    best: 'Excellent',
    question: 'Is the problem fully solved?',
    placeholder: 'Optional: if it is not fully solved, tell us what is still wrong',
    submit: 'Send',
    needStars: 'Choose 1 to 5 stars before sending.',
    tooLong: `Please keep your comment to ${ANSWER_MAX_LENGTH} characters.`,
    thanks: { icon: '✓', title: 'Thank you', text: 'Your rating has been sent. We will keep improving.' },
    sorry: { icon: '✓', title: 'Thank you', text: 'We are sorry we let you down. A service manager will contact you soon.' },
    unknown: { icon: '!', title: 'Link not valid', text: 'There is no survey at this link. Check that it was copied whole.' },
    expired: { icon: '!', title: 'Survey closed', text: 'This survey link has expired. Thank you for your interest.' },
    answered: { icon: '✓', title: 'Already answered', text: 'Each survey takes one answer. Thank you for yours!' },
  },
};

/** What the shell leaves to each page: the legend of the scale, the question, the error line. */
const SURVEY_STYLE = `<style>
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{padding:0;margin:0 0 8px;font-weight:600}
.stars{position:relative}
.stars input:focus-visible+label{outline:2px solid #3370ff;outline-offset:2px;border-radius:6px}
.scale{display:flex;justify-content:space-between;max-width:236px;margin:4px auto 18px;color:#8f959e;font-size:12px}
.question{display:block;font-weight:600;margin:0 0 8px}
.error{background:#fef0f0;color:#d83931;border-radius:8px;padding:10px 12px;margin:0 0 12px}
.intro{color:#646a73;font-size:14px;margin:0 0 12px}
textarea:focus{outline:none;border-color:#3370ff;box-shadow:0 0 0 3px rgba(51,112,255,.15)}
form button{margin-top:14px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>`;

export interface SurveyFormPage {
  language: PageLanguage;
  token: string;
  number: string;
  title: string;
  /** Shown again after a refusal, with what was typed and chosen. */
  error?: 'stars' | 'answer';
  stars?: number;
  answer?: string;
}

const href = (token: string, language: PageLanguage) => `/s/${encodeURIComponent(token)}?lang=${language}`;

/**
 * The stars are radio inputs from 5 down to 1, each followed by its label: the shell lays them
 * out right to left, so `:checked ~ label` lights the chosen star and those before it.
 */
function starInputs(text: (typeof TEXT)[PageLanguage], chosen: number | undefined): string {
  return [...STAR_VALUES].reverse().map((n) => `<input type="radio" name="stars" value="${n}" id="star-${n}"${n === chosen ? ' checked' : ''}>`
    + `<label for="star-${n}" title="${escapeHtml(text.star(n))}"><span aria-hidden="true">★</span><span class="sr">${escapeHtml(text.star(n))}</span></label>`).join('');
}

export function renderSurveyForm(page: SurveyFormPage): string {
  const text = TEXT[page.language];
  const other: PageLanguage = page.language === 'en' ? 'zh-CN' : 'en';
  const error = page.error === 'stars' ? text.needStars : page.error === 'answer' ? text.tooLong : '';
  const body = `${SURVEY_STYLE}
<h1>${escapeHtml(text.title)}</h1>
<p class="intro">${escapeHtml(text.intro)}</p>
<div class="card">
<p class="label">${escapeHtml(text.ticket)}</p><p class="value">${escapeHtml(page.number)}</p>
<p class="label">${escapeHtml(text.problem)}</p><p class="value">${escapeHtml(page.title)}</p>
</div>
<form class="card" method="post" action="${escapeHtml(href(page.token, page.language))}" accept-charset="utf-8">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<fieldset>
<legend>${escapeHtml(text.rate)}</legend>
<div class="stars">${starInputs(text, page.stars)}</div>
<div class="scale" aria-hidden="true"><span>${escapeHtml(text.worst)}</span><span>${escapeHtml(text.best)}</span></div>
</fieldset>
<label class="question" for="answer">${escapeHtml(text.question)}</label>
<textarea id="answer" name="answer" maxlength="${ANSWER_MAX_LENGTH}" placeholder="${escapeHtml(text.placeholder)}">${escapeHtml(page.answer ?? '')}</textarea>
<button type="submit" class="primary">${escapeHtml(text.submit)}</button>
</form>`;
  return renderPublicPage({ language: page.language, title: text.title, body, switchHref: href(page.token, other) });
}

export type SurveyNotice = 'thanks' | 'sorry' | 'unknown' | 'expired' | 'answered';

export const renderSurveyNotice = (language: PageLanguage, notice: SurveyNotice): string => renderNotice(language, TEXT[language][notice]);
