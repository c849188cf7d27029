/** SQL for devices. */
import type { Db } from '../../platform/context.ts';

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

function deviceQuery(db: Db, tenantId: string) {
  return db.selectFrom('devices').select(['id', 'serial', 'model', 'customer_id', 'site', 'address', 'lat', 'lng', 'installed_at', 'qr_code'])
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

export async function getDevice(db: Db, tenantId: string, id: string): Promise<Device | undefined> {
  const row = await deviceQuery(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row && toDevice(row);
}

/** The device whose serial or QR code value is one of the codes (first found). */
export async function findDeviceByCodes(db: Db, tenantId: string, codes: string[]): Promise<Device | undefined> {
  if (!codes.length) return undefined;
  const row = await deviceQuery(db, tenantId)
    .where((eb) => eb.or([eb('serial', 'in', codes), eb('qr_code', 'in', codes)]))
    .orderBy('id').limit(1).executeTakeFirst();
  return row && toDevice(row);
}
