import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { categoryOf, chooseRule, validateRule, type RuleInput } from './rules-model.ts';

const rule = (items: RuleInput['items'], extra: Partial<RuleInput> = {}): RuleInput => ({ ticketType: 'repair', items, reviewRequired: false, ...extra });

function refusal(input: RuleInput): { code: string; field: unknown } {
  try {
    validateRule(input);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.details.field };
    throw error;
  }
  throw new Error('validateRule accepted the rule');
}

describe('validateRule', () => {
  it('fills in the defaults and trims the text', () => {
    expect(validateRule(rule([{ key: 'insulation', label: ' 绝缘电阻 ', evidence: 'measurement', unit: 'MΩ', min: 0.5 }], { category: ' 断路器 ' })))
      .toEqual({
        ticketType: 'repair', category: '断路器', reviewRequired: false,
        items: [{ key: 'insulation', label: '绝缘电阻', labelEn: null, evidence: 'measurement', required: true, unit: 'MΩ', min: 0.5, max: null }],
      });
  });

  it.each([
    [rule([{ key: '1st', label: '照片', evidence: 'photo' }]), 'items[0].key'],
    [rule([{ key: 'photo one', label: '照片', evidence: 'photo' }]), 'items[0].key'],
    [rule([{ key: 'a'.repeat(41), label: '照片', evidence: 'photo' }]), 'items[0].key'],
    [rule([{ key: 'a', label: '照片', evidence: 'photo' }, { key: 'b', label: '日志', evidence: 'log' }, { key: 'a', label: '又一张', evidence: 'photo' }]), 'items[2].key'],
    [rule([{ key: 'a', label: '视频', evidence: 'video' }]), 'items[0].evidence'],
    [rule([{ key: 'a', label: '', evidence: 'photo' }]), 'items[0].label'],
    [rule([{ key: 'a', label: '电压', evidence: 'measurement', min: 5, max: 4 }]), 'items[0].min'],
    [rule([{ key: 'a', label: '电压', evidence: 'measurement', max: Number.POSITIVE_INFINITY }]), 'items[0].max'],
    [rule([{ key: 'a', label: '日志', evidence: 'log', min: 1 }]), 'items[0].min'],
    [rule([{ key: 'a', label: '报告', evidence: 'test_report', unit: 'V' }]), 'items[0].unit'],
    [rule([], { ticketType: '  ' }), 'ticketType'],
    [rule([], { category: '' }), 'category'],
    [rule(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, label: '照片', evidence: 'photo' }))), 'items'],
  ])('refuses %# with a 400 naming %s', (input, field) => {
    expect(refusal(input)).toEqual({ code: 'invalid_input', field });
  });

  it('accepts an equal min and max, and a rule with no items (review only)', () => {
    expect(validateRule(rule([{ key: 'a', label: '频率', evidence: 'measurement', min: 50, max: 50 }])).items[0]).toMatchObject({ min: 50, max: 50 });
    expect(validateRule(rule([], { reviewRequired: true })).items).toEqual([]);
  });
});

describe('chooseRule', () => {
  const rules = [
    { id: 'repair', ticketType: 'repair', category: null },
    { id: 'repair-breaker', ticketType: 'repair', category: '断路器' },
    { id: 'it-printer', ticketType: 'it_incident', category: '打印机' },
  ];

  it.each([
    ['repair', '断路器', 'repair-breaker'],
    ['repair', '变压器', 'repair'],
    ['repair', null, 'repair'],
    ['it_incident', '打印机', 'it-printer'],
    ['it_incident', '网络', undefined],
    ['it_incident', null, undefined],
    ['maintenance', '断路器', undefined],
  ])('a %s ticket of category %s falls under %s', (type, category, expected) => {
    expect(chooseRule(rules, type, category)?.id).toBe(expected);
  });

  it('reads the category from fields.category when it is text', () => {
    expect(categoryOf({ category: ' 断路器 ' })).toBe('断路器');
    expect(categoryOf({ category: ['a', 'b'] })).toBeNull();
    expect(categoryOf({ category: '  ' })).toBeNull();
    expect(categoryOf({})).toBeNull();
  });
});
