import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../platform/ids.ts';
import { idFloorAt, millisecondsOf } from './feed.ts';

describe('the live feed\'s time window over UUIDv7 ids', () => {
  it('reads the millisecond back from an id', () => {
    expect(millisecondsOf(uuidv7(Date.UTC(2026, 10, 24, 2)))).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 24, 2));
    expect(millisecondsOf(idFloorAt(1764000000123))).toBe(1764000000123);
  });

  it('bounds a window: the floor of a millisecond sorts before every id of it and after every earlier one', () => {
    const at = Date.UTC(2026, 10, 24, 2);
    const floor = idFloorAt(at);
    const later = Array.from({ length: 20 }, () => uuidv7(at + 5));
    expect(later.every((id) => id > floor)).toBe(true);
    expect(idFloorAt(at - 1) < floor).toBe(true);
    expect(idFloorAt(-5)).toBe('00000000-0000-0000-0000-000000000000');
  });
});
