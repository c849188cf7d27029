/**
 * One ticket type: its names, default priority, whether it is offered, its place in the list,
 * and its form. A new type is created with POST, an existing one saved with PATCH; what the
 * server refuses is shown in its own words.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../../shared/api.ts';
import { useStrings } from '../../../shared/i18n.ts';
import { typeName, type TicketType } from '../../../shared/ticket-forms.ts';
import { PRIORITIES, type Priority } from '../../../shared/types.ts';
import { GuidedQuestions } from '../../new-ticket/questions.tsx';
import { draftProblems, fieldsFromSchema, schemaFromFields, type DraftField } from './builder-model.ts';
import { FormBuilder } from './form-builder.tsx';
import { NAMESPACE, strings } from './strings.ts';

interface Settings {
  key: string;
  nameZh: string;
  nameEn: string;
  defaultPriority: Priority;
  active: boolean;
  position: number;
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;
const keyFromName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '').slice(0, 41);

/** What is saved, in a fixed order, to tell whether the editor holds unsaved changes. */
const snapshot = (settings: Partial<Settings>, fields: DraftField[]) => JSON.stringify([
  settings.key, settings.nameZh, settings.nameEn, settings.defaultPriority, settings.active, settings.position, schemaFromFields(fields).schema,
]);

export function TypeEditor({ type }: { type?: TicketType }) {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const common = useTranslation().t;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Settings>();
  const initial: Settings = type
    ? { key: type.key, nameZh: type.nameZh, nameEn: type.nameEn, defaultPriority: type.defaultPriority, active: type.active, position: type.position }
    : { key: '', nameZh: '', nameEn: '', defaultPriority: 'P3', active: true, position: 1000 };
  const [fields, setFields] = useState<DraftField[]>(() => fieldsFromSchema(type?.formSchema));
  const [saved, setSaved] = useState(() => snapshot(initial, fields));
  const settings = Form.useWatch((values: Settings) => values, form);
  const dirty = !!settings && snapshot(settings, fields) !== saved;
  const [problem, setProblem] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const save = useMutation({
    mutationFn: async (values: Settings) => {
      const { schema, names } = schemaFromFields(fields);
      const body = { nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), defaultPriority: values.defaultPriority,
        active: values.active, position: values.position, formSchema: schema };
      const answer = type
        ? await patch<TicketType>(`/ticket-types/${encodeURIComponent(type.key)}`, body)
        : await post<TicketType>('/ticket-types', { key: values.key, ...body });
      return { answer, names, values };
    },
    onSuccess: async ({ answer, names, values }) => {
      setProblem(null);
      await queryClient.invalidateQueries({ queryKey: ['ticket-types'] });
      if (!type) {
        message.success(t('created', { name: typeName(answer, i18n.language) }));
        navigate(`../${answer.key}`, { replace: true, relative: 'path' });
        return;
      }
      // The new fields keep their place in the editor and now have their keys.
      const named = fields.map((field, index) => ({ ...field, name: names[index] }));
      setFields(named);
      setSaved(snapshot(values, named));
      message.success(t('saved'));
    },
    onError: (error: Error) => setProblem(t('serverSaid', { message: error.message })),
  });

  async function submit() {
    let values: Settings;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const problems = draftProblems(fields);
    if (problems.length) {
      setProblem(problems.map((found) => (found.kind === 'needsLabel'
        ? t('needsLabel', { n: found.index + 1 })
        : t('needsOptions', { label: fields[found.index].titleZh || fields[found.index].titleEn }))).join('；'));
      return;
    }
    save.mutate(values);
  }

  const title = type ? t('editTitle', { name: typeName(type, i18n.language) }) : t('newTitle');
  const previewSchema = schemaFromFields(fields).schema;
  return (
    <div className="type-editor">
      <div className="type-editor-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('..', { relative: 'path' })}>{t('backToList')}</Button>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 160 }}>{title}</Typography.Title>
        <Space wrap>
          {dirty && <Tag color="orange">{t('unsaved')}</Tag>}
          <Button icon={<EyeOutlined />} onClick={() => setPreviewing(true)}>{t('preview')}</Button>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void submit()}>{common('action.save')}</Button>
        </Space>
      </div>
      {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} style={{ marginBottom: 16 }} role="alert" />}

      <Card title={t('settings')} size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" initialValues={initial} className="type-editor-settings" requiredMark={false}
          onValuesChange={(changed: Partial<Settings>) => {
            if (!type && 'nameEn' in changed && !form.isFieldTouched('key')) form.setFieldValue('key', keyFromName(changed.nameEn ?? ''));
          }}>
          <Form.Item name="nameZh" label={t('nameZh')} rules={[{ required: true, whitespace: true, message: t('required', { field: t('nameZh') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} rules={[{ required: true, whitespace: true, message: t('required', { field: t('nameEn') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="key" label={t('key')} extra={type ? undefined : t('keyHelp')}
            rules={type ? [] : [{ required: true, pattern: KEY_PATTERN, message: t('keyInvalid') }]}>
            <Input disabled={!!type} maxLength={41} />
          </Form.Item>
          <Form.Item name="defaultPriority" label={t('defaultPriority')}>
            <Select options={PRIORITIES.map((priority) => ({ value: priority, label: common(`priority.${priority}`) }))} />
          </Form.Item>
          <Form.Item name="position" label={t('position')} extra={t('positionHelp')}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked" extra={t('activeHelp')}>
            <Switch />
          </Form.Item>
        </Form>
      </Card>

      <Card title={t('form')} size="small">
        <Typography.Paragraph type="secondary">{t('formHelp')}</Typography.Paragraph>
        <FormBuilder fields={fields} onChange={setFields} />
      </Card>

      <Modal open={previewing} onCancel={() => setPreviewing(false)} footer={null} destroyOnHidden
        title={t('previewTitle', { name: settings ? typeName(settings, i18n.language) : title })}>
        {Object.keys(previewSchema.properties).length
          ? <Form layout="vertical"><GuidedQuestions schema={previewSchema} language={i18n.language} staff /></Form>
          : <Typography.Paragraph type="secondary">{t('previewEmpty')}</Typography.Paragraph>}
      </Modal>
    </div>
  );
}
