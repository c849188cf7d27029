/**
 * The notify.deliver job: one message to one channel, sent by the runner after the commit that
 * scheduled it. A failed send throws, so the runner retries it with backoff and, after
 * DELIVERY_MAX_ATTEMPTS, leaves it dead with the provider's error for an admin to see and retry.
 */
import { DeadLetterError, type JobHandler } from '../../platform/runner/index.ts';
import { CHANNEL_KINDS, type ChannelKind } from './channel-config.ts';
import { DeliveryError, sendThroughChannel } from './senders/index.ts';
import { getChannel } from './store.ts';
import { LANGUAGES, type Language } from './templates.ts';

export const NOTIFY_DELIVER = 'notify.deliver';
/** About two and a half minutes of retries (5 s doubling) before a delivery is dead. */
export const DELIVERY_MAX_ATTEMPTS = 5;

/** Payload version 1. Rendered when scheduled, so a template edit never changes what was decided. */
export interface DeliveryPayload {
  channelId: string;
  kind: ChannelKind;
  /** Email address or phone number; null for a group robot. */
  to: string | null;
  language: Language;
  title: string;
  body: string;
  url: string | null;
  template: string;
  notificationId: string | null;
  ticketId: string | null;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

export function parseDeliveryPayload(payload: Record<string, unknown>): DeliveryPayload {
  const { channelId, kind, to, language, title, body, url, template, notificationId, ticketId } = payload;
  const wellFormed = isText(channelId) && isText(kind) && (CHANNEL_KINDS as readonly string[]).includes(kind)
    && isTextOrNull(to) && isText(language) && (LANGUAGES as readonly string[]).includes(language)
    && isText(title) && isText(body) && isTextOrNull(url ?? null) && isText(template)
    && isTextOrNull(notificationId ?? null) && isTextOrNull(ticketId ?? null);
  if (!wellFormed) throw new DeadLetterError('The delivery payload is malformed; retrying cannot help.');
  return {
    channelId, kind: kind as ChannelKind, to, language: language as Language, title, body, url: (url ?? null) as string | null,
    template, notificationId: (notificationId ?? null) as string | null, ticketId: (ticketId ?? null) as string | null,
  };
}

export const deliverHandler: JobHandler = async (ctx, job) => {
  if (job.payloadVersion !== 1) {
    throw new DeadLetterError(`notify.deliver payload version ${job.payloadVersion} is unknown to this version of Loopdesk.`);
  }
  const payload = parseDeliveryPayload(job.payload);
  const channel = await getChannel(ctx.db, job.tenantId, payload.channelId);
  // An admin who removes or switches off a channel stops what it still had to send.
  if (!channel || !channel.active) {
    ctx.log.info({ channel: payload.channelId, removed: !channel }, 'delivery dropped: its channel was removed or switched off');
    return;
  }
  try {
    await sendThroughChannel(channel, {
      to: payload.to, language: payload.language, title: payload.title, body: payload.body, url: payload.url,
      // The same on every attempt, so a receiver that keeps it can drop a repeat.
      idempotencyKey: job.id,
    }, ctx.clock.now());
  } catch (error) {
    if (error instanceof DeliveryError && error.permanent) throw new DeadLetterError(error.message);
    throw error;
  }
  ctx.log.debug({ channel: channel.id, kind: channel.kind, notification: payload.notificationId }, 'notification delivered');
};
