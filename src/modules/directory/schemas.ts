/** TypeBox schemas of the directory routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { ROLES } from '../../platform/http/actor.ts';
import { CUSTOMER_TIERS } from './customers-store.ts';
import { AVAILABILITIES } from './leave.ts';
import { ORG_UNIT_KINDS } from './org-tree.ts';

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

/** Text that is not only spaces (it is trimmed before it is stored). */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description && { description }) });
export const Phone = Type.String({ pattern: '^[0-9+()\\- ]{3,40}$', description: 'Digits, spaces, +, -, ( and )' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Coordinates = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
}, { additionalProperties: false });

export const Role = Type.Enum([...ROLES]);
export const Roles = Type.Array(Role, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });
export const Availability = Type.Enum([...AVAILABILITIES]);
export const OrgUnitKind = Type.Enum([...ORG_UNIT_KINDS]);
export const CustomerTier = Type.Enum([...CUSTOMER_TIERS]);
export const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'e.g. zh-CN, en' });
export const SkillKey = Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$', description: 'e.g. cnc, plc.siemens, hvac' });

export const Limit = (maximum: number, defaultValue: number) => Type.Integer({ minimum: 1, maximum, default: defaultValue });
export const Cursor = Type.String({ maxLength: 100, description: 'nextCursor of the previous page' });
export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

// --- org units ---------------------------------------------------------------------------

const orgUnitFields = {
  parentId: Type.Optional(Nullable(Id)),
  name: Text(100),
  code: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  managerId: Type.Optional(Nullable(Id)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  location: Type.Optional(Nullable(Coordinates)),
};
export const CreateOrgUnitBody = Type.Object({ kind: OrgUnitKind, ...orgUnitFields }, { additionalProperties: false });
export const UpdateOrgUnitBody = Type.Object({
  ...orgUnitFields, kind: Type.Optional(OrgUnitKind), name: Type.Optional(Text(100)),
}, { additionalProperties: false, minProperties: 1 });

export const OrgUnit = Type.Object({
  id: Id, parentId: Nullable(Id), kind: OrgUnitKind, name: Type.String(), code: Nullable(Type.String()),
  managerId: Nullable(Id), address: Nullable(Type.String()), location: Nullable(Coordinates),
  createdAt: Timestamp, updatedAt: Timestamp,
});
export const OrgUnitNode = Type.Object({
  ...OrgUnit.properties,
  children: Type.Optional(Type.Array(Type.Unknown(), { description: 'With ?tree=true: the units under this one, each of this same shape' })),
});

// --- users -------------------------------------------------------------------------------

export const SkillBody = Type.Object({
  key: SkillKey,
  level: Type.Integer({ minimum: 1, maximum: 5 }),
  certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  expiresAt: Type.Optional(Nullable(Timestamp)),
}, { additionalProperties: false });
const Skills = Type.Array(SkillBody, { maxItems: 100 });

export const CreateUserBody = Type.Object({
  email: Email,
  name: Text(100),
  roles: Roles,
  phone: Type.Optional(Nullable(Phone)),
  orgUnitId: Type.Optional(Nullable(Id)),
  locale: Type.Optional(Locale),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters; without one the user cannot log in with a password' })),
  skills: Type.Optional(Skills),
}, { additionalProperties: false });

export const UpdateUserBody = Type.Object({
  email: Type.Optional(Email),
  name: Type.Optional(Text(100)),
  roles: Type.Optional(Roles),
  phone: Type.Optional(Nullable(Phone)),
  orgUnitId: Type.Optional(Nullable(Id)),
  locale: Type.Optional(Locale),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 1024, description: 'A new password ends the user\'s sessions' })),
  active: Type.Optional(Type.Boolean({ description: 'false deactivates the account and ends its sessions' })),
}, { additionalProperties: false, minProperties: 1 });

export const SkillsBody = Type.Object({ skills: Skills }, { additionalProperties: false });

export const AvailabilityBody = Type.Object({
  availability: Availability,
  delegateId: Type.Optional(Id),
  from: Type.Optional(Timestamp),
  until: Type.Optional(Timestamp),
}, { additionalProperties: false, description: 'on_leave needs delegateId, from and until' });

export const UserListQuery = Type.Object({
  role: Type.Optional(Role),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name, email or phone' })),
  orgUnitId: Type.Optional(Type.String({ format: 'uuid', description: 'People of this unit and of every unit under it' })),
  skill: Type.Optional(SkillKey),
  minSkillLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'With skill: at least this level' })),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Limit(1000, 500)),
  cursor: Type.Optional(Cursor),
});

export const User = Type.Object({
  id: Id,
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  orgUnitId: Nullable(Id),
  availability: Availability,
  leave: Nullable(Type.Object({ delegateId: Nullable(Id), from: Nullable(Timestamp), until: Nullable(Timestamp) })),
  skills: Type.Array(Type.Object({
    key: Type.String(), level: Type.Integer(), certificateNo: Type.Optional(Nullable(Type.String())), expiresAt: Nullable(Type.String()),
  })),
  location: Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number(), at: Nullable(Timestamp) })),
  locale: Type.String(),
  active: Type.Boolean(),
});

// --- customers ---------------------------------------------------------------------------

const customerFields = {
  name: Text(200),
  tier: Type.Optional(CustomerTier),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  phone: Type.Optional(Nullable(Phone)),
  email: Type.Optional(Nullable(Email)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  orgUnitId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The unit that serves this customer' }))),
};
export const CreateCustomerBody = Type.Object(customerFields, { additionalProperties: false });
export const UpdateCustomerBody = Type.Object({ ...customerFields, name: Type.Optional(Text(200)) },
  { additionalProperties: false, minProperties: 1 });

export const Customer = Type.Object({
  id: Id, name: Type.String(), tier: CustomerTier, contactName: Nullable(Type.String()), phone: Nullable(Type.String()),
  email: Nullable(Type.String()), address: Nullable(Type.String()), orgUnitId: Nullable(Id), createdAt: Timestamp, updatedAt: Timestamp,
});

export const CustomerListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name, contact or phone' })),
  tier: Type.Optional(CustomerTier),
  limit: Type.Optional(Limit(200, 50)),
  cursor: Type.Optional(Cursor),
});

// --- devices -----------------------------------------------------------------------------

const deviceFields = {
  serial: Text(100, 'Unique in the tenant'),
  model: Text(200),
  customerId: Type.Optional(Nullable(Id)),
  site: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  location: Type.Optional(Nullable(Coordinates)),
  installedAt: Type.Optional(Nullable(Timestamp)),
  qrCode: Type.Optional(Type.String({
    pattern: '^[\\x21-\\x7e]{4,200}$', description: 'The value printed as the device\'s QR code; generated (LD-XXXXXXXXXX) when not given',
  })),
};
export const CreateDeviceBody = Type.Object(deviceFields, { additionalProperties: false });
export const UpdateDeviceBody = Type.Object({ ...deviceFields, serial: Type.Optional(deviceFields.serial), model: Type.Optional(deviceFields.model) },
  { additionalProperties: false, minProperties: 1 });

export const Device = Type.Object({
  id: Id, serial: Type.String(), model: Type.String(), customerId: Nullable(Id), site: Nullable(Type.String()),
  address: Nullable(Type.String()),
  location: Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number(), address: Type.Optional(Type.String()) })),
  installedAt: Nullable(Timestamp), qrCode: Type.String(), createdAt: Timestamp, updatedAt: Timestamp,
});

export const DeviceListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the serial, model, site or address' })),
  customerId: Type.Optional(Type.String({ format: 'uuid' })),
  code: Type.Optional(Type.String({ maxLength: 200, description: 'A scanned serial number or QR code value: exact match' })),
  limit: Type.Optional(Limit(200, 50)),
  cursor: Type.Optional(Cursor),
});
