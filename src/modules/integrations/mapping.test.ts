import { describe, expect, it } from 'vitest';
import { applyMapping, compileMapping, MappingError, type MappingRule } from './mapping.ts';
import { parseSelector, selectValue } from './mapping-select.ts';

const map = (rules: MappingRule[], document: unknown) =>
  applyMapping(compileMapping([{ to: 'externalId', value: 'X-1' }, ...rules]), document);

function problemsOf(rules: MappingRule[], document: unknown) {
  try {
    map(rules, document);
  } catch (error) {
    if (error instanceof MappingError) return error.problems;
    throw error;
  }
  throw new Error('expected the mapping to fail');
}

describe('selectors', () => {
  it.each([
    ['$.a.b', { a: { b: 1 } }, 1],
    ['$.items[0].code', { items: [{ code: 'E1' }, { code: 'E2' }] }, 'E1'],
    ['$.items[1].code', { items: [{ code: 'E1' }, { code: 'E2' }] }, 'E2'],
    ["$['故障代码']", { 故障代码: 'ERR-001' }, 'ERR-001'],
    ['$["a.b"]', { 'a.b': 3 }, 3],
    ['$.items[0].code', { items: { code: 'only' } }, 'only'],
    ['$.missing.deeper', { a: 1 }, undefined],
    ['$', 'whole', 'whole'],
  ])('%s selects from the document', (selector, document, expected) => {
    expect(selectValue(document, parseSelector(selector))).toEqual(expected);
  });

  it('does not reach inherited properties', () => {
    expect(selectValue({}, parseSelector('$.constructor'))).toBeUndefined();
  });

  it.each(['a.b', '$.', '$[x]', '$.a[', '$..a'])('refuses the malformed selector %s', (selector) => {
    expect(() => parseSelector(selector)).toThrow();
  });
});

describe('transforms', () => {
  it('maps "ERR-001 " with a trailing space after trim', () => {
    expect(map([{ to: 'fields.faultCode', from: '$.code', transforms: ['trim'] }], { code: 'ERR-001 ' }).fields.faultCode).toBe('ERR-001');
  });

  it('extracts 123 from the employee id E00123 through a regex and integer', () => {
    const rules: MappingRule[] = [{ to: 'fields.employeeNo', from: '$.emp', transforms: [{ op: 'regex', pattern: '^E0*(\\d+)$' }, 'integer'] }];
    expect(map(rules, { emp: 'E00123' }).fields.employeeNo).toBe(123);
  });

  it('maps status code 4 to resolved, with a default for the rest', () => {
    const rules: MappingRule[] = [{ to: 'externalState', from: '$.status_code', transforms: [{ op: 'map', values: { 4: '已完成', 1: '审批中' }, default: '未知' }] }];
    expect(map(rules, { status_code: 4 }).externalState).toBe('已完成');
    expect(map(rules, { status_code: '1' }).externalState).toBe('审批中');
    expect(map(rules, { status_code: 9 }).externalState).toBe('未知');
  });

  it('splits one remark into two fields', () => {
    const rules: MappingRule[] = [
      { to: 'title', from: '$.remark', transforms: [{ op: 'split', separator: '|', index: 0 }, 'trim'] },
      { to: 'description', from: '$.remark', transforms: [{ op: 'split', separator: '|', index: 1 }, 'trim'] },
    ];
    expect(map(rules, { remark: '3号线停机 | 主轴过热报警' })).toMatchObject({ title: '3号线停机', description: '主轴过热报警' });
  });

  it('upper-cases a priority and falls back to a default', () => {
    const rules: MappingRule[] = [{ to: 'priority', from: '$.level', transforms: ['trim', 'upper', { op: 'default', value: 'P3' }] }];
    expect(map(rules, { level: ' p1' }).priority).toBe('P1');
    expect(map(rules, {}).priority).toBe('P3');
  });

  it('coerces booleans and numbers from text, as XML sends them', () => {
    const rules: MappingRule[] = [
      { to: 'fields.urgent', from: '$.urgent', transforms: ['boolean'] },
      { to: 'fields.count', from: '$.count', transforms: ['number'] },
      { to: 'fields.label', from: '$.label', transforms: ['lower'] },
    ];
    expect(map(rules, { urgent: '是', count: '2.5', label: { '#text': 'ABC', '@id': '7' } }).fields).toEqual({ urgent: true, count: 2.5, label: 'abc' });
  });
});

describe('errors name the rule and the field', () => {
  it('names a regex that does not match', () => {
    const [problem] = problemsOf([{ to: 'fields.employeeNo', from: '$.emp', transforms: [{ op: 'regex', pattern: '^E(\\d+)$' }] }], { emp: 'X12' });
    expect(problem).toMatchObject({ rule: 1, to: 'fields.employeeNo', from: '$.emp' });
    expect(problem.message).toContain('does not match');
  });

  it('names a required value that is missing and an unknown map value, together', () => {
    const problems = problemsOf([
      { to: 'description', from: '$.text', required: true },
      { to: 'status', from: '$.code', transforms: [{ op: 'map', values: { 4: 'resolved' } }] },
    ], { code: 2 });
    expect(problems.map((problem) => problem.to)).toEqual(['description', 'status']);
  });

  it('refuses a priority that is not P1-P4 and a status no source may set', () => {
    expect(problemsOf([{ to: 'priority', value: 'urgent' }], {})[0].message).toContain('priority');
    expect(problemsOf([{ to: 'status', value: 'in_progress' }], {})[0].message).toContain('status');
  });

  it('checks a mapping when it is saved', () => {
    expect(() => compileMapping([{ to: 'externalId', from: '$.id' }, { to: 'nowhere', from: '$.x' }])).toThrow(/rule 2 \(nowhere/);
    expect(() => compileMapping([{ to: 'externalId', from: '$.id', transforms: [{ op: 'regex', pattern: '(' }] }])).toThrow(/does not compile/);
    expect(() => compileMapping([{ to: 'description', from: '$.text' }])).toThrow(/externalId/);
  });

  it('needs a value for the source id in every event', () => {
    const mapping = compileMapping([{ to: 'externalId', from: '$.id' }]);
    expect(() => applyMapping(mapping, {})).toThrow(/source's id/);
  });
});
