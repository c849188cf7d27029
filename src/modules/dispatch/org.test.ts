import { describe, expect, it } from 'vitest';
import { areaDispatchers, orgTree, regionScope } from './org.ts';

// 集团 → 华东大区 → 上海区域 → 浦东服务站; 集团 → 华南大区; 集团 → 总部客服部
const tree = orgTree([
  { id: 'hq', parentId: null, kind: 'company' },
  { id: 'east', parentId: 'hq', kind: 'region' },
  { id: 'shanghai', parentId: 'east', kind: 'region' },
  { id: 'pudong', parentId: 'shanghai', kind: 'service_point' },
  { id: 'south', parentId: 'hq', kind: 'region' },
  { id: 'desk', parentId: 'hq', kind: 'department' },
]);

describe('orgTree', () => {
  it('gives a unit and its ancestors, nearest first', () => {
    expect(tree.chainOf('pudong')).toEqual(['pudong', 'shanghai', 'east', 'hq']);
    expect(tree.chainOf('hq')).toEqual(['hq']);
    expect(tree.chainOf('elsewhere')).toEqual([]);
    expect(tree.chainOf(null)).toEqual([]);
  });

  it('does not loop on a corrupted tree', () => {
    const broken = orgTree([{ id: 'a', parentId: 'b', kind: 'region' }, { id: 'b', parentId: 'a', kind: 'region' }]);
    expect(broken.chainOf('a').length).toBeLessThanOrEqual(3);
  });
});

describe('regionScope', () => {
  it('is the outermost region around the customer\'s unit', () => {
    expect(regionScope(tree, 'pudong')).toBe('east');
    expect(regionScope(tree, 'shanghai')).toBe('east');
    expect(regionScope(tree, 'south')).toBe('south');
  });

  it('is none without a customer unit, or for a unit outside every region', () => {
    expect(regionScope(tree, null)).toBeNull();
    expect(regionScope(tree, 'desk')).toBeNull();
    expect(regionScope(tree, 'hq')).toBeNull();
  });
});

describe('areaDispatchers', () => {
  const dispatchers = [
    { id: 'd-hq', orgUnitId: 'hq' }, { id: 'd-east', orgUnitId: 'east' }, { id: 'd-south', orgUnitId: 'south' }, { id: 'd-none', orgUnitId: null },
  ];

  it('are those placed at the customer\'s unit or above it', () => {
    expect(areaDispatchers(tree, dispatchers, 'pudong')).toEqual(['d-hq', 'd-east']);
    expect(areaDispatchers(tree, dispatchers, 'south')).toEqual(['d-hq', 'd-south']);
  });

  it('are all dispatchers when the ticket has no customer or nobody covers its area', () => {
    expect(areaDispatchers(tree, dispatchers, null)).toEqual(['d-hq', 'd-east', 'd-south', 'd-none']);
    expect(areaDispatchers(tree, [{ id: 'd-south', orgUnitId: 'south' }], 'pudong')).toEqual(['d-south']);
  });
});
