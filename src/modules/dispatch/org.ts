/**
 * The org tree as dispatch reads it: a unit's chain of ancestors, the region that scopes a
 * customer's tickets, and the dispatchers responsible for an area. Pure.
 */

export interface OrgUnitNode {
  id: string;
  parentId: string | null;
  kind: string;
}

export interface OrgTree {
  /** The unit and its ancestors up to the root, nearest first; [] for an unknown unit or null. */
  chainOf(unitId: string | null): readonly string[];
  kindOf(unitId: string): string | undefined;
}

const NO_CHAIN: readonly string[] = Object.freeze([]);

export function orgTree(units: readonly OrgUnitNode[]): OrgTree {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const chains = new Map<string, readonly string[]>();
  return {
    chainOf(unitId) {
      if (!unitId || !byId.has(unitId)) return NO_CHAIN;
      let chain = chains.get(unitId);
      if (!chain) {
        const built: string[] = [];
        // The directory refuses cycles; the bound keeps a corrupted tree from looping here.
        for (let unit = byId.get(unitId); unit && built.length <= units.length; unit = unit.parentId ? byId.get(unit.parentId) : undefined) {
          built.push(unit.id);
        }
        chain = built;
        chains.set(unitId, chain);
      }
      return chain;
    },
    kindOf: (unitId) => byId.get(unitId)?.kind,
  };
}

/**
 * The org scope of a customer's tickets: the outermost region (大区) that contains the
 * customer's unit. Engineers of that region, at any depth, may take the ticket; engineers of
 * another region may not. Without a customer, or with a customer outside every region
 * (attached to the company itself), there is no scope and distance alone keeps work local.
 * The outermost rather than the nearest region, so a sub-region's neighbours still qualify.
 */
export function regionScope(tree: OrgTree, customerUnitId: string | null): string | null {
  const chain = tree.chainOf(customerUnitId);
  for (let i = chain.length - 1; i >= 0; i--) if (tree.kindOf(chain[i]) === 'region') return chain[i];
  return null;
}

/**
 * The dispatchers of an area: those whose unit is the customer's unit or one of its ancestors.
 * When nobody is (no customer, or no dispatcher placed there), every dispatcher of the tenant,
 * so an alert is never sent to nobody.
 */
export function areaDispatchers(tree: OrgTree, dispatchers: readonly { id: string; orgUnitId: string | null }[], customerUnitId: string | null): string[] {
  const chain = tree.chainOf(customerUnitId);
  const area = chain.length ? dispatchers.filter((person) => person.orgUnitId !== null && chain.includes(person.orgUnitId)) : [];
  return (area.length ? area : dispatchers).map((person) => person.id);
}
