/**
 * The guided questions of a ticket type: its form's fields, in the admin's order, as widgets
 * inside the new-ticket form (values under `fields`). None is required unless the admin said so.
 * Photo fields are left to the photo button; device fields need the device search, which only
 * staff may use.
 */
import type { ReactNode } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Cascader, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useStrings } from '../../shared/i18n.ts';
import { fieldLabel, isYesNo, type FormField, type FormSchema } from '../../shared/ticket-forms.ts';
import { answerableFields } from './answers.ts';
import { DeviceSelect } from './devices.tsx';
import { NAMESPACE, strings } from './strings.ts';

const optionsOf = (values: string[] | undefined) => (values ?? []).map((value) => ({ value, label: value }));

/** One field's control; Form.Item gives it the id its label points at, the value and onChange. */
function Widget({ field, label, id, ...control }: { field: FormField; label: string; id?: string; value?: unknown; onChange?: (value: unknown) => void }): ReactNode {
  const { t } = useStrings(NAMESPACE, strings);
  const value = control.value;
  const onChange = control.onChange ?? (() => {});
  switch (field['x-widget']) {
    case 'text':
      return <Input id={id} value={value as string} onChange={(event) => onChange(event.target.value)} maxLength={field.maxLength as number | undefined} />;
    case 'textarea':
      return <Input.TextArea id={id} value={value as string} onChange={(event) => onChange(event.target.value)} autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={field.maxLength as number | undefined} />;
    case 'number':
      return <InputNumber id={id} value={value as number | null} onChange={onChange} style={{ width: '100%' }}
        min={field.minimum as number | undefined} max={field.maximum as number | undefined} />;
    case 'select':
      if (isYesNo(field)) {
        return <Radio.Group id={id} aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}
          options={[{ value: 'yes', label: t('yes') }, { value: 'no', label: t('no') }]} />;
      }
      return <Select id={id} value={value as string | undefined} onChange={onChange} allowClear options={optionsOf(field.enum)} />;
    case 'multiselect':
      return <Select id={id} mode="multiple" value={value as string[] | undefined} onChange={onChange} allowClear options={optionsOf(field.items?.enum)} />;
    case 'cascader':
      return <Cascader id={id} value={value as string[] | undefined} onChange={onChange} options={field['x-options']} changeOnSelect={false} />;
    case 'date':
      return <DatePicker id={id} value={typeof value === 'string' && value ? dayjs(value) : null} style={{ width: '100%' }}
        onChange={(date: Dayjs | null) => onChange(date ? date.format('YYYY-MM-DD') : undefined)} />;
    case 'device':
      return <DeviceSelect id={id} value={value as string | undefined} onChange={(device) => onChange(device?.id)} />;
    default:
      return null;
  }
}

export function GuidedQuestions({ schema, language, staff }: { schema: FormSchema | undefined; language: string; staff: boolean }) {
  const { t } = useStrings(NAMESPACE, strings);
  const fields = answerableFields(schema, staff);
  if (!fields.length) return null;
  const anyRequired = fields.some((item) => item.required);
  return (
    <fieldset className="new-ticket-questions">
      <legend>{anyRequired ? t('questions') : t('questionsOptional')}</legend>
      {fields.map(({ name, field, required }) => {
        const label = fieldLabel(name, field, language);
        return (
          <Form.Item key={name} name={['fields', name]} label={label}
            rules={required ? [{ required: true, message: t('fieldRequired', { field: label }) }] : []}>
            <Widget field={field} label={label} />
          </Form.Item>
        );
      })}
    </fieldset>
  );
}
