/**
 * What a notification says, in zh-CN and en. Every variable may be missing: a line that needs a
 * missing variable is left out, so no text ever shows "undefined" or an empty label. Pure.
 */
import { formatShortDateTime, safeTimeZone } from './zoned-time.ts';

export const TEMPLATE_KEYS = ['ticket.assigned', 'ticket.offered', 'ticket.offer_withdrawn', 'ticket.redispatched',
  'dispatch.failed', 'sla.reminder', 'sla.escalated', 'sla.breached',
  'closure.verify_requested', 'closure.review_requested', 'closure.review_approved', 'closure.sent_back', 'closure.not_solved',
  'closure.survey', 'closure.low_score', 'problem.opened', 'integration.failing', 'integration.paused'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
export const isTemplateKey = (value: string): value is TemplateKey => (TEMPLATE_KEYS as readonly string[]).includes(value);

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Group robots and anyone without a known language read Chinese. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** A user's locale column ('zh-CN', 'en', 'en-US', …) to the language of the texts. */
export const languageOf = (locale: string | null | undefined): Language => (/^en(\b|[-_])/i.test(locale ?? '') ? 'en' : 'zh-CN');

export interface RenderedMessage {
  title: string;
  body: string;
}

/** The template variables, cleaned: text trimmed and bounded, numbers whole, times formatted. */
interface Variables {
  number?: string;
  title?: string;
  priority?: string;
  assigneeName?: string;
  reason?: string;
  dueAt?: string;
  minutesOverdue?: number;
  stepName?: string;
  offeredTo?: number;
  /** A survey's stars, 1 to 5. */
  stars?: number;
  /** How many tickets a problem links. */
  ticketCount?: number;
  expiresAt?: string;
  /** An integration's name (a webhook subscription, a connector). */
  name?: string;
  /** Failed delivery attempts in a row. */
  attempts?: number;
}

const MAX_VARIABLE_LENGTH = 200;
const MAX_TITLE_LENGTH = 200;
const MAX_BODY_LENGTH = 2000;

export function clip(text: string, max: number): string {
  const characters = [...text];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed ? clip(trimmed, MAX_VARIABLE_LENGTH) : undefined;
}

function count(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) return undefined;
  const whole = Math.round(parsed);
  return whole >= 1 ? whole : undefined;
}

function time(value: unknown, timeZone: string): string | undefined {
  const instant = value instanceof Date ? value : typeof value === 'string' && value.trim() ? new Date(value) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? formatShortDateTime(instant, timeZone) : undefined;
}

export function readVariables(data: Record<string, unknown>, timeZone: string): Variables {
  const priority = text(data.priority);
  return {
    number: text(data.number),
    title: text(data.title),
    priority: priority && /^P[1-4]$/i.test(priority) ? priority.toUpperCase() : undefined,
    assigneeName: text(data.assigneeName),
    reason: text(data.reason),
    dueAt: time(data.dueAt, safeTimeZone(timeZone)),
    minutesOverdue: count(data.minutesOverdue),
    stepName: text(data.stepName),
    offeredTo: count(data.offeredTo),
    stars: count(data.stars),
    ticketCount: count(data.ticketCount),
    expiresAt: time(data.expiresAt, safeTimeZone(timeZone)),
    name: text(data.name),
    attempts: count(data.attempts),
  };
}

type Line = string | false | undefined;
type Texts = (v: Variables) => { title: string; lines: Line[] };

// --- zh-CN ---------------------------------------------------------------------------------
const zhPriority = (v: Variables) => (v.priority ? `【${v.priority}】` : '');
const zhNumber = (v: Variables) => (v.number ? `：${v.number}` : '');
const zhProblem = (v: Variables): Line => v.title && `问题：${v.title}`;
const zhAssignee = (v: Variables): Line => v.assigneeName && `处理人：${v.assigneeName}`;
const zhReason = (v: Variables): Line => v.reason && `原因：${v.reason}`;
const zhOverdue = (v: Variables): Line => v.minutesOverdue !== undefined && `已超时 ${v.minutesOverdue} 分钟`;

const ZH: Record<TemplateKey, Texts> = {
  'ticket.assigned': (v) => ({
    title: `${zhPriority(v)}工单已指派给您${zhNumber(v)}`,
    lines: [zhProblem(v), v.dueAt && `请在 ${v.dueAt} 前响应`, v.reason && `说明：${v.reason}`, '请及时处理。'],
  }),
  'ticket.offered': (v) => ({
    title: `${zhPriority(v)}新工单待您接单${zhNumber(v)}`,
    lines: [zhProblem(v), v.dueAt ? `请在 ${v.dueAt} 前接单，逾期将改派他人。` : '请尽快接单。', v.reason && `说明：${v.reason}`],
  }),
  'ticket.offer_withdrawn': (v) => ({
    title: `工单已撤回${zhNumber(v)}`,
    lines: [zhProblem(v), '该工单已不再派给您，无需处理。', zhReason(v)],
  }),
  'ticket.redispatched': (v) => ({
    title: `${zhPriority(v)}工单已改派${zhNumber(v)}`,
    lines: [zhProblem(v), v.assigneeName ? `已改派给 ${v.assigneeName}。` : '工单已重新派发。', zhReason(v), v.dueAt && `响应截止：${v.dueAt}`],
  }),
  'dispatch.failed': (v) => ({
    title: `${zhPriority(v)}派单失败，需人工处理${zhNumber(v)}`,
    lines: [zhProblem(v), v.offeredTo !== undefined && `已派给 ${v.offeredTo} 人，均未接单`, zhReason(v), '请手动指派处理人。'],
  }),
  'sla.reminder': (v) => ({
    title: `${zhPriority(v)}SLA 即将到期${zhNumber(v)}`,
    lines: [zhProblem(v), v.stepName && `环节：${v.stepName}`, v.dueAt && `截止时间：${v.dueAt}`, zhAssignee(v), '请抓紧处理。'],
  }),
  'sla.escalated': (v) => ({
    title: `${zhPriority(v)}工单已升级${zhNumber(v)}`,
    lines: [zhProblem(v), v.stepName && `升级级别：${v.stepName}`, zhOverdue(v), zhAssignee(v), zhReason(v), '请立即跟进。'],
  }),
  'sla.breached': (v) => ({
    title: `${zhPriority(v)}SLA 已超时${zhNumber(v)}`,
    lines: [zhProblem(v), v.stepName && `环节：${v.stepName}`, v.dueAt && `截止时间：${v.dueAt}`, zhOverdue(v), zhAssignee(v), '已记入 SLA 考核，请尽快处理。'],
  }),
  'closure.verify_requested': (v) => ({
    title: `您的报修已处理完成，请验收${zhNumber(v)}`,
    lines: [zhProblem(v), zhAssignee(v), '请打开链接查看处理结果，并告诉我们问题是否已解决。', v.expiresAt && `链接有效期至 ${v.expiresAt}`],
  }),
  'closure.review_requested': (v) => ({
    title: `${zhPriority(v)}工单待二线复核${zhNumber(v)}`,
    lines: [zhProblem(v), zhAssignee(v), '请复核处理结果：通过后将请客户验收，或退回并说明原因。'],
  }),
  'closure.review_approved': (v) => ({
    title: `工单已通过复核${zhNumber(v)}`,
    lines: [zhProblem(v), v.assigneeName && `复核人：${v.assigneeName}`, '已请客户验收。'],
  }),
  'closure.sent_back': (v) => ({
    title: `${zhPriority(v)}工单被退回，请重新处理${zhNumber(v)}`,
    lines: [zhProblem(v), v.assigneeName && `退回人：${v.assigneeName}`, zhReason(v), '请按复核意见补充处理后重新提交。'],
  }),
  'closure.not_solved': (v) => ({
    title: `${zhPriority(v)}客户反馈问题未解决${zhNumber(v)}`,
    lines: [zhProblem(v), zhAssignee(v), v.reason && `客户意见：${v.reason}`, '工单已重新打开并提升优先级，请跟进。'],
  }),
  'closure.survey': (v) => ({
    title: `服务回访${zhNumber(v)}`,
    lines: [zhProblem(v), '您的报修已关闭几天了，问题是否彻底解决？请花 10 秒为我们的服务打分。'],
  }),
  'closure.low_score': (v) => ({
    title: `${zhPriority(v)}客户回访低分${v.stars !== undefined ? `（${v.stars} 星）` : ''}${zhNumber(v)}`,
    lines: [zhProblem(v), zhAssignee(v), v.reason && `客户意见：${v.reason}`, '请联系客户了解情况。'],
  }),
  'problem.opened': (v) => ({
    title: `重复故障已立为问题单，请您负责${zhNumber(v)}`,
    lines: [zhProblem(v), v.ticketCount !== undefined && `已关联 ${v.ticketCount} 张工单`, zhReason(v), '请分析根本原因并制定整改措施。'],
  }),
  'integration.failing': (v) => ({
    title: `集成投递失败${v.name ? `：${v.name}` : ''}`,
    lines: [v.attempts !== undefined && `已连续失败 ${v.attempts} 次`, v.reason && `最近错误：${v.reason}`, '系统会继续重试；请检查接收方服务是否正常。'],
  }),
  'integration.paused': (v) => ({
    title: `集成已暂停${v.name ? `：${v.name}` : ''}`,
    lines: [v.reason && `原因：${v.reason}`, '投递已暂停，事件会保留；修复接收方后请重新启用，将从中断处继续投递。'],
  }),
};

// --- en ------------------------------------------------------------------------------------
const enPriority = (v: Variables) => (v.priority ? `[${v.priority}] ` : '');
const enNumber = (v: Variables) => (v.number ? `: ${v.number}` : '');
const enProblem = (v: Variables): Line => v.title && `Problem: ${v.title}`;
const enAssignee = (v: Variables): Line => v.assigneeName && `Assignee: ${v.assigneeName}`;
const enReason = (v: Variables): Line => v.reason && `Reason: ${v.reason}`;
const enOverdue = (v: Variables): Line =>
  v.minutesOverdue !== undefined && `${v.minutesOverdue} minute${v.minutesOverdue === 1 ? '' : 's'} overdue`;

const EN: Record<TemplateKey, Texts> = {
  'ticket.assigned': (v) => ({
    title: `${enPriority(v)}Ticket assigned to you${enNumber(v)}`,
    lines: [enProblem(v), v.dueAt && `Please respond by ${v.dueAt}.`, v.reason && `Note: ${v.reason}`, 'Please take care of it.'],
  }),
  'ticket.offered': (v) => ({
    title: `${enPriority(v)}New ticket for you to accept${enNumber(v)}`,
    lines: [enProblem(v), v.dueAt ? `Accept it by ${v.dueAt}, or it goes to someone else.` : 'Please accept it soon.', v.reason && `Note: ${v.reason}`],
  }),
  'ticket.offer_withdrawn': (v) => ({
    title: `Ticket withdrawn${enNumber(v)}`,
    lines: [enProblem(v), 'This ticket is no longer offered to you; nothing to do.', enReason(v)],
  }),
  'ticket.redispatched': (v) => ({
    title: `${enPriority(v)}Ticket re-dispatched${enNumber(v)}`,
    lines: [enProblem(v), v.assigneeName ? `Now offered to ${v.assigneeName}.` : 'It has been dispatched again.', enReason(v), v.dueAt && `Response due: ${v.dueAt}`],
  }),
  'dispatch.failed': (v) => ({
    title: `${enPriority(v)}Dispatch failed, needs a dispatcher${enNumber(v)}`,
    lines: [enProblem(v), v.offeredTo !== undefined && `Offered to ${v.offeredTo} ${v.offeredTo === 1 ? 'person' : 'people'}; nobody accepted.`,
      enReason(v), 'Please assign someone by hand.'],
  }),
  'sla.reminder': (v) => ({
    title: `${enPriority(v)}SLA due soon${enNumber(v)}`,
    lines: [enProblem(v), v.stepName && `Step: ${v.stepName}`, v.dueAt && `Due: ${v.dueAt}`, enAssignee(v), 'Please hurry.'],
  }),
  'sla.escalated': (v) => ({
    title: `${enPriority(v)}Ticket escalated${enNumber(v)}`,
    lines: [enProblem(v), v.stepName && `Escalation step: ${v.stepName}`, enOverdue(v), enAssignee(v), enReason(v), 'Please follow up now.'],
  }),
  'sla.breached': (v) => ({
    title: `${enPriority(v)}SLA breached${enNumber(v)}`,
    lines: [enProblem(v), v.stepName && `Step: ${v.stepName}`, v.dueAt && `Due: ${v.dueAt}`, enOverdue(v), enAssignee(v), 'The breach is on record; please resolve it soon.'],
  }),
  'closure.verify_requested': (v) => ({
    title: `Your repair is done: please confirm${enNumber(v)}`,
    lines: [enProblem(v), enAssignee(v), 'Open the link to see what was done and tell us whether the problem is solved.', v.expiresAt && `The link works until ${v.expiresAt}.`],
  }),
  'closure.review_requested': (v) => ({
    title: `${enPriority(v)}Ticket waiting for second-line review${enNumber(v)}`,
    lines: [enProblem(v), enAssignee(v), 'Review the fix: approve it for the customer to confirm, or send it back with a reason.'],
  }),
  'closure.review_approved': (v) => ({
    title: `Review approved${enNumber(v)}`,
    lines: [enProblem(v), v.assigneeName && `Reviewer: ${v.assigneeName}`, 'The customer has been asked to confirm.'],
  }),
  'closure.sent_back': (v) => ({
    title: `${enPriority(v)}Ticket sent back to you${enNumber(v)}`,
    lines: [enProblem(v), v.assigneeName && `Sent back by: ${v.assigneeName}`, enReason(v), 'Please act on the review and resolve it again.'],
  }),
  'closure.not_solved': (v) => ({
    title: `${enPriority(v)}Customer says the problem is not solved${enNumber(v)}`,
    lines: [enProblem(v), enAssignee(v), v.reason && `Customer's comment: ${v.reason}`, 'The ticket is reopened at a higher priority; please follow up.'],
  }),
  'closure.survey': (v) => ({
    title: `How did we do?${enNumber(v)}`,
    lines: [enProblem(v), 'Your ticket was closed a few days ago. Is the problem fully solved? Rating us takes ten seconds.'],
  }),
  'closure.low_score': (v) => ({
    title: `${enPriority(v)}Low survey score${v.stars !== undefined ? ` (${v.stars} star${v.stars === 1 ? '' : 's'})` : ''}${enNumber(v)}`,
    lines: [enProblem(v), enAssignee(v), v.reason && `Customer's comment: ${v.reason}`, 'Please call the customer.'],
  }),
  'problem.opened': (v) => ({
    title: `A recurring fault is now a problem you own${enNumber(v)}`,
    lines: [enProblem(v), v.ticketCount !== undefined && `${v.ticketCount} tickets linked`, enReason(v), 'Please find the root cause and a corrective action.'],
  }),
  'integration.failing': (v) => ({
    title: `Integration deliveries failing${v.name ? `: ${v.name}` : ''}`,
    lines: [v.attempts !== undefined && `${v.attempts} failed attempts in a row`, v.reason && `Last error: ${v.reason}`, 'Retries go on; please check the receiving service.'],
  }),
  'integration.paused': (v) => ({
    title: `Integration paused${v.name ? `: ${v.name}` : ''}`,
    lines: [enReason(v), 'Deliveries are paused and events are kept; re-enable it once the receiver is fixed and delivery resumes where it stopped.'],
  }),
};

const TEXTS: Record<Language, Record<TemplateKey, Texts>> = { 'zh-CN': ZH, en: EN };

/** The title and body of a template in a language; dueAt is shown in the tenant's time zone. */
export function renderTemplate(template: TemplateKey, language: Language, data: Record<string, unknown>, timeZone: string): RenderedMessage {
  const texts = TEXTS[language][template];
  if (!texts) throw new Error(`Unknown notification template "${template}".`);
  const { title, lines } = texts(readVariables(data, timeZone));
  const body = lines.filter((line): line is string => typeof line === 'string' && line.length > 0).join('\n');
  return { title: clip(title, MAX_TITLE_LENGTH), body: clip(body, MAX_BODY_LENGTH) };
}

/** What an admin's "send a test message" sends. */
export function renderTestMessage(language: Language): RenderedMessage {
  return language === 'en'
    ? { title: 'Loopdesk test message', body: 'This is a test. If you can read it, the notification channel works.' }
    : { title: 'Loopdesk 测试消息', body: '这是一条测试消息。收到即说明通知渠道配置正确。' };
}

/** The words before a ticket's link in an email, SMS or robot message. */
export const linkLabel = (language: Language): string => (language === 'en' ? 'Open the ticket' : '查看工单');

/** Only web links are passed on: a javascript: or file: URL never reaches a message. */
export function ticketLink(data: Record<string, unknown>): string | null {
  const url = typeof data.url === 'string' ? data.url.trim() : '';
  return /^https?:\/\/\S+$/i.test(url) && url.length <= 2000 ? url : null;
}
