/**
 * The shape of an organisation: company → region → service point / department. Pure rules,
 * tested without a database: which kind may hang under which, cycles, and nesting a flat list.
 */
import { AppError } from '../../platform/errors.ts';

export const ORG_UNIT_KINDS = ['company', 'region', 'service_point', 'department'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/**
 * The kinds a unit may hang under. A company is a root. Regions nest (华东 → 上海), service
 * points sit in a region or directly under a small company, departments go anywhere but
 * may not hold regions or service points.
 */
export const ALLOWED_PARENT_KINDS: Record<OrgUnitKind, readonly OrgUnitKind[]> = {
  company: [],
  region: ['company', 'region'],
  service_point: ['company', 'region'],
  department: ['company', 'region', 'service_point', 'department'],
};

const KIND_NAMES: Record<OrgUnitKind, string> = {
  company: 'a company', region: 'a region', service_point: 'a service point', department: 'a department',
};

/** Refuses a parent of the wrong kind, and a root that is not a company. */
export function checkPlacement(kind: OrgUnitKind, parentKind: OrgUnitKind | null): void {
  if (parentKind === null) {
    if (kind !== 'company') {
      throw new AppError('business_rule', `${capitalize(KIND_NAMES[kind])} needs a parent unit; only a company stands at the top.`,
        { field: 'parentId' });
    }
    return;
  }
  if (!ALLOWED_PARENT_KINDS[kind].includes(parentKind)) {
    const allowed = ALLOWED_PARENT_KINDS[kind];
    throw new AppError('business_rule',
      `${capitalize(KIND_NAMES[kind])} cannot be placed under ${KIND_NAMES[parentKind]}` +
      (allowed.length ? `; it belongs under ${allowed.map((k) => KIND_NAMES[k]).join(' or ')}.` : '; a company has no parent.'),
      { field: 'parentId', kind, parentKind });
  }
}

/** When a unit changes kind, its children must still fit under it. */
export function checkChildrenFit(kind: OrgUnitKind, childKinds: readonly OrgUnitKind[]): void {
  const misfit = childKinds.find((childKind) => !ALLOWED_PARENT_KINDS[childKind].includes(kind));
  if (misfit) {
    throw new AppError('business_rule', `The unit has ${KIND_NAMES[misfit]} under it, which cannot stand under ${KIND_NAMES[kind]}.`,
      { field: 'kind', kind, childKind: misfit });
  }
}

/**
 * Refuses moving a unit under itself or under one of its descendants.
 * `chainOfNewParent` is the new parent's id followed by its ancestors' ids up to the root.
 */
export function checkNoCycle(unitId: string, chainOfNewParent: readonly string[]): void {
  if (chainOfNewParent.includes(unitId)) {
    throw new AppError('business_rule', 'A unit cannot be moved under itself or under one of its own descendants.',
      { field: 'parentId' });
  }
}

export type TreeNode<T> = T & { children: TreeNode<T>[] };

/** Nests a flat list by parentId. A unit whose parent is not in the list becomes a root. */
export function buildTree<T extends { id: string; parentId: string | null }>(units: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>(units.map((unit) => [unit.id, { ...unit, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
