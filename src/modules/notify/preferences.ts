/** A person's own notification preferences: which channels besides in-app, and quiet hours. */
import type { Ctx } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { DEFAULT_PREFERENCES, type Preferences } from './plan.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { listActiveChannelRoutes, loadPreferences, savePreferences } from './store.ts';
import { formatMinuteOfDay } from './zoned-time.ts';

export interface PreferencesBody {
  channels: { email: boolean; sms: boolean };
  quietHours: { start: string; end: string } | null;
}

async function view(ctx: Ctx, actor: Actor, preferences: Preferences) {
  const channels = await listActiveChannelRoutes(ctx.db, actor.tenantId);
  return {
    channels: { email: preferences.email, sms: preferences.sms },
    quietHours: preferences.quietHours
      ? { start: formatMinuteOfDay(preferences.quietHours.startMinute), end: formatMinuteOfDay(preferences.quietHours.endMinute) }
      : null,
    // Whether the tenant's admin has set the channel up: without it the switch changes nothing yet.
    available: { email: channels.some((channel) => channel.kind === 'email'), sms: channels.some((channel) => channel.kind === 'sms') },
  };
}

export function createPreferencesService(ctx: Ctx) {
  return {
    async get(actor: Actor) {
      const saved = await loadPreferences(ctx.db, actor.tenantId, [actor.userId]);
      return view(ctx, actor, saved.get(actor.userId) ?? DEFAULT_PREFERENCES);
    },

    async save(actor: Actor, body: PreferencesBody) {
      const preferences: Preferences = { email: body.channels.email, sms: body.channels.sms, quietHours: parseQuietHours(body.quietHours) };
      await savePreferences(ctx.db, actor.tenantId, actor.userId, preferences, ctx.clock.now());
      return view(ctx, actor, preferences);
    },
  };
}
export type PreferencesService = ReturnType<typeof createPreferencesService>;
