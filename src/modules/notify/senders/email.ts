/** Email through the tenant's SMTP server, with nodemailer. */
import nodemailer from 'nodemailer';
import type { EmailSettings } from '../channel-config.ts';
import { DeliveryError, SEND_TIMEOUT_MS } from './http.ts';
import { plainText, type OutgoingMessage } from './message.ts';

/** The domain of the From address, for a Message-ID that is ours. */
function domainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.split('@').pop()?.trim() || 'loopdesk.invalid';
}

export async function sendEmail(settings: EmailSettings, password: string | null, message: OutgoingMessage): Promise<void> {
  if (!message.to) throw new DeliveryError('An email needs the recipient\'s address; this person has none.', { permanent: true });
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: password ?? '' } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: message.to,
      subject: message.title,
      text: plainText(message),
      // The same id on every retry: a mail system that has seen it can drop the repeat.
      messageId: `<${message.idempotencyKey}@${domainOf(settings.from)}>`,
      headers: { 'X-Loopdesk-Delivery': message.idempotencyKey, 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`The mail server ${settings.host}:${settings.port} did not take the message: ${reason}`);
  } finally {
    transport.close();
  }
}
