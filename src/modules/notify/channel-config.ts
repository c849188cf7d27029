/**
 * The channels an admin configures, and the check of their settings per kind. Each kind has at
 * most one secret (the SMTP password, a robot's signing secret, the SMS AccessKey secret): it is
 * kept apart from the settings so that no view can show it by mistake. Pure.
 */
import { AppError } from '../../platform/errors.ts';
import { isTemplateKey, type TemplateKey } from './templates.ts';

export const CHANNEL_KINDS = ['email', 'sms', 'wecom', 'dingtalk', 'feishu'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** Kinds that reach one person at their address; the tenant has at most one active of each. */
export const PERSONAL_KINDS = ['email', 'sms'] as const satisfies readonly ChannelKind[];
/** Group robots: one post per event to a group chat, for the templates they subscribe to. */
export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const satisfies readonly ChannelKind[];
export type RobotKind = (typeof ROBOT_KINDS)[number];
export const isRobotKind = (kind: ChannelKind): kind is RobotKind => (ROBOT_KINDS as readonly string[]).includes(kind);

export const KIND_NAMES: Record<ChannelKind, string> = {
  email: 'email', sms: 'SMS', wecom: 'WeCom robot', dingtalk: 'DingTalk robot', feishu: 'Feishu robot',
};

export interface EmailSettings { host: string; port: number; secure: boolean; user: string | null; from: string }
export interface SmsSettings {
  provider: 'aliyun'; endpoint: string; accessKeyId: string; signName: string; templateCode: string; regionId: string;
}
export interface RobotSettings { url: string }
export type ChannelSettings = EmailSettings | SmsSettings | RobotSettings;

/** A channel as stored, secret included: for the sender only. */
export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  settings: ChannelSettings;
  secret: string | null;
  templates: TemplateKey[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The config field that carries each kind's secret; WeCom robots have none (the key is in the URL). */
export const SECRET_FIELD: Record<ChannelKind, string | null> = {
  email: 'pass', sms: 'accessKeySecret', wecom: null, dingtalk: 'secret', feishu: 'secret',
};

const DEFAULT_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

const invalid = (field: string, message: string) => new AppError('invalid_input', message, { field });

type Config = Record<string, unknown>;

function string(config: Config, name: string, options: { required: boolean; max?: number }): string | undefined {
  const value = config[name];
  if (value === undefined || value === null || value === '') {
    if (options.required) throw invalid(`config.${name}`, `config.${name} is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) throw invalid(`config.${name}`, `config.${name} must be text.`);
  if (value.length > (options.max ?? 500)) throw invalid(`config.${name}`, `config.${name} is longer than ${options.max ?? 500} characters.`);
  return value.trim();
}

function webUrl(config: Config, name: string, fallback?: string): string {
  const value = string(config, name, { required: fallback === undefined, max: 2000 }) ?? fallback!;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(`config.${name}`, `config.${name} must be an http or https URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid(`config.${name}`, `config.${name} must be an http or https URL, not ${parsed.protocol.replace(':', '')}.`);
  }
  return value;
}

function rejectUnknownFields(kind: ChannelKind, config: Config, known: readonly string[]): void {
  const unknown = Object.keys(config).find((name) => !known.includes(name));
  if (unknown) throw invalid(`config.${unknown}`, `config.${unknown} is not a setting of a ${KIND_NAMES[kind]} channel.`);
}

const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function emailSettings(config: Config): EmailSettings {
  rejectUnknownFields('email', config, ['host', 'port', 'secure', 'user', 'pass', 'from']);
  const host = string(config, 'host', { required: true, max: 253 })!;
  if (config.secure !== undefined && typeof config.secure !== 'boolean') throw invalid('config.secure', 'config.secure must be true or false.');
  const port = config.port ?? (config.secure === true ? 465 : 587);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid('config.port', 'config.port must be a whole number from 1 to 65535.');
  }
  const from = string(config, 'from', { required: true, max: 320 })!;
  // "Loopdesk <noreply@example.com>" or a bare address.
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!EMAIL_ADDRESS.test(address.trim())) throw invalid('config.from', 'config.from must be an email address, optionally as "Name <address>".');
  return { host, port, secure: (config.secure as boolean | undefined) ?? port === 465, user: string(config, 'user', { required: false, max: 320 }) ?? null, from };
}

function smsSettings(config: Config): SmsSettings {
  rejectUnknownFields('sms', config, ['provider', 'endpoint', 'accessKeyId', 'accessKeySecret', 'signName', 'templateCode', 'regionId']);
  if (config.provider !== undefined && config.provider !== 'aliyun') {
    throw invalid('config.provider', 'config.provider must be "aliyun", the SMS provider this version supports.');
  }
  return {
    provider: 'aliyun',
    endpoint: webUrl(config, 'endpoint', DEFAULT_SMS_ENDPOINT),
    accessKeyId: string(config, 'accessKeyId', { required: true, max: 200 })!,
    signName: string(config, 'signName', { required: true, max: 100 })!,
    templateCode: string(config, 'templateCode', { required: true, max: 100 })!,
    regionId: string(config, 'regionId', { required: false, max: 50 }) ?? 'cn-hangzhou',
  };
}

function robotSettings(kind: RobotKind, config: Config): RobotSettings {
  rejectUnknownFields(kind, config, SECRET_FIELD[kind] ? ['url', SECRET_FIELD[kind]] : ['url']);
  return { url: webUrl(config, 'url') };
}

/**
 * Checks an admin's config for a kind and splits it into settings and secret. `storedSecret`
 * is kept when the config leaves the secret out (an edit that does not retype the password);
 * null clears it. Throws invalid_input naming the field.
 */
export function parseChannelConfig(kind: ChannelKind, config: Config, storedSecret: string | null = null): { settings: ChannelSettings; secret: string | null } {
  const settings = kind === 'email' ? emailSettings(config)
    : kind === 'sms' ? smsSettings(config)
      : robotSettings(kind, config);
  const field = SECRET_FIELD[kind];
  let secret: string | null = null;
  if (field) {
    const given = config[field];
    if (given === undefined) secret = storedSecret;
    else if (given === null || given === '') secret = null;
    else if (typeof given !== 'string' || given.length > 1000) throw invalid(`config.${field}`, `config.${field} must be text of at most 1000 characters.`);
    else secret = given;
  }
  if (kind === 'sms' && !secret) throw invalid('config.accessKeySecret', 'config.accessKeySecret is required.');
  if (kind === 'email' && secret && !(settings as EmailSettings).user) throw invalid('config.user', 'config.user is required with a password.');
  return { settings, secret };
}

/** Robots must say which templates they post; email and SMS follow each person's preferences instead. */
export function parseTemplates(kind: ChannelKind, templates: readonly string[] | undefined): TemplateKey[] {
  if (!isRobotKind(kind)) {
    if (templates?.length) throw invalid('templates', `templates apply to group robots only; ${KIND_NAMES[kind]} follows each person's preferences.`);
    return [];
  }
  if (!templates?.length) throw invalid('templates', `A ${KIND_NAMES[kind]} needs the templates it posts, e.g. ["sla.escalated", "dispatch.failed"].`);
  const unknown = templates.find((template) => !isTemplateKey(template));
  if (unknown) throw invalid('templates', `"${unknown}" is not a notification template.`);
  return [...new Set(templates)] as TemplateKey[];
}

/** What the API shows of a channel: everything but the secret, and whether one is set. */
export function toChannelView(channel: Channel) {
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    active: channel.active,
    templates: channel.templates,
    config: { ...channel.settings } as Record<string, unknown>,
    secretSet: channel.secret !== null && channel.secret !== '',
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}
export type ChannelView = ReturnType<typeof toChannelView>;
