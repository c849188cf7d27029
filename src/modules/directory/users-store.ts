/** SQL for users and their skills. */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { Role } from '../../platform/http/actor.ts';

export interface Skill {
  key: string;
  level: number;
  certificateNo?: string | null;
  expiresAt: string | null;
}

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  roles: Role[];
  orgUnitId: string | null;
  availability: 'online' | 'busy' | 'offline' | 'on_leave';
  leave: { delegateId: string | null; from: string | null; until: string | null } | null;
  skills: Skill[];
  location: { lat: number; lng: number; at: string | null } | null;
  locale: string;
  active: boolean;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function userQuery(db: Db, tenantId: string) {
  return db.selectFrom('users as u')
    .select([
      'u.id', 'u.name', 'u.email', 'u.phone', 'u.roles', 'u.org_unit_id', 'u.availability', 'u.leave_delegate_id',
      'u.leave_from', 'u.leave_until', 'u.lat', 'u.lng', 'u.located_at', 'u.locale', 'u.active',
      sql<Skill[]>`coalesce((
        SELECT json_agg(json_build_object('key', s.skill_key, 'level', s.level, 'certificateNo', s.certificate_no,
          'expiresAt', to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY s.skill_key)
        FROM user_skills s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id), '[]'::json)`.as('skills'),
    ])
    .where('u.tenant_id', '=', tenantId);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    roles: row.roles as Role[],
    orgUnitId: row.org_unit_id,
    availability: row.availability as User['availability'],
    leave: row.availability === 'on_leave' || row.leave_delegate_id || row.leave_from
      ? { delegateId: row.leave_delegate_id, from: iso(row.leave_from), until: iso(row.leave_until) }
      : null,
    skills: row.skills,
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng, at: iso(row.located_at) } : null,
    locale: row.locale,
    active: row.active,
  };
}

export async function getUser(db: Db, tenantId: string, id: string): Promise<User | undefined> {
  const row = await userQuery(db, tenantId).where('u.id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Db, tenantId: string, filter: { role?: string; q?: string; limit: number; after?: string }) {
  let query = userQuery(db, tenantId).orderBy('u.id').limit(filter.limit);
  if (filter.role) query = query.where(sql<boolean>`${filter.role} = ANY(u.roles)`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.email', 'ilike', like), eb('u.phone', 'ilike', like)]));
  }
  if (filter.after) query = query.where('u.id', '>', filter.after);
  return (await query.execute()).map(toUser);
}

export async function findLoginUser(db: Db, tenantId: string, email: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'roles', 'password_hash', 'active'])
    .where('tenant_id', '=', tenantId).where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  phone?: string | null;
  passwordHash: string | null;
  roles: Role[];
  orgUnitId?: string | null;
  availability?: User['availability'];
  location?: { lat: number; lng: number } | null;
  locale?: string;
  skills?: Skill[];
}

export async function insertUser(db: Db, tenantId: string, user: NewUser, now: Date): Promise<void> {
  await db.insertInto('users').values({
    tenant_id: tenantId, id: user.id, email: user.email.trim(), name: user.name, phone: user.phone ?? null,
    password_hash: user.passwordHash, roles: user.roles, org_unit_id: user.orgUnitId ?? null,
    availability: user.availability ?? 'offline', leave_delegate_id: null, leave_from: null, leave_until: null,
    lat: user.location?.lat ?? null, lng: user.location?.lng ?? null, located_at: user.location ? now : null,
    locale: user.locale ?? 'zh-CN', created_at: now, updated_at: now,
  }).execute();
  if (user.skills?.length) await replaceSkills(db, tenantId, user.id, user.skills);
}

export async function replaceSkills(db: Db, tenantId: string, userId: string, skills: Skill[]): Promise<void> {
  await db.deleteFrom('user_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (!skills.length) return;
  await db.insertInto('user_skills').values(skills.map((skill) => ({
    tenant_id: tenantId, user_id: userId, skill_key: skill.key, level: skill.level,
    certificate_no: skill.certificateNo ?? null, expires_at: skill.expiresAt ?? null,
  }))).execute();
}
