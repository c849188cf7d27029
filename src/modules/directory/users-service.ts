/**
 * User use cases: who works here, with which roles, skills and certificates. Admins manage
 * accounts; staff read them (dispatch needs the list); requesters see only themselves.
 */
import type { Ctx } from '../../platform/context.ts';
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

function toSkills(skills: SkillInput[]): store.Skill[] {
  const seen = new Set<string>();
  for (const skill of skills) {
    if (seen.has(skill.key)) throw new AppError('invalid_input', `The skill "${skill.key}" is listed twice.`, { field: 'skills', key: skill.key });
    seen.add(skill.key);
  }
  return skills.map((skill) => ({
    key: skill.key, level: skill.level, certificateNo: skill.certificateNo?.trim() || null, expiresAt: skill.expiresAt ?? null,
  }));
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
    const skills = toSkills(input.skills ?? []);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      if (await store.emailTaken(trx, tenantId, input.email)) {
        throw new AppError('already_exists', `A user with the email ${input.email.trim()} exists already.`, { field: 'email' });
      }
      await requireOrgUnitOfTenant(trx, tenantId, input.orgUnitId, 'orgUnitId');
      const id = uuidv7(now.getTime());
      await store.insertUser(trx, tenantId, {
        id, email: input.email, name: input.name.trim(), phone: input.phone ?? null, passwordHash, roles: input.roles,
        orgUnitId: input.orgUnitId ?? null, locale: input.locale, skills,
      }, now);
      return (await store.getUser(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  async function update(actor: Actor, id: string, input: UserUpdateInput): Promise<store.User> {
    requireRole(actor, ADMIN_ONLY, 'change people\'s accounts');
    const { tenantId } = actor;
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const [target] = await store.standingOf(trx, tenantId, [id], { lock: true });
      if (!target) throw notFound('User', id);
      if (input.email !== undefined && await store.emailTaken(trx, tenantId, input.email, id)) {
        throw new AppError('already_exists', `A user with the email ${input.email.trim()} exists already.`, { field: 'email' });
      }
      await requireOrgUnitOfTenant(trx, tenantId, input.orgUnitId, 'orgUnitId');
      const losesAdmin = input.active === false || (input.roles !== undefined && !input.roles.includes('admin'));
      if (target.active && target.roles.includes('admin') && losesAdmin && await store.countOtherActiveAdmins(trx, tenantId, id) === 0) {
        throw new AppError('business_rule', 'This is the last active admin of the tenant; make someone else admin first.', { field: 'roles' });
      }
      await store.updateUser(trx, tenantId, id, {
        email: input.email, name: input.name?.trim(), phone: input.phone, roles: input.roles, orgUnitId: input.orgUnitId,
        locale: input.locale, active: input.active, passwordHash,
      }, now);
      const deactivated = target.active && input.active === false;
      if (deactivated) {
        // Someone who left must not look available to dispatch, nor keep a working session.
        await store.setAvailability(trx, tenantId, id, { availability: 'offline', delegateId: null, from: null, until: null }, now);
      }
      // A new password ends the sessions opened with the old one (the usual reason to reset it).
      if (deactivated || passwordHash) await revokeAllTokensOf(trx, tenantId, id, now);
      // New roles or name take effect on the user's next request, not after the token cache's few seconds.
      forgetTokens({ tenantId, userId: id });
      return (await store.getUser(trx, tenantId, id))!;
    }).catch(translateDatabaseError);
  }

  async function setSkills(actor: Actor, id: string, skills: SkillInput[]): Promise<store.User> {
    requireRole(actor, ADMIN_ONLY, 'change skills and certificates');
    const { tenantId } = actor;
    const checked = toSkills(skills);
    return ctx.db.transaction().execute(async (trx) => {
      const [target] = await store.standingOf(trx, tenantId, [id], { lock: true });
      if (!target) throw notFound('User', id);
      await store.replaceSkills(trx, tenantId, id, checked);
      return (await store.getUser(trx, tenantId, id))!;
    });
  }

  return { list, get, create, update, setSkills };
}

export type UserService = ReturnType<typeof createUserService>;
