/** The tenant's notification channels, set up by an admin: add, change, remove, try. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { getUser } from '../directory/index.ts';
import {
  KIND_NAMES, PERSONAL_KINDS, parseChannelConfig, parseTemplates, toChannelView,
  type Channel, type ChannelKind, type ChannelView,
} from './channel-config.ts';
import { DeliveryError, sendThroughChannel } from './senders/index.ts';
import { normalizePhone } from './senders/sms-aliyun.ts';
import { deleteChannel, findOtherActiveChannel, getChannel, insertChannel, listChannels, updateChannel } from './store.ts';
import { DEFAULT_LANGUAGE, languageOf, renderTestMessage } from './templates.ts';

export interface CreateChannelBody {
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  templates?: string[];
  active?: boolean;
}
export type UpdateChannelBody = Partial<Omit<CreateChannelBody, 'kind'>>;

export type TestResult = { sent: true; to: string | null } | { sent: false; error: string };

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may configure notification channels.');
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('invalid_input', 'name must not be empty.', { field: 'name' });
  return trimmed;
}

/** A person's email and SMS go through one channel of each kind; a second active one would be ambiguous. */
async function ensureOnlyActive(db: Db, tenantId: string, kind: ChannelKind, exceptId: string | null): Promise<void> {
  if (!(PERSONAL_KINDS as readonly string[]).includes(kind)) return;
  const other = await findOtherActiveChannel(db, tenantId, kind, exceptId);
  if (other) {
    throw new AppError('already_exists', `The tenant has an active ${KIND_NAMES[kind]} channel already; switch it off first.`, { channelId: other });
  }
}

export function createChannelService(ctx: Ctx) {
  async function load(actor: Actor, id: string, db: Db = ctx.db, lock = false): Promise<Channel> {
    requireAdmin(actor);
    const channel = await getChannel(db, actor.tenantId, id, { lock });
    if (!channel) throw notFound('Notification channel', id);
    return channel;
  }

  /** The address a test goes to: the one given, else the admin's own. */
  async function testRecipient(actor: Actor, channel: Channel, to: string | undefined): Promise<string | null> {
    if (channel.kind === 'email') {
      const address = to?.trim() || actor.email;
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new AppError('invalid_input', 'to must be an email address.', { field: 'to' });
      return address;
    }
    if (channel.kind === 'sms') {
      const phone = to?.trim() || (await getUser(ctx.db, actor.tenantId, actor.userId))?.phone;
      if (!phone) throw new AppError('invalid_input', 'Give "to": you have no phone number on file.', { field: 'to' });
      if (!normalizePhone(phone)) throw new AppError('invalid_input', `"${phone}" is not a phone number an SMS can go to.`, { field: 'to' });
      return phone;
    }
    return null;
  }

  return {
    async list(actor: Actor): Promise<ChannelView[]> {
      requireAdmin(actor);
      return (await listChannels(ctx.db, actor.tenantId)).map(toChannelView);
    },

    async get(actor: Actor, id: string): Promise<ChannelView> {
      return toChannelView(await load(actor, id));
    },

    async create(actor: Actor, body: CreateChannelBody): Promise<ChannelView> {
      requireAdmin(actor);
      const { settings, secret } = parseChannelConfig(body.kind, body.config);
      const now = ctx.clock.now();
      const channel: Channel = {
        id: uuidv7(now.getTime()), kind: body.kind, name: cleanName(body.name), settings, secret,
        templates: parseTemplates(body.kind, body.templates), active: body.active ?? true, createdAt: now, updatedAt: now,
      };
      await ctx.db.transaction().execute(async (trx) => {
        if (channel.active) await ensureOnlyActive(trx, actor.tenantId, channel.kind, null);
        await insertChannel(trx, actor.tenantId, channel);
      });
      ctx.log.info({ channel: channel.id, kind: channel.kind, by: actor.userId }, 'notification channel added');
      return toChannelView(channel);
    },

    async update(actor: Actor, id: string, body: UpdateChannelBody): Promise<ChannelView> {
      requireAdmin(actor);
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const channel = await load(actor, id, trx, true);
        const next: Channel = { ...channel, updatedAt: ctx.clock.now() };
        if (body.name !== undefined) next.name = cleanName(body.name);
        if (body.config !== undefined) {
          // Settings left out keep their value, and so does the secret: an edit need not retype the password.
          Object.assign(next, parseChannelConfig(channel.kind, { ...channel.settings, ...body.config }, channel.secret));
        }
        if (body.templates !== undefined) next.templates = parseTemplates(channel.kind, body.templates);
        if (body.active !== undefined) next.active = body.active;
        if (next.active && !channel.active) await ensureOnlyActive(trx, actor.tenantId, channel.kind, channel.id);
        await updateChannel(trx, actor.tenantId, next);
        return next;
      });
      ctx.log.info({ channel: id, kind: updated.kind, by: actor.userId }, 'notification channel changed');
      return toChannelView(updated);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      if (!(await deleteChannel(ctx.db, actor.tenantId, id))) throw notFound('Notification channel', id);
      ctx.log.info({ channel: id, by: actor.userId }, 'notification channel removed');
    },

    /** Sends a test message now, outside any transaction; a provider's refusal comes back as the result. */
    async test(actor: Actor, id: string, to: string | undefined): Promise<TestResult> {
      const channel = await load(actor, id);
      const recipient = await testRecipient(actor, channel, to);
      const user = recipient !== null ? await getUser(ctx.db, actor.tenantId, actor.userId) : undefined;
      const language = user ? languageOf(user.locale) : DEFAULT_LANGUAGE;
      try {
        await sendThroughChannel(channel, {
          to: recipient, language, ...renderTestMessage(language), url: null, idempotencyKey: uuidv7(),
        }, ctx.clock.now());
      } catch (error) {
        if (error instanceof DeliveryError) return { sent: false, error: error.message };
        throw error;
      }
      return { sent: true, to: recipient };
    },
  };
}
export type ChannelService = ReturnType<typeof createChannelService>;
