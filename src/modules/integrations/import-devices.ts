/**
 * Devices from a spreadsheet: the fields of POST /api/v1/devices, the customer by its name,
 * the position as two columns. A device is matched to an existing one by its serial number,
 * and a serial or QR value must name one device only, in the tenant and in the file.
 */
import type { Db } from '../../platform/context.ts';
import {
  createDeviceIn, customersNamed, deviceCodeTaken, devicesHoldingCodes, existingCustomerIds, getTenant, updateDeviceIn, type DeviceInput,
} from '../directory/index.ts';
import {
  copyText, isUuid, requireOneWayToName, resolveByName, text, textsOf, type BuiltInput, type DirectoryImport, type Fail,
} from './import-directory.ts';

interface DeviceRefs {
  customersNamed: Map<string, string[]>;
  customerIds: Set<string>;
  /** The tenant's devices holding a serial or QR value the file has. */
  holders: Map<string, { id: string; serial: string }[]>;
  /** Serials and QR values of the file's rows so far: the row that has each first, and as what. */
  fileCodes: Map<string, { rowNo: number; as: 'serial' | 'qrCode' }>;
  timeZone: string;
}

const TEXT_FIELDS = ['serial', 'model', 'site', 'address', 'qrCode'] as const;

/** A number from a cell: numbers as they are, numeric text parsed; anything else left for the schema to refuse. */
function coordinate(value: unknown): unknown {
  const plain = text(value);
  return typeof plain === 'string' && plain !== '' && Number.isFinite(Number(plain)) ? Number(plain) : plain;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * A date as a sheet holds it (2024-05-01, 2024/5/1, with or without a time and no zone) is a
 * wall-clock time in the tenant's zone: the route wants an instant. Anything else is left for
 * the schema to judge (an ISO instant passes, a word does not).
 */
export function wallClockToInstant(value: unknown, timeZone: string): unknown {
  const plain = text(value);
  if (typeof plain !== 'string') return plain;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(plain);
  if (!match) return plain;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day) return plain;
  // The offset at the guessed instant, then at the corrected one: right across a daylight-saving change.
  const first = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(first, timeZone)).toISOString();
}

function buildCustomer(mapped: Record<string, unknown>, refs: DeviceRefs, built: BuiltInput, fail: Fail) {
  if (mapped.customer !== undefined) {
    const { id, problem } = resolveByName(refs.customersNamed, String(text(mapped.customer)), 'customer', 'customerId');
    if (problem) fail('customer', problem);
    else built.input.customerId = id;
    built.sources.set('customerId', 'customer');
  }
  if (mapped.customerId !== undefined) {
    const id = text(mapped.customerId);
    if (isUuid(id) && !refs.customerIds.has(id)) fail('customerId', 'customerId names no customer of this tenant.');
    built.input.customerId = id;
  }
}

function buildLocation(mapped: Record<string, unknown>, built: BuiltInput, fail: Fail) {
  if (mapped.lat === undefined && mapped.lng === undefined) return;
  if (mapped.lat === undefined || mapped.lng === undefined) {
    fail(mapped.lat === undefined ? 'lat' : 'lng', 'a position needs both lat and lng');
    return;
  }
  built.input.location = { lat: coordinate(mapped.lat), lng: coordinate(mapped.lng) };
  built.sources.set('location/lat', 'lat').set('location/lng', 'lng').set('location', 'lat');
}

export const deviceImport: DirectoryImport<DeviceRefs> = {
  targets: { names: [...TEXT_FIELDS, 'customer', 'customerId', 'lat', 'lng', 'installedAt'] },
  roles: ['admin', 'dispatcher'],
  noun: 'device',
  keyTarget: 'serial',
  kinds: { create: 'newDevice', update: 'deviceChanges' },
  checkRules: (rules) => requireOneWayToName(rules, 'customer', 'customerId'),

  async load(db: Db, tenantId: string, mapped: Record<string, unknown>[]) {
    const holders = new Map<string, { id: string; serial: string }[]>();
    for (const device of await devicesHoldingCodes(db, tenantId, [...textsOf(mapped, 'serial'), ...textsOf(mapped, 'qrCode')])) {
      for (const code of new Set([device.serial, device.qrCode])) holders.set(code, [...(holders.get(code) ?? []), { id: device.id, serial: device.serial }]);
    }
    return {
      customersNamed: await customersNamed(db, tenantId, textsOf(mapped, 'customer')),
      customerIds: await existingCustomerIds(db, tenantId, textsOf(mapped, 'customerId').filter(isUuid)),
      holders,
      fileCodes: new Map(),
      timeZone: (await getTenant(db, tenantId)).timezone,
    };
  },

  build(mapped, refs, fail) {
    const built: BuiltInput = { input: {}, sources: new Map() };
    copyText(mapped, built.input, TEXT_FIELDS);
    buildCustomer(mapped, refs, built, fail);
    buildLocation(mapped, built, fail);
    if (mapped.installedAt !== undefined) built.input.installedAt = wallClockToInstant(mapped.installedAt, refs.timeZone);
    return built;
  },

  key: (input) => (typeof input.serial === 'string' && input.serial ? input.serial : undefined),
  existing: (key, refs) => (refs.holders.get(key) ?? []).filter((device) => device.serial === key).map((device) => device.id),
  existsMessage: (input) => deviceCodeTaken(String(input.serial), 'serial').message,

  /**
   * Beyond the serial itself: the serial must not be another device's QR value, the QR value
   * must be no other device's serial or QR value (a label may repeat its own device's serial),
   * and the same goes between the rows of the file.
   */
  conflicts(input, existingId, rowNo, refs, fail) {
    const { serial, qrCode } = input;
    if (typeof serial === 'string' && serial) {
      const earlier = refs.fileCodes.get(serial);
      if ((refs.holders.get(serial) ?? []).some((device) => device.serial !== serial && device.id !== existingId)) {
        fail('serial', deviceCodeTaken(serial, 'serial').message);
      } else if (earlier && earlier.rowNo !== rowNo && earlier.as === 'qrCode') {
        fail('serial', `${serial} is the QR code value on row ${earlier.rowNo}`);
      }
      if (!earlier) refs.fileCodes.set(serial, { rowNo, as: 'serial' });
    }
    if (typeof qrCode === 'string' && qrCode) {
      const earlier = refs.fileCodes.get(qrCode);
      if ((refs.holders.get(qrCode) ?? []).some((device) => device.id !== existingId)) {
        fail('qrCode', deviceCodeTaken(qrCode, 'qrCode').message);
      } else if (earlier && earlier.rowNo !== rowNo) {
        fail('qrCode', `${qrCode} is also the ${earlier.as === 'serial' ? 'serial number' : 'QR code value'} on row ${earlier.rowNo}`);
      }
      if (!earlier) refs.fileCodes.set(qrCode, { rowNo, as: 'qrCode' });
    }
  },

  create: (db, tenantId, input, now) => createDeviceIn(db, tenantId, input as unknown as DeviceInput, now),
  update: (db, tenantId, id, input, now) => updateDeviceIn(db, tenantId, id, input as Partial<DeviceInput>, now),
};
