/**
 * User use cases: who works here, with which roles, skills and certificates. Admins manage
 * accounts; staff read them (dispatch needs the list); requesters see only themselves.
 */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isStaff, type Actor, type Role } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
// Straight from the file, not auth/index.ts: auth's service imports the directory, and
// going through its index would make the two modules import each other.
import { hashPassword } from '../auth/passwords.ts';
// The one place the directory touches auth's table: deactivating someone must end their
// sessions in the same transaction, and auth's own statement does exactly that.
import { revokeAllTokensOf } from '../auth/store.ts';
import { forgetTokens } from '../auth/token-cache.ts';
import { ADMIN_ONLY, requireRole } from './access.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { translateDatabaseError } from './db-errors.ts';
import { requireOrgUnitOfTenant } from './references.ts';
import * as store from './users-store.ts';

export interface NewUserInput {
  email: string;
  name: string;
  roles: Role[];
  phone?: string | null;
  orgUnitId?: string | null;
  locale?: string;
  password?: string;
  skills?: SkillInput[];
}

export type UserUpdateInput = Partial<Omit<NewUserInput, 'skills'> & { active: boolean }>;

export interface SkillInput {
  key: string;
  level: number;
  certificateNo?: string | null;
  expiresAt?: string | null;
}

export interface UserListQuery {
  role?: Role;
  q?: string;
  orgUnitId?: string;
  skill?: string;
  minSkillLevel?: number;
  active?: boolean;
  limit: number;
  cursor?: string;
}

/** Skills as stored; 400 when one is listed twice. */
export function toSkills(skills: SkillInput[]): store.Skill[] {
  const seen = new Set<string>();
  for (const skill of skills) {
    if (seen.has(skill.key)) throw new AppError('invalid_input', `The skill "${skill.key}" is listed twice.`, { field: 'skills', key: skill.key });
    seen.add(skill.key);
  }
  return skills.map((skill) => ({
    key: skill.key, level: skill.level, certificateNo: skill.certificateNo?.trim() || null, expiresAt: skill.expiresAt ?? null,
  }));
}

/** The answer when the tenant has someone with this email already, whatever its case. */
export const emailTaken = (email: string) =>
  new AppError('already_exists', `A user with the email ${email.trim()} exists already.`, { field: 'email' });

/**
 * Adds a person in the caller's transaction, with the checks the route makes after its schema
 * (email unused, org unit of the tenant, no skill twice); its id. The password, if any, comes
 * already hashed: hashing is slow and must not happen while a transaction holds its locks.
 */
export async function insertCheckedUser(db: Db, tenantId: string, input: Omit<NewUserInput, 'password'>, passwordHash: string | null,
  now: Date): Promise<string> {
  const skills = toSkills(input.skills ?? []);
  if (await store.emailTaken(db, tenantId, input.email)) throw emailTaken(input.email);
  await requireOrgUnitOfTenant(db, tenantId, input.orgUnitId, 'orgUnitId');
  const id = uuidv7(now.getTime());
  await store.insertUser(db, tenantId, {
    id, email: input.email, name: input.name.trim(), phone: input.phone ?? null, passwordHash, roles: input.roles,
    orgUnitId: input.orgUnitId ?? null, locale: input.locale, skills,
  }, now);
  return id;
}

/**
 * Changes a person's account in the caller's transaction: 404 for nobody of the tenant, 409 for
 * an email in use, 422 for demoting or deactivating the last active admin. Deactivating ends
 * their sessions and takes them off dispatch; so does a new password (hashed by the caller).
 */
export async function applyUserChanges(db: Db, tenantId: string, id: string, input: Omit<UserUpdateInput, 'password'>,
  passwordHash: string | undefined, now: Date): Promise<void> {
  const [target] = await store.standingOf(db, tenantId, [id], { lock: true });
  if (!target) throw notFound('User', id);
  if (input.email !== undefined && await store.emailTaken(db, tenantId, input.email, id)) throw emailTaken(input.email);
  await requireOrgUnitOfTenant(db, tenantId, input.orgUnitId, 'orgUnitId');
  const losesAdmin = input.active === false || (input.roles !== undefined && !input.roles.includes('admin'));
  if (target.active && target.roles.includes('admin') && losesAdmin && await store.countOtherActiveAdmins(db, tenantId, id) === 0) {
    throw new AppError('business_rule', 'This is the last active admin of the tenant; make someone else admin first.', { field: 'roles' });
  }
  await store.updateUser(db, tenantId, id, {
    email: input.email, name: input.name?.trim(), phone: input.phone, roles: input.roles, orgUnitId: input.orgUnitId,
    locale: input.locale, active: input.active, passwordHash,
  }, now);
  const deactivated = target.active && input.active === false;
  if (deactivated) {
    // Someone who left must not look available to dispatch, nor keep a working session.
    await store.setAvailability(db, tenantId, id, { availability: 'offline', delegateId: null, from: null, until: null }, now);
  }
  // A new password ends the sessions opened with the old one (the usual reason to reset it).
  if (deactivated || passwordHash) await revokeAllTokensOf(db, tenantId, id, now);
  // New roles or name take effect on the user's next request, not after the token cache's few seconds.
  forgetTokens({ tenantId, userId: id });
}

/** Replaces a person's skills in the caller's transaction; 404 for nobody of the tenant, 400 for a skill listed twice. */
export async function replaceCheckedSkills(db: Db, tenantId: string, id: string, skills: SkillInput[]): Promise<void> {
  const checked = toSkills(skills);
  const [target] = await store.standingOf(db, tenantId, [id], { lock: true });
  if (!target) throw notFound('User', id);
  await store.replaceSkills(db, tenantId, id, checked);
}

export function createUserService(ctx: Ctx) {
  async function list(actor: Actor, query: UserListQuery) {
    if (!isStaff(actor)) throw new AppError('forbidden', 'Requesters cannot list people.');
    const { cursor, limit, ...filter } = query;
    const rows = await store.listUsers(ctx.db, actor.tenantId, {
      ...filter, after: decodeCursor(cursor), limit: limit + 1, skillValidAt: ctx.clock.now(),
    });
    return toPage(rows, limit);
  }

  async function get(actor: Actor, id: string): Promise<store.User> {
    if (!isStaff(actor) && id !== actor.userId) throw new AppError('forbidden', 'Requesters may see only themselves.');
    const user = await store.getUser(ctx.db, actor.tenantId, id);
    if (!user) throw notFound('User', id);
    return user;
  }

  async function create(actor: Actor, input: NewUserInput): Promise<store.User> {
    requireRole(actor, ADMIN_ONLY, 'add people');
    const { tenantId } = actor;
    const { password, ...fields } = input;
    toSkills(fields.skills ?? []);
    // Hashing takes a while: done before the transaction, not while it holds its locks.
    const passwordHash = password ? await hashPassword(password) : null;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const id = await insertCheckedUser(trx, tenantId, fields, passwordHash, now);
      return (await store.getUser(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  async function update(actor: Actor, id: string, input: UserUpdateInput): Promise<store.User> {
    requireRole(actor, ADMIN_ONLY, 'change people\'s accounts');
    const { tenantId } = actor;
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const { password: _password, ...changes } = input;
      await applyUserChanges(trx, tenantId, id, changes, passwordHash, now);
      return (await store.getUser(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  async function setSkills(actor: Actor, id: string, skills: SkillInput[]): Promise<store.User> {
    requireRole(actor, ADMIN_ONLY, 'change skills and certificates');
    const { tenantId } = actor;
    return ctx.db.transaction().execute(async (trx) => {
      await replaceCheckedSkills(trx, tenantId, id, skills);
      return (await store.getUser(trx, tenantId, id))!;
    });
  }

  return { list, get, create, update, setSkills };
}

export type UserService = ReturnType<typeof createUserService>;
