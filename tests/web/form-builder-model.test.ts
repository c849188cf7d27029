/**
 * The admin's form builder produces forms the server accepts, keeps what it does not edit, and
 * keeps the admin's order although the database (jsonb) does not keep the order of keys.
 */
import { describe, expect, it } from 'vitest';
import { validateFields, validateFormSchema } from '../../src/modules/tickets/forms.ts';
import {
  changeKind, CREATABLE_KINDS, draftProblems, fieldKey, fieldsFromSchema, moveField, newField, schemaFromFields, type DraftField, type FieldKind,
} from '../../web/src/screens/admin/ticket-types/builder-model.ts';
import { fieldLabel, orderedFields, type FormSchema } from '../../web/src/shared/ticket-forms.ts';

const field = (kind: FieldKind, titleEn: string, extra: Partial<DraftField> = {}): DraftField =>
  ({ ...newField(kind), titleZh: `${titleEn}（中文）`, titleEn, ...extra });

/** An answer a requester could give to a field of each kind. */
const ANSWERS: Record<string, unknown> = {
  text: 'E-204', textarea: '第一行\n第二行', number: 35, select: '电气', multiselect: ['电气', '机械'],
  yesno: 'yes', date: '2026-11-25', device: '0190a8b4-7c1e-7000-8000-000000000001',
};

describe('the form builder model', () => {
  it('builds, for every kind it offers, a form the server accepts and answers it validates', () => {
    const fields = CREATABLE_KINDS.map((kind) => field(kind, `The ${kind}`, ['select', 'multiselect'].includes(kind) ? { options: ['电气', '机械'] } : {}));
    const { schema, names } = schemaFromFields(fields);
    const accepted = validateFormSchema(schema);
    expect(Object.keys(accepted.properties)).toHaveLength(CREATABLE_KINDS.length);
    const answers = Object.fromEntries(CREATABLE_KINDS.map((kind, index) => [names[index], ANSWERS[kind]]));
    expect(validateFields('builder-test', accepted, answers)).toEqual([]);
    expect(validateFields('builder-test', accepted, { [names[CREATABLE_KINDS.indexOf('yesno')]]: 'maybe' })).not.toEqual([]);
    expect(accepted.required).toEqual([]);
  });

  it('keeps the admin\'s order, labels, options and required marks through a save and a reload', () => {
    const fields = [field('yesno', 'Line stopped', { required: true }), field('select', 'Fault category', { options: ['电气', ' 机械 ', '电气'] })];
    const { schema } = schemaFromFields(fields);
    // jsonb gives the keys back in its own order (shorter first): the order must not depend on it.
    const reloaded: FormSchema = JSON.parse(JSON.stringify({ ...schema, properties: Object.fromEntries(Object.entries(schema.properties).reverse()) }));
    const again = fieldsFromSchema(reloaded);
    expect(again.map((item) => [item.name, item.kind, item.titleZh, item.titleEn, item.options, item.required])).toEqual([
      ['lineStopped', 'yesno', 'Line stopped（中文）', 'Line stopped', [], true],
      ['faultCategory', 'select', 'Fault category（中文）', 'Fault category', ['电气', '机械'], false],
    ]);
    expect(schema.required).toEqual(['lineStopped']);
    expect(orderedFields(reloaded).map((item) => fieldLabel(item.name, item.field, 'en'))).toEqual(['Line stopped', 'Fault category']);
    expect(orderedFields(reloaded).map((item) => fieldLabel(item.name, item.field, 'zh-CN'))).toEqual(['Line stopped（中文）', 'Fault category（中文）']);
  });

  it('keeps what it does not edit, such as a cascade\'s tree or a maximum length, and drops a date\'s format when the kind changes', () => {
    const written: FormSchema = {
      type: 'object',
      properties: {
        line: { type: 'array', 'x-widget': 'cascader', items: { type: 'string' }, title: '产线', 'x-options': [{ value: 'A', label: '一车间' }] },
        code: { type: 'string', 'x-widget': 'text', title: '故障码', maxLength: 20 },
        visit: { type: 'string', 'x-widget': 'date', format: 'date', title: '上门日期' },
      },
    };
    const fields = fieldsFromSchema(written);
    const { schema } = schemaFromFields(fields);
    expect(schema.properties.line['x-options']).toEqual([{ value: 'A', label: '一车间' }]);
    expect(schema.properties.code.maxLength).toBe(20);
    expect(schema.properties.visit.format).toBe('date');
    const visit = fields.find((item) => item.name === 'visit')!;
    const asText = schemaFromFields([changeKind(visit, 'text')]).schema;
    expect(asText.properties.visit).not.toHaveProperty('format');
    expect(() => validateFormSchema(schema)).not.toThrow();
  });

  it('names new fields from their English label, never reusing a key, and moves fields', () => {
    expect(fieldKey('Fault category', new Set())).toBe('faultCategory');
    expect(fieldKey('Fault category', new Set(['faultCategory']))).toBe('faultCategory2');
    expect(fieldKey('', new Set(['field1']))).toBe('field2');
    expect(fieldKey('3 phase?', new Set())).toBe('field1');
    const [a, b, c] = ['a', 'b', 'c'].map((name) => ({ ...newField('text'), name }));
    expect(moveField([a, b, c], 2, 0).map((item) => item.name)).toEqual(['c', 'a', 'b']);
    expect(moveField([a, b, c], 0, 5)).toEqual([a, b, c]);
  });

  it('asks for a label and for options before saving, rather than sending what the server would refuse', () => {
    expect(draftProblems([newField('text'), { ...newField('select'), titleZh: '类别' }])).toEqual([
      { kind: 'needsLabel', index: 0 }, { kind: 'needsOptions', index: 1 },
    ]);
    expect(draftProblems([{ ...newField('select'), titleEn: 'Kind', options: ['A'] }])).toEqual([]);
  });
});
