/**
 * New ticket in five seconds: one sentence is a ticket. Photos, a voice note, the location, the
 * device and the type's guided questions are there for whoever wants them, and never in the way.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Typography } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { get } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { useMe } from '../../shared/session.ts';
import { typeName, type TicketType } from '../../shared/ticket-forms.ts';
import { isStaff } from '../../shared/types.ts';
import { AttachmentPreviews, PhotoButton, VoiceButton } from './attachments.tsx';
import { canScan, DeviceSelect, ScanButton, ScanDialog, type DeviceOption } from './devices.tsx';
import { LocationButton, LocationPanel, useLocating, type DraftLocation } from './location.tsx';
import { answerableFields, answeredFields } from './answers.ts';
import { Submitted } from './submitted.tsx';
import { useTicketSubmission, type CreateTicketBody, type PendingFile } from './submission.ts';
import { NAMESPACE, strings } from './strings.ts';
import './new-ticket.css';

const DEFAULT_TYPE = 'repair';
// The widgets of guided questions (dates, cascades…) load only for a type that has questions.
const GuidedQuestions = lazy(() => import('./questions.tsx').then((module) => ({ default: module.GuidedQuestions })));

interface Values {
  description: string;
  type?: string;
  fields?: Record<string, unknown>;
}

export default function NewTicket() {
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const me = useMe().data;
  const staff = isStaff(me ?? undefined);
  const [form] = Form.useForm<Values>();
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => get<{ items: TicketType[] }>('/ticket-types') });
  const typeKey = Form.useWatch('type', form);
  const type = types.data?.items.find((item) => item.key === typeKey);
  const questions = answerableFields(type?.formSchema, staff);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [location, setLocation] = useState<DraftLocation | null>(null);
  const locate = useLocating(setLocation);
  const [device, setDevice] = useState<DeviceOption | null>(null);
  const [choosingDevice, setChoosingDevice] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const submission = useTicketSubmission();
  const filesRef = useRef(files);
  filesRef.current = files;

  // The previews' object URLs live as long as the draft.
  useEffect(() => () => filesRef.current.forEach((file) => URL.revokeObjectURL(file.url)), []);

  useEffect(() => {
    const items = types.data?.items;
    if (items?.length && !form.getFieldValue('type')) {
      form.setFieldValue('type', (items.find((item) => item.key === DEFAULT_TYPE) ?? items[0]).key);
    }
  }, [types.data, form]);

  const deviceScanned = useCallback((found: DeviceOption) => {
    setDevice(found);
    setChoosingDevice(true);
    setScanning(false);
  }, []);

  function removeFile(file: PendingFile) {
    URL.revokeObjectURL(file.url);
    setFiles((current) => current.filter((item) => item.localId !== file.localId));
  }

  function startOver() {
    files.forEach((file) => URL.revokeObjectURL(file.url));
    setFiles([]);
    setLocation(null);
    setDevice(null);
    setChoosingDevice(false);
    setNotice(null);
    form.resetFields(['description', 'fields']);
    submission.reset();
  }

  async function send(values: Values) {
    const address = location?.address.trim();
    const coords = location?.coords;
    // Without coordinates the address still reaches the ticket, as a line of its description.
    const description = address && !coords ? `${values.description.trim()}\n\n${t('addressInDescription', { address })}` : values.description.trim();
    const known = new Set(questions.map(({ name }) => name));
    const fields = answeredFields(Object.fromEntries(Object.entries(values.fields ?? {}).filter(([name]) => known.has(name))));
    const body: CreateTicketBody = {
      description,
      channel: 'web',
      ...(values.type && { type: values.type }),
      ...(fields && { fields }),
      ...(coords && { location: { lat: coords.lat, lng: coords.lng, ...(address && { address }) } }),
      ...(device && { deviceId: device.id }),
    };
    await submission.submit(body, files);
  }

  if (submission.ticket) {
    return (
      <div className="new-ticket">
        <Submitted ticket={submission.ticket} files={submission.files} uploads={submission.uploads}
          onRetry={() => void submission.retryUploads()} onAnother={startOver} />
      </div>
    );
  }

  const showDevice = choosingDevice || !!device;
  return (
    <div className="new-ticket">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void send(values)}
        onValuesChange={(changed: Partial<Values>) => { if ('type' in changed) form.setFieldValue('fields', {}); }}>
        <Form.Item name="description" label={t('description')}
          rules={[{ required: true, whitespace: true, message: t('descriptionRequired') }]}>
          <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} placeholder={t('descriptionPlaceholder')}
            onKeyDown={(event) => { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit(); }} />
        </Form.Item>

        <div className="new-ticket-tools">
          <PhotoButton onAdd={(added) => setFiles((current) => [...current, ...added])} />
          <VoiceButton count={files.filter((file) => file.kind === 'audio').length} onError={setNotice}
            onAdd={(added) => setFiles((current) => [...current, added])} />
          <LocationButton active={!!location} onClick={locate} />
          {staff && <Button icon={<ToolOutlined />} type={showDevice ? 'primary' : 'default'} ghost={showDevice}
            onClick={() => setChoosingDevice(true)}>{t('device')}</Button>}
          {staff && <ScanButton onClick={() => setScanning(true)} />}
        </div>
        {notice && <Alert type="warning" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 12 }} />}
        <AttachmentPreviews files={files} onRemove={removeFile} />
        {location && <LocationPanel value={location} onChange={setLocation} />}
        {staff && showDevice && (
          <Form.Item label={t('chooseDevice')} htmlFor="new-ticket-device">
            <DeviceSelect id="new-ticket-device" value={device?.id} chosen={device}
              onChange={(next) => { setDevice(next); if (!next) setChoosingDevice(false); }} />
          </Form.Item>
        )}
        {staff && canScan() && <ScanDialog open={scanning} onClose={() => setScanning(false)} onFound={deviceScanned} />}

        <Form.Item name="type" label={t('type')}>
          <Select loading={types.isPending} options={(types.data?.items ?? []).map((item) => ({ value: item.key, label: typeName(item, i18n.language) }))} />
        </Form.Item>
        {questions.length > 0 && (
          <Suspense fallback={null}>
            <GuidedQuestions key={typeKey} schema={type?.formSchema} language={i18n.language} staff={staff} />
          </Suspense>
        )}

        {submission.error && <Alert type="error" showIcon title={submission.error.message} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={submission.sending}>{t('submit')}</Button>
        <Typography.Text type="secondary" className="new-ticket-hint">{t('submitHint')}</Typography.Text>
      </Form>
    </div>
  );
}
