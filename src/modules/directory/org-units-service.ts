/** Org unit use cases: read the tree, and change it (admins) without breaking its shape. */
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { ADMIN_ONLY, requireRole, requireStaff } from './access.ts';
import { translateDatabaseError } from './db-errors.ts';
import { buildTree, checkChildrenFit, checkNoCycle, checkPlacement, type OrgUnitKind } from './org-tree.ts';
import * as store from './org-units-store.ts';
import { requireActiveUserOfTenant } from './references.ts';

export interface OrgUnitInput {
  kind: OrgUnitKind;
  name: string;
  parentId?: string | null;
  code?: string | null;
  managerId?: string | null;
  address?: string | null;
  location?: { lat: number; lng: number } | null;
}

function toColumns(input: Partial<OrgUnitInput>): store.OrgUnitChanges {
  return {
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.parentId !== undefined && { parentId: input.parentId }),
    ...(input.code !== undefined && { code: input.code?.trim() || null }),
    ...(input.managerId !== undefined && { managerId: input.managerId }),
    ...(input.address !== undefined && { address: input.address?.trim() || null }),
    ...(input.location !== undefined && { lat: input.location?.lat ?? null, lng: input.location?.lng ?? null }),
  };
}

export function createOrgUnitService(ctx: Ctx) {
  async function list(actor: Actor, options: { tree: boolean }) {
    requireStaff(actor, 'the organisation');
    const units = await store.listOrgUnits(ctx.db, actor.tenantId);
    return options.tree ? buildTree(units) : units;
  }

  async function get(actor: Actor, id: string): Promise<store.OrgUnit> {
    requireStaff(actor, 'the organisation');
    const unit = await store.getOrgUnit(ctx.db, actor.tenantId, id);
    if (!unit) throw notFound('Org unit', id);
    return unit;
  }

  async function create(actor: Actor, input: OrgUnitInput): Promise<store.OrgUnit> {
    requireRole(actor, ADMIN_ONLY, 'change the organisation');
    const { tenantId } = actor;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      await store.lockOrgTree(trx, tenantId);
      const parent = input.parentId ? await store.getOrgUnit(trx, tenantId, input.parentId) : undefined;
      if (input.parentId && !parent) throw new AppError('invalid_input', 'parentId names no org unit of this tenant.', { field: 'parentId' });
      checkPlacement(input.kind, parent?.kind ?? null);
      await requireActiveUserOfTenant(trx, tenantId, input.managerId, 'managerId');
      const id = uuidv7(now.getTime());
      const columns = toColumns(input);
      await store.insertOrgUnit(trx, tenantId, {
        ...columns, id, kind: input.kind, name: columns.name!, parentId: input.parentId ?? null,
      }, now);
      return (await store.getOrgUnit(trx, tenantId, id))!;
    });
  }

  async function update(actor: Actor, id: string, changes: Partial<OrgUnitInput>): Promise<store.OrgUnit> {
    requireRole(actor, ADMIN_ONLY, 'change the organisation');
    const { tenantId } = actor;
    return ctx.db.transaction().execute(async (trx) => {
      await store.lockOrgTree(trx, tenantId);
      const unit = await store.getOrgUnit(trx, tenantId, id);
      if (!unit) throw notFound('Org unit', id);
      if (changes.parentId !== undefined || changes.kind !== undefined) {
        const kind = changes.kind ?? unit.kind;
        const parentId = changes.parentId !== undefined ? changes.parentId : unit.parentId;
        let parentKind: OrgUnitKind | null = null;
        if (parentId) {
          const parent = await store.getOrgUnit(trx, tenantId, parentId);
          if (!parent) throw new AppError('invalid_input', 'parentId names no org unit of this tenant.', { field: 'parentId' });
          checkNoCycle(id, await store.chainToRoot(trx, tenantId, parentId));
          parentKind = parent.kind;
        }
        checkPlacement(kind, parentKind);
        if (kind !== unit.kind) checkChildrenFit(kind, await store.childKindsOf(trx, tenantId, id));
      }
      await requireActiveUserOfTenant(trx, tenantId, changes.managerId, 'managerId');
      await store.updateOrgUnit(trx, tenantId, id, toColumns(changes), ctx.clock.now());
      return (await store.getOrgUnit(trx, tenantId, id))!;
    });
  }

  /** Only an empty unit goes: its sub-units, people and customers must be moved first. */
  async function remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, ADMIN_ONLY, 'change the organisation');
    const { tenantId } = actor;
    await ctx.db.transaction().execute(async (trx) => {
      await store.lockOrgTree(trx, tenantId);
      if (!(await store.getOrgUnit(trx, tenantId, id))) throw notFound('Org unit', id);
      const dependents = await store.dependentsOf(trx, tenantId, id);
      const holding = [
        dependents.children && `${dependents.children} sub-unit(s)`,
        dependents.users && `${dependents.users} user(s)`,
        dependents.customers && `${dependents.customers} customer(s)`,
      ].filter(Boolean);
      if (holding.length) {
        throw new AppError('business_rule', `This unit still has ${holding.join(', ')}; move them to another unit before deleting it.`,
          { ...dependents });
      }
      await store.deleteOrgUnit(trx, tenantId, id);
    }).catch((error) => translateDatabaseError(error, 'org unit'));
  }

  return { list, get, create, update, remove };
}

export type OrgUnitService = ReturnType<typeof createOrgUnitService>;
