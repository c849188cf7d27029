import { describe, expect, it } from 'vitest';
import { validateFields, validateFormSchema, type FormSchema } from './forms.ts';

const form: FormSchema = validateFormSchema({
  type: 'object',
  properties: {
    errorCode: { type: 'string', title: '故障代码', 'x-widget': 'text', maxLength: 20 },
    downtime: { type: 'number', 'x-widget': 'number', minimum: 0 },
    category: { type: 'string', 'x-widget': 'select', enum: ['电气', '机械'] },
    line: {
      type: 'array', 'x-widget': 'cascader', items: { type: 'string' },
      'x-options': [{ value: 'A', label: '一车间', children: [{ value: 'A1', label: '1号线' }] }],
    },
    visitDate: { type: 'string', 'x-widget': 'date', format: 'date' },
  },
  required: ['errorCode'],
});

describe('form schemas', () => {
  it.each([
    ['not an object form', { type: 'array' }],
    ['a field without a widget', { type: 'object', properties: { a: { type: 'string' } } }],
    ['a widget with the wrong type', { type: 'object', properties: { a: { type: 'string', 'x-widget': 'number' } } }],
    ['a select without options', { type: 'object', properties: { a: { type: 'string', 'x-widget': 'select' } } }],
    ['a cascader without a tree', { type: 'object', properties: { a: { type: 'array', 'x-widget': 'cascader' } } }],
    ['required naming no field', { type: 'object', properties: {}, required: ['ghost'] }],
    ['a field name with spaces', { type: 'object', properties: { 'a b': { type: 'string', 'x-widget': 'text' } } }],
  ])('refuses %s', (_name, schema) => {
    expect(() => validateFormSchema(schema)).toThrow(/Form schema/);
  });

  it('requires nothing unless the admin says so', () => {
    expect(validateFormSchema({ type: 'object', properties: { a: { type: 'string', 'x-widget': 'text' } } }).required).toEqual([]);
  });
});

describe('custom fields', () => {
  const check = (fields: Record<string, unknown>) => validateFields('test:v1', form, fields);

  it('accepts a complete, valid set', () => {
    expect(check({ errorCode: 'ALM-401', downtime: 2.5, category: '电气', line: ['A', 'A1'], visitDate: '2026-11-24' })).toEqual([]);
  });

  it('names every problem', () => {
    const problems = check({ downtime: -1, category: '液压', line: ['A', 'B9'], color: 'red', visitDate: 'tomorrow' });
    expect(problems.join('\n')).toMatch(/errorCode/);
    expect(problems.join('\n')).toMatch(/downtime/);
    expect(problems.join('\n')).toMatch(/category/);
    expect(problems.join('\n')).toMatch(/line is not a path/);
    expect(problems.join('\n')).toMatch(/color is not a field/);
    expect(problems.join('\n')).toMatch(/visitDate/);
  });
});
