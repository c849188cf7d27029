import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from './import-devices.ts';
import { compileRowMapping, mapRow } from './import-mapping.ts';
import { userImport } from './import-users.ts';

describe('wallClockToInstant', () => {
  it.each([
    ['2024-05-01', 'Asia/Shanghai', '2024-04-30T16:00:00.000Z'],
    ['2024/6/1 08:30', 'Asia/Shanghai', '2024-06-01T00:30:00.000Z'],
    ['2024-06-01T08:30:15', 'Asia/Shanghai', '2024-06-01T00:30:15.000Z'],
    // Either side of New York's spring change: -05:00, then -04:00.
    ['2024-03-09 12:00', 'America/New_York', '2024-03-09T17:00:00.000Z'],
    ['2024-03-11 12:00', 'America/New_York', '2024-03-11T16:00:00.000Z'],
  ])('reads %s in %s as %s', (value, zone, instant) => {
    expect(wallClockToInstant(value, zone)).toBe(instant);
  });

  it('leaves instants, impossible dates and words for the schema to judge', () => {
    expect(wallClockToInstant('2024-05-01T08:00:00+08:00', 'Asia/Shanghai')).toBe('2024-05-01T08:00:00+08:00');
    expect(wallClockToInstant('2024-02-30', 'Asia/Shanghai')).toBe('2024-02-30');
    expect(wallClockToInstant('下周', 'Asia/Shanghai')).toBe('下周');
  });
});

describe('row mappings', () => {
  it('refuses a password target, unknown targets and bad skill keys, naming each rule', () => {
    expect(() => compileRowMapping([{ to: 'password', from: "$['密码']" }], userImport.targets)).toThrow(/rule 1 \(password.*never imported/);
    expect(() => compileRowMapping([{ to: 'salary', from: '$.a' }], userImport.targets)).toThrow(/rule 1 \(salary.*unknown target/);
    expect(() => compileRowMapping([{ to: 'skills.CNC', from: '$.a' }], userImport.targets)).toThrow(/unknown target/);
    expect(() => compileRowMapping([{ to: 'skills.cnc', from: '$.a' }], userImport.targets)).not.toThrow();
  });

  it('maps a row with the connectors\' transforms, leaving blanks out and naming the column of a failed rule', () => {
    const mapping = compileRowMapping([
      { to: 'email', from: "$['邮箱']", transforms: ['trim', 'lower'] },
      { to: 'name', from: "$['姓名']" },
      { to: 'phone', from: "$['手机']", required: true },
      { to: 'locale', value: 'zh-CN' },
    ], userImport.targets);
    expect(mapRow(mapping, 7, { 邮箱: ' Li@Example.CN ', 姓名: '' })).toEqual({
      mapped: { email: 'li@example.cn', locale: 'zh-CN' },
      problems: [{ row: 7, column: '手机', field: 'phone', message: 'is required but the row has no value there' }],
    });
  });
});
