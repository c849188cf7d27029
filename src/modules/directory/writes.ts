/**
 * Customers, devices and people written by another module inside its own transaction (a
 * spreadsheet import's batch commits its rows together). Each input passes the same schema as
 * the route's body and then the same checks as the route's use case, and fails them with the
 * same messages; the caller decides who may write, as the routes do with roles.
 */
import type { Db } from '../../platform/context.ts';
import { applyCustomerChanges, insertCheckedCustomer, type CustomerInput } from './customers-service.ts';
import { translateDatabaseError } from './db-errors.ts';
import { applyDeviceChanges, insertCheckedDevice, type DeviceInput } from './devices-service.ts';
import { requireValidInput } from './input-checks.ts';
import { applyUserChanges, insertCheckedUser, replaceCheckedSkills, type NewUserInput, type SkillInput, type UserUpdateInput } from './users-service.ts';

/** A new person without a password: they sign in once an admin sets one (PATCH /users/{id}). */
export type UserImportInput = Omit<NewUserInput, 'password'>;
/** Changes to a person, their skills replaced when given; never a password, never (de)activation. */
export type UserImportChanges = Omit<UserUpdateInput, 'password' | 'active'> & { skills?: SkillInput[] };

/** A database error (a unique index lost to a concurrent insert) as the route would answer it. */
const asTheRouteAnswers = (error: unknown): never => translateDatabaseError(error);

/** Adds a customer; its id. */
export async function createCustomerIn(db: Db, tenantId: string, input: CustomerInput, now: Date): Promise<string> {
  requireValidInput('newCustomer', input);
  return insertCheckedCustomer(db, tenantId, input, now).catch(asTheRouteAnswers);
}

export async function updateCustomerIn(db: Db, tenantId: string, id: string, input: Partial<CustomerInput>, now: Date): Promise<void> {
  requireValidInput('customerChanges', input);
  await applyCustomerChanges(db, tenantId, id, input, now).catch(asTheRouteAnswers);
}

/** Adds a device (a QR value is generated when none is given); its id. */
export async function createDeviceIn(db: Db, tenantId: string, input: DeviceInput, now: Date): Promise<string> {
  requireValidInput('newDevice', input);
  return insertCheckedDevice(db, tenantId, input, now).catch(asTheRouteAnswers);
}

export async function updateDeviceIn(db: Db, tenantId: string, id: string, input: Partial<DeviceInput>, now: Date): Promise<void> {
  requireValidInput('deviceChanges', input);
  await applyDeviceChanges(db, tenantId, id, input, now).catch(asTheRouteAnswers);
}

/** Adds a person with no password: the schema refuses one, so none can come from another module's data. */
export async function createUserIn(db: Db, tenantId: string, input: UserImportInput, now: Date): Promise<string> {
  requireValidInput('newUser', input);
  return insertCheckedUser(db, tenantId, input, null, now).catch(asTheRouteAnswers);
}

export async function updateUserIn(db: Db, tenantId: string, id: string, input: UserImportChanges, now: Date): Promise<void> {
  requireValidInput('userChanges', input);
  const { skills, ...changes } = input;
  try {
    if (Object.keys(changes).length) await applyUserChanges(db, tenantId, id, changes, undefined, now);
    if (skills) await replaceCheckedSkills(db, tenantId, id, skills);
  } catch (error) {
    asTheRouteAnswers(error);
  }
}
