/** One entry for every channel kind: send a rendered message through a configured channel. */
import { isRobotKind, type Channel, type EmailSettings, type RobotSettings, type SmsSettings } from '../channel-config.ts';
import { sendEmail } from './email.ts';
import type { OutgoingMessage } from './message.ts';
import { sendToRobot } from './robots.ts';
import { sendAliyunSms } from './sms-aliyun.ts';

export { DeliveryError } from './http.ts';
export type { OutgoingMessage } from './message.ts';

/** Sends now; throws DeliveryError with the provider's words when the send fails. */
export async function sendThroughChannel(channel: Channel, message: OutgoingMessage, now: Date): Promise<void> {
  if (channel.kind === 'email') return sendEmail(channel.settings as EmailSettings, channel.secret, message);
  // The SMS provider adapter: Alibaba Cloud is the one this version has (settings.provider).
  if (channel.kind === 'sms') return sendAliyunSms(channel.settings as SmsSettings, channel.secret, message, now);
  if (isRobotKind(channel.kind)) return sendToRobot(channel.kind, channel.settings as RobotSettings, channel.secret, message, now);
  throw new Error(`Unknown channel kind "${String(channel.kind)}".`);
}
