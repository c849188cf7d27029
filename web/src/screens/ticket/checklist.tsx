/**
 * The closure checklist and its evidence (GET /tickets/{id}/checklist). The ticket's assignee
 * ticks items while the work is open, with what each asks for: images, a log, a report, a
 * measured value in range; the server checks the evidence and says what is wrong.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Select, Tag, Typography, Upload } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, UploadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError, del, get, put, upload } from '../../shared/api.ts';
import type { Ticket } from '../../shared/types.ts';
import type { Attachment } from './details.tsx';
import { attachmentUrl } from './model.ts';

type Evidence = 'photo' | 'screenshot' | 'log' | 'test_report' | 'measurement' | 'signature';

interface Item {
  key: string;
  label: string;
  labelEn: string | null;
  evidence: Evidence;
  required: boolean;
  unit: string | null;
  min: number | null;
  max: number | null;
  done: { attachments: { id: string; name: string; mime: string }[]; text: string | null; value: number | null; byName: string | null; at: string } | null;
}

interface Checklist {
  ruleId: string | null;
  reviewRequired: boolean;
  items: Item[];
  missing: string[];
  complete: boolean;
}

interface TickValues {
  attachmentIds?: string[];
  text?: string;
  value?: number;
}

const TICKABLE = new Set(['accepted', 'in_progress', 'on_hold']);

function TickDialog({ ticket, item, attachments, t, language, onClose, onSaved }: {
  ticket: Ticket; item: Item; attachments: Attachment[]; t: TFunction; language: string; onClose(): void; onSaved(): void;
}) {
  const [form] = Form.useForm<TickValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState<Attachment[]>([]);
  const { message } = App.useApp();
  const label = (language === 'en' && item.labelEn) || item.label;
  const files = [...attachments, ...uploaded.filter((file) => !attachments.some((known) => known.id === file.id))];

  async function addFile(file: File) {
    setError(null);
    try {
      const added = await upload<Attachment>(`/tickets/${ticket.id}/attachments`, file, file.name, { kind: 'evidence' });
      setUploaded((current) => [...current, added]);
      form.setFieldValue('attachmentIds', [...(form.getFieldValue('attachmentIds') ?? []), added.id]);
      void message.success(t('checklist.uploaded', { name: added.name }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('common:error.network'));
    }
  }

  async function save(values: TickValues) {
    setBusy(true);
    setError(null);
    try {
      await put(`/tickets/${ticket.id}/checklist/${encodeURIComponent(item.key)}`, {
        ...(values.attachmentIds?.length ? { attachmentIds: values.attachmentIds } : {}),
        ...(values.text?.trim() ? { text: values.text } : {}),
        ...(values.value !== undefined && values.value !== null ? { value: values.value } : {}),
      });
      void message.success(t('checklist.saved'));
      onSaved();
    } catch (caught) {
      // 422 names what the evidence lacks, in the server's words.
      setError(caught instanceof ApiError ? caught.message : t('common:error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('checklist.tickTitle', { label })} onCancel={onClose} onOk={() => form.submit()} okText={t('submit')}
      okButtonProps={{ loading: busy }} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
        {item.evidence === 'measurement' ? (
          <Form.Item name="value" label={`${t('checklist.value')}${item.unit ? ` (${item.unit})` : ''}`}
            extra={item.min !== null || item.max !== null ? t('checklist.range', { min: item.min ?? '−∞', max: item.max ?? '∞', unit: item.unit ?? '' }) : undefined}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="attachmentIds" label={t('checklist.files')}>
              <Select mode="multiple" allowClear options={files.map((file) => ({ value: file.id, label: file.name }))} />
            </Form.Item>
            <Upload beforeUpload={(file) => { void addFile(file); return false; }} showUploadList={false}
              accept={item.evidence === 'log' ? 'text/*,.log,.txt' : item.evidence === 'test_report' ? undefined : 'image/*'}>
              <Button icon={<UploadOutlined />}>{t('checklist.upload')}</Button>
            </Upload>
          </>
        )}
        {item.evidence === 'log' && (
          <Form.Item name="text" label={t('checklist.text')} style={{ marginTop: 12 }}>
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ChecklistPanel({ ticket, t, language, meId, attachments, onChanged }: {
  ticket: Ticket; t: TFunction; language: string; meId: string; attachments: Attachment[]; onChanged(): void;
}) {
  const checklist = useQuery({ queryKey: ['ticket', ticket.id, 'checklist'], queryFn: () => get<Checklist>(`/tickets/${ticket.id}/checklist`) });
  const [ticking, setTicking] = useState<Item | null>(null);
  const { message } = App.useApp();
  if (checklist.isError) return <Typography.Text type="danger">{checklist.error.message}</Typography.Text>;
  if (!checklist.data) return null;
  const { items, missing, complete, reviewRequired } = checklist.data;
  if (!items.length) return <Typography.Text type="secondary">{t('checklist.none')}</Typography.Text>;
  const mayTick = ticket.assigneeId === meId && TICKABLE.has(ticket.status);

  async function untick(item: Item) {
    try {
      await del(`/tickets/${ticket.id}/checklist/${encodeURIComponent(item.key)}`);
      onChanged();
    } catch (caught) {
      void message.error(caught instanceof ApiError ? caught.message : t('common:error.network'));
    }
  }

  return (
    <Flex vertical gap={8}>
      {complete
        ? <Typography.Text type="success">{t('checklist.complete')}</Typography.Text>
        : <Typography.Text type="warning">{t('checklist.incomplete', { count: missing.length })}</Typography.Text>}
      {reviewRequired && <Typography.Text type="secondary">{t('checklist.review')}</Typography.Text>}
      <ul className="tp-checklist">
        {items.map((item) => (
          <li key={item.key} data-checklist-item={item.key} data-done={item.done ? 'yes' : 'no'}>
            <Flex justify="space-between" align="start" gap={8} wrap>
              <span>
                {item.done ? <CheckCircleFilled style={{ color: '#52c41a' }} aria-hidden /> : <ClockCircleOutlined aria-hidden />}{' '}
                <Typography.Text>{(language === 'en' && item.labelEn) || item.label}</Typography.Text>{' '}
                <Tag>{t(`evidence.${item.evidence}`)}</Tag>
                <Tag color={item.required ? 'red' : 'default'}>{t(item.required ? 'checklist.required' : 'checklist.optional')}</Tag>
              </span>
              {mayTick && (
                <Flex gap={4}>
                  <Button size="small" onClick={() => setTicking(item)}>{t('checklist.tick')}</Button>
                  {item.done && <Button size="small" type="link" onClick={() => void untick(item)}>{t('checklist.untick')}</Button>}
                </Flex>
              )}
            </Flex>
            {item.done && (
              <div className="tp-evidence">
                <Typography.Text type="secondary">{t('checklist.done', { name: item.done.byName ?? '', at: dayjs(item.done.at).format('MM-DD HH:mm') })}</Typography.Text>
                {item.done.value !== null && <div>{item.done.value} {item.unit ?? ''}</div>}
                {item.done.text && <Typography.Paragraph className="tp-text" ellipsis={{ rows: 3, expandable: true }}>{item.done.text}</Typography.Paragraph>}
                {item.done.attachments.map((file) => (
                  <div key={file.id}><a href={attachmentUrl(file.id)} target="_blank" rel="noopener noreferrer">{file.name}</a></div>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      {ticking && (
        <TickDialog ticket={ticket} item={ticking} attachments={attachments} t={t} language={language}
          onClose={() => setTicking(null)} onSaved={() => { setTicking(null); onChanged(); }} />
      )}
    </Flex>
  );
}
