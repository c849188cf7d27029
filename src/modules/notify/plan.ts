/**
 * The decisions of one notify() call, without I/O: what each recipient's inbox shows, which
 * channels carry it outside the app, and when. Pure.
 *
 * - In-app: always, at once.
 * - Email: to the person's address when the tenant has an active email channel and the person
 *   has not switched email off (on by default).
 * - SMS: to the person's phone when the tenant has an active SMS channel, for every notification
 *   if the person switched SMS on, and for urgent ones (P1 escalations) always.
 * - Quiet hours hold a person's email and SMS until the window ends, unless the notification is
 *   urgent. In-app is never held.
 * - Group robots: one post per notification event and robot that subscribes to its template,
 *   at once, in the tenant's default language.
 */
import type { ChannelKind } from './channel-config.ts';
import { endOfQuietHours, type QuietHours } from './quiet-hours.ts';
import { DEFAULT_LANGUAGE, languageOf, renderTemplate, type Language, type TemplateKey } from './templates.ts';

export interface Preferences {
  email: boolean;
  /** true: every notification by SMS too; false: only urgent ones. */
  sms: boolean;
  quietHours: QuietHours | null;
}

/** A person who has never saved preferences. */
export const DEFAULT_PREFERENCES: Preferences = { email: true, sms: false, quietHours: null };

export interface Recipient {
  userId: string;
  email: string | null;
  phone: string | null;
  locale: string;
  preferences: Preferences | null;
}

/** An active channel of the tenant. */
export interface ChannelRoute {
  id: string;
  kind: ChannelKind;
  templates: readonly string[];
}

export interface PlanInput {
  template: TemplateKey;
  data: Record<string, unknown>;
  urgent: boolean;
  now: Date;
  timeZone: string;
  recipients: readonly Recipient[];
  channels: readonly ChannelRoute[];
}

export interface PlannedNotification {
  userId: string;
  language: Language;
  title: string;
  body: string;
}

export interface PlannedDelivery {
  channelId: string;
  kind: ChannelKind;
  /** The recipient, for email and SMS; null for a group robot. */
  userId: string | null;
  /** The email address or phone number; null for a group robot (its address is its URL). */
  to: string | null;
  language: Language;
  title: string;
  body: string;
  runAt: Date;
}

export interface NotificationPlan {
  notifications: PlannedNotification[];
  deliveries: PlannedDelivery[];
}

export function planNotification(input: PlanInput): NotificationPlan {
  const emailChannel = input.channels.find((channel) => channel.kind === 'email');
  const smsChannel = input.channels.find((channel) => channel.kind === 'sms');
  const rendered = new Map<Language, { title: string; body: string }>();
  const render = (language: Language) => {
    let message = rendered.get(language);
    if (!message) {
      message = renderTemplate(input.template, language, input.data, input.timeZone);
      rendered.set(language, message);
    }
    return message;
  };

  const notifications: PlannedNotification[] = [];
  const deliveries: PlannedDelivery[] = [];
  for (const recipient of input.recipients) {
    const language = languageOf(recipient.locale);
    const message = render(language);
    notifications.push({ userId: recipient.userId, language, ...message });

    const preferences = recipient.preferences ?? DEFAULT_PREFERENCES;
    const runAt = input.urgent ? input.now : endOfQuietHours(input.now, preferences.quietHours, input.timeZone);
    const personal = (channel: ChannelRoute, to: string) =>
      deliveries.push({ channelId: channel.id, kind: channel.kind, userId: recipient.userId, to, language, ...message, runAt });
    if (emailChannel && recipient.email && preferences.email) personal(emailChannel, recipient.email);
    if (smsChannel && recipient.phone && (preferences.sms || input.urgent)) personal(smsChannel, recipient.phone);
  }

  for (const robot of input.channels) {
    if (robot.kind === 'email' || robot.kind === 'sms' || !robot.templates.includes(input.template)) continue;
    deliveries.push({
      channelId: robot.id, kind: robot.kind, userId: null, to: null, language: DEFAULT_LANGUAGE,
      ...render(DEFAULT_LANGUAGE), runAt: input.now,
    });
  }
  return { notifications, deliveries };
}
