import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { buildTree, checkChildrenFit, checkNoCycle, checkPlacement, type OrgUnitKind } from './org-tree.ts';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  return undefined;
};

describe('where a unit may stand', () => {
  const cases: [OrgUnitKind, OrgUnitKind | null, boolean][] = [
    ['company', null, true],
    ['company', 'company', false],
    ['region', 'company', true],
    ['region', 'region', true],
    ['region', 'service_point', false],
    ['region', null, false],
    ['service_point', 'region', true],
    ['service_point', 'company', true],
    ['service_point', 'service_point', false],
    ['service_point', 'department', false],
    ['department', 'service_point', true],
    ['department', 'department', true],
  ];
  for (const [kind, parent, allowed] of cases) {
    it(`${allowed ? 'allows' : 'refuses'} ${kind} under ${parent ?? 'nothing'}`, () => {
      const error = refusal(() => checkPlacement(kind, parent));
      if (allowed) expect(error).toBeUndefined();
      else expect(error).toMatchObject({ code: 'business_rule', details: { field: 'parentId' } });
    });
  }

  it('refuses a change of kind that leaves a child misplaced', () => {
    expect(refusal(() => checkChildrenFit('department', ['service_point']))?.code).toBe('business_rule');
    expect(refusal(() => checkChildrenFit('region', ['service_point', 'department', 'region']))).toBeUndefined();
  });
});

describe('cycles', () => {
  it('refuses a parent whose chain to the root passes through the unit', () => {
    expect(refusal(() => checkNoCycle('a', ['c', 'b', 'a', 'root']))?.code).toBe('business_rule');
    expect(refusal(() => checkNoCycle('a', ['a']))?.code).toBe('business_rule');
    expect(refusal(() => checkNoCycle('a', ['c', 'root']))).toBeUndefined();
  });
});

describe('nesting', () => {
  it('hangs every unit under its parent, keeping the list order among siblings', () => {
    const tree = buildTree([
      { id: 'root', parentId: null, name: '公司' },
      { id: 'r2', parentId: 'root', name: '华南' },
      { id: 'p1', parentId: 'r1', name: '上海站' },
      { id: 'r1', parentId: 'root', name: '华东' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0].children.map((node) => node.id)).toEqual(['r2', 'r1']);
    expect(tree[0].children[1].children.map((node) => node.name)).toEqual(['上海站']);
  });
});
