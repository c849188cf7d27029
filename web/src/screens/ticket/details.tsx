/**
 * What the ticket says: its details and form fields (labelled as the type's form labels them),
 * its photos (thumbnails that open large) and voice notes (playable), and where it is (an
 * address with a link to a map). Everything the requester typed is rendered as text.
 */
import { Link } from 'react-router';
import { Descriptions, Empty, Flex, Image, Tag, Typography } from 'antd';
import { EnvironmentOutlined, FileOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { People } from '../../shared/people.ts';
import { fieldLabel, isYesNo, orderedFields, typeName, type FormField, type TicketType } from '../../shared/ticket-forms.ts';
import type { Ticket } from '../../shared/types.ts';
import { attachmentUrl, mapLink } from './model.ts';

export interface Attachment {
  id: string;
  mime: string;
  name: string;
  kind: 'photo' | 'audio' | 'evidence' | 'document';
  size: number;
  createdAt: string;
  fromTicketId?: string;
  fromTicketNumber?: string;
}

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

function cascadeText(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(' / ') : String(value);
}

/** A form field's value as text: yes/no in words, lists joined, objects as JSON. */
function fieldText(value: unknown, field: FormField | undefined, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  if (field && isYesNo(field) && (value === 'yes' || value === 'no')) return t(value);
  if (field?.['x-widget'] === 'cascader') return cascadeText(value);
  if (field?.['x-widget'] === 'photo' && Array.isArray(value)) return `${value.length}`;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function TicketFields({ ticket, type, t, people, language, customerName }: {
  ticket: Ticket; type: TicketType | undefined; t: TFunction; people: People; language: string; customerName: string | null;
}) {
  const items = [
    { key: 'type', label: t('field.type'), children: type ? typeName(type, language) : ticket.type },
    { key: 'requester', label: t('field.requester'), children: ticket.requesterId ? people.nameOf(ticket.requesterId) : '—' },
    {
      key: 'assignee', label: t('field.assignee'),
      children: ticket.assigneeId ? people.nameOf(ticket.assigneeId)
        : ticket.offeredTo.length ? `${t('field.offeredTo')}：${ticket.offeredTo.map((id) => people.nameOf(id)).join('、')}` : t('common:unassigned'),
    },
    ...(ticket.customerId ? [{ key: 'customer', label: t('field.customer'), children: customerName ?? '…' }] : []),
    { key: 'channel', label: t('field.channel'), children: ticket.channel },
    { key: 'created', label: t('field.created'), children: when(ticket.createdAt) },
    { key: 'updated', label: t('field.updated'), children: when(ticket.updatedAt) },
    ...(ticket.reopenCount ? [{ key: 'reopen', label: t('field.reopenCount'), children: String(ticket.reopenCount) }] : []),
    ...(ticket.duplicateOf ? [{
      key: 'duplicate', label: t('field.duplicateOf'),
      children: <Link to={`/tickets/${ticket.duplicateOf.id}`}>{ticket.duplicateOf.number}</Link>,
    }] : []),
    ...(ticket.holdReason ? [{ key: 'hold', label: t('field.holdReason'), children: <span className="tp-text">{ticket.holdReason}</span> }] : []),
    ...(ticket.dispatchFailure ? [{
      key: 'dispatchFailure', label: t('field.dispatchFailure'),
      children: <Typography.Text type="danger">{`${when(ticket.dispatchFailure.at)} ${ticket.dispatchFailure.reason ?? ''}`}</Typography.Text>,
    }] : []),
    ...(ticket.solution ? [{ key: 'solution', label: t('field.solution'), span: 'filled' as const, children: <span className="tp-text">{ticket.solution}</span> }] : []),
  ];

  const schemaFields = orderedFields(type?.formSchema);
  const known = new Set(schemaFields.map((entry) => entry.name));
  const custom = [
    ...schemaFields.filter(({ name }) => ticket.fields[name] !== undefined)
      .map(({ name, field }) => ({ key: `f-${name}`, label: fieldLabel(name, field, language), children: <span className="tp-text">{fieldText(ticket.fields[name], field, t)}</span> })),
    // Fields of an older version of the form keep their key as their label.
    ...Object.keys(ticket.fields).filter((name) => !known.has(name))
      .map((name) => ({ key: `f-${name}`, label: name, children: <span className="tp-text">{fieldText(ticket.fields[name], undefined, t)}</span> })),
  ];

  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('fields.custom')}</Typography.Title>
      {custom.length
        ? <Descriptions size="small" bordered column={1} items={custom} />
        : <Typography.Text type="secondary">{t('fields.none')}</Typography.Text>}
    </>
  );
}

export function Attachments({ attachments, t }: { attachments: Attachment[]; t: TFunction }) {
  const photos = attachments.filter((file) => file.mime.startsWith('image/'));
  const voices = attachments.filter((file) => file.mime.startsWith('audio/'));
  const others = attachments.filter((file) => !file.mime.startsWith('image/') && !file.mime.startsWith('audio/'));
  if (!attachments.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.none')} />;
  const from = (file: Attachment) => file.fromTicketNumber && <Tag>{t('attachments.fromDuplicate', { number: file.fromTicketNumber })}</Tag>;
  return (
    <Flex vertical gap={12}>
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={8}>
            {photos.map((file) => (
              <Image key={file.id} width={96} height={96} src={attachmentUrl(file.id)} alt={t('attachments.photoAlt', { name: file.name })}
                style={{ objectFit: 'cover', borderRadius: 6 }} />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {voices.map((file) => (
        <Flex key={file.id} wrap gap={8} align="center">
          <audio controls preload="metadata" src={attachmentUrl(file.id)} aria-label={t('attachments.voice', { name: file.name })} className="tp-audio" />
          <Typography.Text type="secondary">{file.name}</Typography.Text>
          {from(file)}
        </Flex>
      ))}
      {others.map((file) => (
        <Flex key={file.id} gap={8} align="center">
          <FileOutlined aria-hidden />
          <a href={attachmentUrl(file.id)} download={file.name} aria-label={t('attachments.download', { name: file.name })}>{file.name}</a>
          {from(file)}
        </Flex>
      ))}
    </Flex>
  );
}

/** The coordinates go to i18next as latitude/longitude: a value named `lng` would be taken for its language option. */
export function TicketLocation({ location, t }: { location: Ticket['location']; t: TFunction }) {
  if (!location) return <Typography.Text type="secondary">{t('location.none')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      {location.address && <Typography.Text className="tp-text"><EnvironmentOutlined aria-hidden /> {location.address}</Typography.Text>}
      <Typography.Text type="secondary">{t('location.coordinates', { latitude: location.lat.toFixed(5), longitude: location.lng.toFixed(5) })}</Typography.Text>
      <a href={mapLink(location)} target="_blank" rel="noopener noreferrer">{t('location.openMap')}</a>
    </Flex>
  );
}
