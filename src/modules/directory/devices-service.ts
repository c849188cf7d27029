/** Device use cases: staff read and scan them; admins and dispatchers keep them up to date. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { DESK_WRITERS, requireRole, requireStaff } from './access.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { translateDatabaseError } from './db-errors.ts';
import * as store from './devices-store.ts';
import { newQrCodeValue } from './qr-codes.ts';
import { requireCustomerOfTenant } from './references.ts';

export interface DeviceInput {
  serial: string;
  model: string;
  customerId?: string | null;
  site?: string | null;
  address?: string | null;
  location?: { lat: number; lng: number } | null;
  installedAt?: string | null;
  qrCode?: string;
}

const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

function toFields(input: Partial<DeviceInput>): Partial<store.DeviceFields> {
  const fields: Partial<store.DeviceFields> = {
    serial: input.serial?.trim(), model: input.model?.trim(), customerId: input.customerId, site: text(input.site),
    address: text(input.address), location: input.location, installedAt: input.installedAt, qrCode: input.qrCode?.trim(),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Serial numbers and QR values identify a device when scanned, so a value names one device
 * only, as either. A device's own QR code may repeat its own serial (labels often encode it).
 */
async function requireUnique(db: Db, tenantId: string, fields: Partial<store.DeviceFields>, exceptId?: string): Promise<void> {
  if (fields.serial !== undefined && await store.deviceCodeTaken(db, tenantId, fields.serial, exceptId)) {
    throw deviceCodeTaken(fields.serial, 'serial');
  }
  if (fields.qrCode !== undefined && await store.deviceCodeTaken(db, tenantId, fields.qrCode, exceptId)) {
    throw deviceCodeTaken(fields.qrCode, 'qrCode');
  }
}

/** The answer when another device already has this value as its serial or QR value. */
export function deviceCodeTaken(value: string, field: 'serial' | 'qrCode'): AppError {
  return field === 'serial'
    ? new AppError('already_exists', `Another device already has ${value} as its serial number or QR code value.`, { field })
    : new AppError('already_exists', `Another device already has ${value} as its QR code value or serial number.`, { field });
}

async function unusedQrCode(db: Db, tenantId: string): Promise<string> {
  // 50 random bits make a clash all but impossible; looking first keeps the transaction clean if one happens.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newQrCodeValue();
    if (!(await store.deviceCodeTaken(db, tenantId, code))) return code;
  }
  throw new Error('Could not find an unused QR code value in 5 attempts.');
}

/**
 * Adds a device in the caller's transaction, with the checks the route makes after its schema
 * (its customer, its serial and QR value unused); its id. A QR value is generated when none is given.
 */
export async function insertCheckedDevice(db: Db, tenantId: string, input: DeviceInput, now: Date): Promise<string> {
  const fields = toFields(input);
  await requireCustomerOfTenant(db, tenantId, input.customerId, 'customerId');
  await requireUnique(db, tenantId, fields);
  const id = uuidv7(now.getTime());
  await store.insertDevice(db, tenantId, id, {
    serial: fields.serial!, model: fields.model!, customerId: null, site: null, address: null, location: null, installedAt: null,
    ...fields, qrCode: fields.qrCode ?? await unusedQrCode(db, tenantId),
  }, now);
  return id;
}

/** Changes a device in the caller's transaction; 404 when the tenant has no such device. */
export async function applyDeviceChanges(db: Db, tenantId: string, id: string, input: Partial<DeviceInput>, now: Date): Promise<void> {
  const fields = toFields(input);
  if (!(await store.getDevice(db, tenantId, id))) throw notFound('Device', id);
  await requireCustomerOfTenant(db, tenantId, input.customerId, 'customerId');
  await requireUnique(db, tenantId, fields, id);
  await store.updateDevice(db, tenantId, id, fields, now);
}

export function createDeviceService(ctx: Ctx) {
  async function list(actor: Actor, query: { q?: string; customerId?: string; code?: string; limit: number; cursor?: string }) {
    requireStaff(actor, 'the device list');
    const rows = await store.listDevices(ctx.db, actor.tenantId, {
      q: query.q, customerId: query.customerId, code: query.code?.trim(), after: decodeCursor(query.cursor), limit: query.limit + 1,
    });
    return toPage(rows, query.limit);
  }

  async function get(actor: Actor, id: string): Promise<store.DeviceDetail> {
    requireStaff(actor, 'devices');
    const device = await store.getDeviceDetail(ctx.db, actor.tenantId, id);
    if (!device) throw notFound('Device', id);
    return device;
  }

  async function create(actor: Actor, input: DeviceInput): Promise<store.DeviceDetail> {
    requireRole(actor, DESK_WRITERS, 'add devices');
    const { tenantId } = actor;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const id = await insertCheckedDevice(trx, tenantId, input, now);
      return (await store.getDeviceDetail(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  async function update(actor: Actor, id: string, input: Partial<DeviceInput>): Promise<store.DeviceDetail> {
    requireRole(actor, DESK_WRITERS, 'change devices');
    const { tenantId } = actor;
    return ctx.db.transaction().execute(async (trx) => {
      await applyDeviceChanges(trx, tenantId, id, input, ctx.clock.now());
      return (await store.getDeviceDetail(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  /** A device that tickets name stays: their foreign key refuses, and we answer 422. */
  async function remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, DESK_WRITERS, 'delete devices');
    const { tenantId } = actor;
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await store.getDevice(trx, tenantId, id))) throw notFound('Device', id);
      await store.deleteDevice(trx, tenantId, id);
    }).catch((error) => translateDatabaseError(error, 'device'));
  }

  return { list, get, create, update, remove };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
