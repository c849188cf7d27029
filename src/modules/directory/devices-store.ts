/** SQL for devices. */
import type { Db } from '../../platform/context.ts';
import { chunks } from './chunks.ts';

export interface Device {
  id: string;
  serial: string;
  model: string;
  customerId: string | null;
  site: string | null;
  location: { lat: number; lng: number; address?: string } | null;
  installedAt: string | null;
  qrCode: string;
}

/** A device as the directory's own routes show it: the address also stands alone, as it may lack coordinates. */
export interface DeviceDetail extends Device {
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeviceFields {
  serial: string;
  model: string;
  customerId: string | null;
  site: string | null;
  address: string | null;
  location: { lat: number; lng: number } | null;
  installedAt: string | null;
  qrCode: string;
}

function deviceQuery(db: Db, tenantId: string) {
  return db.selectFrom('devices').select(['id', 'serial', 'model', 'customer_id', 'site', 'address', 'lat', 'lng', 'installed_at', 'qr_code',
    'created_at', 'updated_at'])
    .where('tenant_id', '=', tenantId);
}

type DeviceRow = Awaited<ReturnType<ReturnType<typeof deviceQuery>['executeTakeFirstOrThrow']>>;

export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id, serial: row.serial, model: row.model, customerId: row.customer_id, site: row.site,
    location: row.lat !== null && row.lng !== null
      ? { lat: row.lat, lng: row.lng, ...(row.address ? { address: row.address } : {}) } : null,
    installedAt: row.installed_at ? row.installed_at.toISOString() : null,
    qrCode: row.qr_code,
  };
}

const toDeviceDetail = (row: DeviceRow): DeviceDetail => ({
  ...toDevice(row), address: row.address, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export async function getDevice(db: Db, tenantId: string, id: string): Promise<Device | undefined> {
  const row = await deviceQuery(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row && toDevice(row);
}

export async function getDeviceDetail(db: Db, tenantId: string, id: string): Promise<DeviceDetail | undefined> {
  const row = await deviceQuery(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row && toDeviceDetail(row);
}

/** The device whose serial or QR code value is one of the codes (first found). */
export async function findDeviceByCodes(db: Db, tenantId: string, codes: string[]): Promise<Device | undefined> {
  if (!codes.length) return undefined;
  const row = await deviceQuery(db, tenantId)
    .where((eb) => eb.or([eb('serial', 'in', codes), eb('qr_code', 'in', codes)]))
    .orderBy('id').limit(1).executeTakeFirst();
  return row && toDevice(row);
}

/** Devices in id order after the cursor's id; `code` matches a serial or QR value exactly (a scan). */
export async function listDevices(db: Db, tenantId: string, filter: {
  q?: string; customerId?: string; code?: string; after?: string; limit: number;
}): Promise<DeviceDetail[]> {
  let query = deviceQuery(db, tenantId).orderBy('id').limit(filter.limit);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.code) {
    const code = filter.code;
    query = query.where((eb) => eb.or([eb('serial', '=', code), eb('qr_code', '=', code)]));
  }
  if (filter.after) query = query.where('id', '>', filter.after);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('serial', 'ilike', like), eb('model', 'ilike', like), eb('site', 'ilike', like), eb('address', 'ilike', like)]));
  }
  return (await query.execute()).map(toDeviceDetail);
}

/** Whether another device has this value as its serial or its QR code value: a scan must find one device only. */
export async function deviceCodeTaken(db: Db, tenantId: string, value: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('devices').select('id').where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('serial', '=', value), eb('qr_code', '=', value)]));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.limit(1).executeTakeFirst());
}

export async function countDevicesOfCustomer(db: Db, tenantId: string, customerId: string): Promise<number> {
  const row = await db.selectFrom('devices').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertDevice(db: Db, tenantId: string, id: string, device: DeviceFields, now: Date): Promise<void> {
  await db.insertInto('devices').values({
    tenant_id: tenantId, id, serial: device.serial, model: device.model, customer_id: device.customerId, site: device.site,
    address: device.address, lat: device.location?.lat ?? null, lng: device.location?.lng ?? null,
    installed_at: device.installedAt, qr_code: device.qrCode, created_at: now, updated_at: now,
  }).execute();
}

export async function updateDevice(db: Db, tenantId: string, id: string, changes: Partial<DeviceFields>, now: Date): Promise<void> {
  await db.updateTable('devices').set({
    ...(changes.serial !== undefined && { serial: changes.serial }),
    ...(changes.model !== undefined && { model: changes.model }),
    ...(changes.customerId !== undefined && { customer_id: changes.customerId }),
    ...(changes.site !== undefined && { site: changes.site }),
    ...(changes.address !== undefined && { address: changes.address }),
    ...(changes.location !== undefined && { lat: changes.location?.lat ?? null, lng: changes.location?.lng ?? null }),
    ...(changes.installedAt !== undefined && { installed_at: changes.installedAt }),
    ...(changes.qrCode !== undefined && { qr_code: changes.qrCode }),
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteDevice(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('devices').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Devices whose serial or QR code value is one of these codes: who holds which code, for many rows at once. */
export async function devicesHoldingCodes(db: Db, tenantId: string, codes: readonly string[]): Promise<{ id: string; serial: string; qrCode: string }[]> {
  const found: { id: string; serial: string; qrCode: string }[] = [];
  for (const chunk of chunks([...new Set(codes)])) {
    const rows = await db.selectFrom('devices').select(['id', 'serial', 'qr_code']).where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('serial', 'in', chunk), eb('qr_code', 'in', chunk)])).execute();
    for (const row of rows) found.push({ id: row.id, serial: row.serial, qrCode: row.qr_code });
  }
  return found;
}
