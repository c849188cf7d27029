/**
 * Group robots: WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书) custom robots, each in its
 * documented webhook format. A robot answers HTTP 200 with an error code for most failures, so
 * the code is checked as well as the status.
 */
import type { RobotKind, RobotSettings } from '../channel-config.ts';
import { DeliveryError, httpFailure, quote, request, type ProviderAnswer } from './http.ts';
import { linkLabel } from '../templates.ts';
import { clipBytes, markdown, type OutgoingMessage } from './message.ts';
import { dingTalkSignedUrl, feishuSignature } from './signing.ts';

// The documented limits: 4,096 bytes of WeCom markdown, 20,000 bytes of DingTalk or Feishu text.
const WECOM_MAX_BYTES = 4096;
const DINGTALK_MAX_BYTES = 20_000;
const FEISHU_MAX_BYTES = 20_000;

function checkErrorCode(provider: string, answer: ProviderAnswer, codeField: string, messageField: string): void {
  if (!answer.ok) throw httpFailure(provider, answer);
  const code = answer.json?.[codeField];
  if (code === undefined) throw new DeliveryError(`${provider} answered without ${codeField}: ${quote(answer.text) || '(empty body)'}`);
  if (code !== 0) throw new DeliveryError(`${provider} error ${String(code)}: ${String(answer.json?.[messageField] ?? '')}`.trim());
}

/** WeCom robots have no signature: the key in the webhook URL is the credential. */
async function sendWeCom(settings: RobotSettings, message: OutgoingMessage): Promise<void> {
  const content = clipBytes(markdown(message, '\n'), WECOM_MAX_BYTES);
  const answer = await request('WeCom', settings.url, { method: 'POST', json: { msgtype: 'markdown', markdown: { content } } });
  checkErrorCode('WeCom', answer, 'errcode', 'errmsg');
}

async function sendDingTalk(settings: RobotSettings, secret: string | null, message: OutgoingMessage, now: Date): Promise<void> {
  const url = secret ? dingTalkSignedUrl(settings.url, secret, now.getTime()) : settings.url;
  // DingTalk's markdown folds single newlines, so lines are separated by blank ones.
  const text = clipBytes(markdown(message, '\n\n'), DINGTALK_MAX_BYTES);
  const answer = await request('DingTalk', url, { method: 'POST', json: { msgtype: 'markdown', markdown: { title: message.title, text } } });
  checkErrorCode('DingTalk', answer, 'errcode', 'errmsg');
}

/** A Feishu rich-text ("post") message: the title, a paragraph per line, and the link. */
function feishuPost(message: OutgoingMessage) {
  const paragraphs: Record<string, string>[][] = message.body.split('\n').map((line) => [{ tag: 'text', text: line }]);
  if (message.url) paragraphs.push([{ tag: 'a', text: linkLabel(message.language), href: message.url }]);
  const language = message.language === 'en' ? 'en_us' : 'zh_cn';
  return { post: { [language]: { title: message.title, content: paragraphs } } };
}

async function sendFeishu(settings: RobotSettings, secret: string | null, message: OutgoingMessage, now: Date): Promise<void> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = secret ? { timestamp: String(timestamp), sign: feishuSignature(secret, timestamp) } : {};
  const content = feishuPost({ ...message, body: clipBytes(message.body, FEISHU_MAX_BYTES) });
  const answer = await request('Feishu', settings.url, { method: 'POST', json: { ...signature, msg_type: 'post', content } });
  if (!answer.ok) throw httpFailure('Feishu', answer);
  // Feishu answers {code, msg}; its older robots answer {StatusCode, StatusMessage}.
  if (answer.json && answer.json.code === undefined && answer.json.StatusCode !== undefined) {
    checkErrorCode('Feishu', answer, 'StatusCode', 'StatusMessage');
  } else {
    checkErrorCode('Feishu', answer, 'code', 'msg');
  }
}

export async function sendToRobot(kind: RobotKind, settings: RobotSettings, secret: string | null, message: OutgoingMessage, now: Date): Promise<void> {
  switch (kind) {
    case 'wecom':
      return sendWeCom(settings, message);
    case 'dingtalk':
      return sendDingTalk(settings, secret, message, now);
    case 'feishu':
      return sendFeishu(settings, secret, message, now);
  }
}
