/**
 * Writes the demo company's directory: org units, people, customers and devices, in one
 * transaction. Customers, devices, org-unit managers and leave windows are written with plain
 * Kysely statements because the directory module has no store functions for them yet; a seed
 * may do that, product code must not.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { Actor, Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { hashPassword } from '../auth/index.ts';
import { insertUser, type Tenant } from '../directory/index.ts';
import { insertOrgUnit } from '../directory/org-units-store.ts';
import { planCustomers, planDevices, type CustomerPlan, type DevicePlan } from './customers.ts';
import { COMPANY_NAME, REGIONS } from './geography.ts';
import { NameMaker, planEngineers, planStaff, type PersonPlan } from './people.ts';
import type { SeededRandom } from './random.ts';

export const DEVICE_COUNT = 200;
const HASH_BATCH = 8;
const DAY_MS = 86_400_000;

export interface DemoPerson extends PersonPlan {
  id: string;
  actor: Actor;
}

export interface DemoCustomer extends CustomerPlan {
  id: string;
  contact: DemoPerson;
}

export interface DemoDevice extends DevicePlan {
  id: string;
  owner: DemoCustomer;
}

/** The directory as the ticket history needs it: people as actors, customers, machines. */
export interface DemoWorld {
  tenant: Tenant;
  byEmail: Map<string, DemoPerson>;
  engineers: DemoPerson[];
  customers: DemoCustomer[];
  devices: DemoDevice[];
}

/**
 * scrypt takes ~50 ms a hash; hashing in small concurrent batches keeps the seed fast while
 * each user still gets a salt of their own.
 */
async function hashAll(password: string, count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let start = 0; start < count; start += HASH_BATCH) {
    const batch = Array.from({ length: Math.min(HASH_BATCH, count - start) }, () => hashPassword(password));
    hashes.push(...(await Promise.all(batch)));
  }
  return hashes;
}

/** Everything random is drawn before any write, so the plan does not depend on the database. */
export function planDirectory(random: SeededRandom, now: Date) {
  const names = new NameMaker(random);
  const staff = planStaff(random, names);
  const { engineers, leads } = planEngineers(random, names, now);
  const customers = planCustomers(random, names);
  const devices = planDevices(random, customers, DEVICE_COUNT, now);
  const contacts: PersonPlan[] = customers.map((customer) => ({
    email: customer.contactEmail, name: customer.contactName, phone: customer.phone, roles: ['requester'],
    unit: '', availability: 'offline', location: null, skills: [],
  }));
  return { staff, engineers, leads, customers, devices, contacts };
}

export type DirectoryPlan = ReturnType<typeof planDirectory>;

export async function writeDirectory(ctx: Ctx, tenant: Tenant, companyId: string, admin: { id: string; email: string; name: string },
  plan: DirectoryPlan, password: string): Promise<DemoWorld> {
  const people = [...plan.staff, ...plan.engineers, ...plan.contacts];
  const hashes = await hashAll(password, people.length);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const units = await writeOrgUnits(trx, tenant.id, companyId, now);
    const byEmail = new Map<string, DemoPerson>();
    const actorOf = (id: string, person: { email: string; name: string; roles: Role[] }): Actor => ({
      tenantId: tenant.id, tenantSlug: tenant.slug, userId: id, name: person.name, email: person.email, roles: person.roles, tokenId: '',
    });
    byEmail.set(admin.email, {
      email: admin.email, name: admin.name, phone: '', roles: ['admin'], unit: 'HQ', availability: 'online', location: null, skills: [],
      id: admin.id, actor: actorOf(admin.id, { ...admin, roles: ['admin'] }),
    });
    for (const [index, person] of people.entries()) {
      const id = uuidv7();
      await insertUser(trx, tenant.id, {
        id, email: person.email, name: person.name, phone: person.phone, passwordHash: hashes[index], roles: person.roles,
        orgUnitId: person.unit ? units.get(person.unit)! : null, availability: person.availability, location: person.location,
        skills: person.skills,
      }, now);
      byEmail.set(person.email, { ...person, id, actor: actorOf(id, person) });
    }
    await writeManagersAndLeaves(trx, tenant.id, plan, units, byEmail, now);
    const customers = await writeCustomers(trx, tenant.id, plan.customers, units, byEmail, now);
    const devices = await writeDevices(trx, tenant.id, plan.devices, customers, now);
    return { tenant, byEmail, engineers: plan.engineers.map((engineer) => byEmail.get(engineer.email)!), customers, devices };
  });
}

/** Company → 3 regions → 8 service points, plus the second-line support department. */
async function writeOrgUnits(trx: Transaction<DB>, tenantId: string, companyId: string, now: Date) {
  const units = new Map<string, string>([['HQ', companyId]]);
  const support = uuidv7();
  units.set('SUPPORT', support);
  await insertOrgUnit(trx, tenantId, { id: support, parentId: companyId, kind: 'department', name: `${COMPANY_NAME}技术支持中心`, code: 'SUPPORT' }, now);
  for (const region of REGIONS) {
    const regionId = uuidv7();
    units.set(region.code, regionId);
    await insertOrgUnit(trx, tenantId, { id: regionId, parentId: companyId, kind: 'region', name: region.name, code: region.code }, now);
    for (const point of region.servicePoints) {
      const pointId = uuidv7();
      units.set(point.code, pointId);
      await insertOrgUnit(trx, tenantId, {
        id: pointId, parentId: regionId, kind: 'service_point', name: point.name, code: point.code,
        address: point.address, lat: point.lat, lng: point.lng,
      }, now);
    }
  }
  return units;
}

async function writeManagersAndLeaves(trx: Transaction<DB>, tenantId: string, plan: DirectoryPlan, units: Map<string, string>,
  byEmail: Map<string, DemoPerson>, now: Date) {
  const managers: [string, string][] = [
    ...plan.staff.filter((person) => person.roles.includes('manager')).map((person) => [person.unit, person.email] as [string, string]),
    ...[...plan.leads].map(([point, email]) => [point, email] as [string, string]),
    ['SUPPORT', plan.staff.find((person) => person.roles.includes('expert'))!.email],
  ];
  for (const [unit, email] of managers) {
    await trx.updateTable('org_units').set({ manager_id: byEmail.get(email)!.id })
      .where('tenant_id', '=', tenantId).where('id', '=', units.get(unit)!).execute();
  }
  for (const engineer of plan.engineers) {
    if (!engineer.leave) continue;
    await trx.updateTable('users').set({
      leave_delegate_id: byEmail.get(engineer.leave.delegateEmail)!.id,
      leave_from: new Date(now.getTime() - engineer.leave.fromDaysAgo * DAY_MS),
      leave_until: new Date(now.getTime() + engineer.leave.untilDaysAhead * DAY_MS),
    }).where('tenant_id', '=', tenantId).where('id', '=', byEmail.get(engineer.email)!.id).execute();
  }
}

async function writeCustomers(trx: Transaction<DB>, tenantId: string, plans: CustomerPlan[], units: Map<string, string>,
  byEmail: Map<string, DemoPerson>, now: Date): Promise<DemoCustomer[]> {
  const customers = plans.map((plan) => ({ ...plan, id: uuidv7(), contact: byEmail.get(plan.contactEmail)! }));
  await trx.insertInto('customers').values(customers.map((customer) => ({
    tenant_id: tenantId, id: customer.id, name: customer.name, tier: customer.tier, contact_name: customer.contactName,
    phone: customer.phone, email: customer.contactEmail, address: customer.address, org_unit_id: units.get(customer.point.code)!,
    created_at: now, updated_at: now,
  }))).execute();
  return customers;
}

async function writeDevices(trx: Transaction<DB>, tenantId: string, plans: DevicePlan[], customers: DemoCustomer[], now: Date): Promise<DemoDevice[]> {
  const devices = plans.map((plan) => ({ ...plan, id: uuidv7(), owner: customers[plan.customer.index] }));
  await trx.insertInto('devices').values(devices.map((device) => ({
    tenant_id: tenantId, id: device.id, serial: device.serial, model: device.model.name, customer_id: device.owner.id,
    site: device.site, address: device.address, lat: device.location.lat, lng: device.location.lng,
    installed_at: device.installedAt, qr_code: device.qrCode, created_at: now, updated_at: now,
  }))).execute();
  return devices;
}
