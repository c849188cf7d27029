import { describe, expect, it } from 'vitest';
import {
  eradicationRate, isRecurrence, missingForClose, normalizeErrorCode, problemNumber, recurrenceKeys, recurrenceReason,
  recurringKey, sameFault, similarCounts,
} from './matching.ts';

describe('error codes', () => {
  it.each([
    ['err-001 ', 'ERR-001'],
    ['  ERR-001', 'ERR-001'],
    ['\terr-001\n', 'ERR-001'],
    ['\u3000e42\u3000', 'E42'],
    [1001, '1001'],
  ])('normalises %j to %s', (raw, code) => {
    expect(normalizeErrorCode(raw)).toBe(code);
  });

  it.each([[''], ['   '], [null], [undefined], [{ code: 'E1' }], [['E1']], ['x'.repeat(65)]])('takes %j for no code', (raw) => {
    expect(normalizeErrorCode(raw)).toBeNull();
  });
});

describe('recurrence keys', () => {
  it('lists device, error code and customer, strongest first', () => {
    expect(recurrenceKeys({ deviceId: 'd1', customerId: 'c1', fields: { errorCode: 'e-7 ' } })).toEqual([
      { kind: 'device', value: 'd1' }, { kind: 'error_code', value: 'E-7' }, { kind: 'customer', value: 'c1' },
    ]);
  });

  it('has no key for a ticket with no device, code or customer', () => {
    expect(recurrenceKeys({ deviceId: null, customerId: null, fields: { errorCode: ' ' } })).toEqual([]);
  });
});

describe('the threshold', () => {
  it('makes the third ticket a recurrence when the threshold is 3, not the second', () => {
    expect(isRecurrence(1, 3)).toBe(false);
    expect(isRecurrence(2, 3)).toBe(true);
    expect(isRecurrence(5, 3)).toBe(true);
  });

  it('picks the strongest key that reaches it', () => {
    const keys = recurrenceKeys({ deviceId: 'd1', customerId: 'c1', fields: { errorCode: 'E1' } });
    expect(recurringKey(keys, new Map([['device', 1], ['error_code', 2], ['customer', 5]]), 3)).toEqual({ kind: 'error_code', value: 'E1' });
    expect(recurringKey(keys, new Map([['device', 1], ['error_code', 1], ['customer', 1]]), 3)).toBeUndefined();
  });
});

describe('what counts as the same fault', () => {
  const rows = [
    { kind: 'device' as const, description: null },
    { kind: 'customer' as const, description: '3号注塑机液压泵漏油，地面有油渍' },
    { kind: 'customer' as const, description: '注塑机液压泵漏油' },
    { kind: 'customer' as const, description: '打印机卡纸，无法打印发票' },
  ];

  it('counts a customer\'s tickets only when their descriptions are alike', () => {
    expect(sameFault('注塑机液压泵又漏油了', 'customer', rows)).toHaveLength(2);
    expect(similarCounts('注塑机液压泵又漏油了', [{ kind: 'device', value: 'd' }, { kind: 'customer', value: 'c' }], rows))
      .toEqual(new Map([['device', 1], ['customer', 2]]));
  });
});

describe('texts and numbers', () => {
  it('explains the reason in Chinese', () => {
    expect(recurrenceReason({ kind: 'device', value: 'd1' }, 15, 3)).toBe('同一设备 15 天内第 3 次报修');
    expect(recurrenceReason({ kind: 'error_code', value: 'ERR-001' }, 15, 4)).toBe('故障码 ERR-001 15 天内第 4 次出现');
    expect(recurrenceReason({ kind: 'customer', value: 'c1' }, 10, 3)).toBe('同一客户 10 天内第 3 次报修相似故障');
  });

  it('numbers problems per day with three digits', () => {
    expect(problemNumber('20261124', 7)).toBe('PRB-20261124-007');
    expect(problemNumber('20261124', 1234)).toBe('PRB-20261124-1234');
  });

  it('names what closing still lacks, blank counting as missing', () => {
    expect(missingForClose({ rootCause: null, correctiveAction: '  ' })).toEqual(['rootCause', 'correctiveAction']);
    expect(missingForClose({ rootCause: '油封老化', correctiveAction: null })).toEqual(['correctiveAction']);
    expect(missingForClose({ rootCause: '油封老化', correctiveAction: '更换油封并缩短保养周期' })).toEqual([]);
  });

  it('rates eradication to four decimals, null with nothing to rate', () => {
    expect(eradicationRate(3, 2)).toBe(0.6667);
    expect(eradicationRate(0, 0)).toBeNull();
  });
});
