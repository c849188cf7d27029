/**
 * People from a spreadsheet: the fields of POST /api/v1/users, roles and skills as lists in one
 * cell, the org unit by its name. A person is matched to an existing one by email, whatever its
 * case. There is no password column: an imported person signs in once an admin sets a password
 * for them, so no password ever sits in a file, the import's stored rows or a log.
 */
import type { Db } from '../../platform/context.ts';
import { ROLES } from '../../platform/http/actor.ts';
import {
  createUserIn, emailTaken, toSkills, updateUserIn, usersWithEmails, type UserImportChanges, type UserImportInput,
} from '../directory/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  buildOrgUnit, copyText, loadOrgUnits, requireOneWayToName, text, textsOf, type BuiltInput, type DirectoryImport, type Fail, type OrgUnitRefs,
} from './import-directory.ts';

interface UserRefs extends OrgUnitRefs {
  byEmail: Map<string, { id: string }>;
}

const TEXT_FIELDS = ['email', 'name', 'phone', 'locale'] as const;
const SKILL_PREFIX = 'skills.';

/** Role names as a Chinese sheet writes them, besides the role keys themselves. */
export const ROLE_LABELS: Record<string, (typeof ROLES)[number]> = {
  管理员: 'admin', 调度: 'dispatcher', 调度员: 'dispatcher', 工程师: 'engineer', 专家: 'expert',
  经理: 'manager', 主管: 'manager', 财务: 'finance', 报修人: 'requester', 客户: 'requester',
};
const LIST_SEPARATORS = /[,，;；、|\s]+/;

function parseRoles(value: unknown, fail: Fail): unknown {
  const plain = text(value);
  if (typeof plain !== 'string') return plain;
  const roles: string[] = [];
  for (const word of plain.split(LIST_SEPARATORS).filter(Boolean)) {
    const role = ROLE_LABELS[word] ?? ((ROLES as readonly string[]).includes(word.toLowerCase()) ? word.toLowerCase() : undefined);
    if (!role) {
      fail('roles', `unknown role "${word}"; roles are ${ROLES.join(', ')}, or ${Object.keys(ROLE_LABELS).join('、')}`);
      continue;
    }
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}

/** A level as a cell holds it: 3, "3", or text the schema will refuse. */
const level = (value: unknown): unknown => {
  const plain = text(value);
  return typeof plain === 'string' && /^\d+$/.test(plain) ? Number(plain) : plain;
};

/** `cnc:3, plc.siemens:2` in one cell, and `skills.<key>` columns holding a level each. */
function buildSkills(mapped: Record<string, unknown>, built: BuiltInput, fail: Fail) {
  const skills: { key: unknown; level: unknown }[] = [];
  const add = (key: unknown, value: unknown, target: string) => {
    built.sources.set(`skills/${skills.length}`, target);
    skills.push({ key, level: level(value) });
  };
  if (mapped.skills !== undefined) {
    const plain = text(mapped.skills);
    for (const item of typeof plain === 'string' ? plain.split(LIST_SEPARATORS).filter(Boolean) : []) {
      const match = /^([^:：]+)[:：](.+)$/.exec(item);
      if (match) add(match[1], match[2], 'skills');
      else fail('skills', `write each skill as key:level (level 1-5), e.g. cnc:3; got "${item}"`);
    }
    if (typeof plain !== 'string') fail('skills', 'skills must be text such as "cnc:3, plc:2"');
  }
  for (const [target, value] of Object.entries(mapped)) {
    if (target.startsWith(SKILL_PREFIX)) add(target.slice(SKILL_PREFIX.length), value, target);
  }
  if (skills.length) built.input.skills = skills;
  built.sources.set('skills', mapped.skills !== undefined ? 'skills' : Object.keys(mapped).find((target) => target.startsWith(SKILL_PREFIX)) ?? 'skills');
}

export const userImport: DirectoryImport<UserRefs> = {
  targets: {
    names: [...TEXT_FIELDS, 'roles', 'orgUnit', 'orgUnitId', 'skills'],
    keyed: { prefix: SKILL_PREFIX, key: /^[a-z0-9][a-z0-9_.-]{0,63}$/, example: 'skills.cnc, holding a level 1-5' },
    refused: {
      password: 'passwords are never imported: an imported person signs in once an admin sets their password (PATCH /api/v1/users/{id})',
    },
  },
  roles: ['admin'],
  noun: 'person',
  keyTarget: 'email',
  kinds: { create: 'newUser', update: 'userChanges' },
  checkRules: (rules) => requireOneWayToName(rules, 'orgUnit', 'orgUnitId'),

  async load(db: Db, tenantId: string, mapped: Record<string, unknown>[]) {
    return { ...(await loadOrgUnits(db, tenantId, mapped)), byEmail: await usersWithEmails(db, tenantId, textsOf(mapped, 'email')) };
  },

  build(mapped, refs, fail) {
    const built: BuiltInput = { input: {}, sources: new Map() };
    copyText(mapped, built.input, TEXT_FIELDS);
    if (mapped.roles !== undefined) built.input.roles = parseRoles(mapped.roles, fail);
    buildOrgUnit(mapped, refs, built, fail);
    buildSkills(mapped, built, fail);
    return built;
  },

  key: (input) => (typeof input.email === 'string' && input.email ? input.email.toLowerCase() : undefined),
  existing: (key, refs) => {
    const user = refs.byEmail.get(key);
    return user ? [user.id] : [];
  },
  existsMessage: (input) => emailTaken(String(input.email)).message,

  conflicts(input, _existingId, _rowNo, _refs, fail) {
    if (!Array.isArray(input.skills)) return;
    try {
      toSkills(input.skills as Parameters<typeof toSkills>[0]);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail('skills', error.message);
    }
  },

  create: (db, tenantId, input, now) => createUserIn(db, tenantId, input as unknown as UserImportInput, now),
  update: (db, tenantId, id, input, now) => updateUserIn(db, tenantId, id, input as UserImportChanges, now),
};
