/**
 * The ticket page: what was reported (description, fields, photos, voice notes, location,
 * device and its history), what happened (the timeline and comments), what can be done now
 * (actions for this user and status), and the clocks and checks around it (SLA, dispatch
 * proposal, other systems, closure checklist, the customer's verification QR code). It follows
 * the live ticket stream: a change by anyone reloads it.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Card, Col, Flex, Result, Row, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ApiError, get } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { usePeople } from '../../shared/people.ts';
import { useMe } from '../../shared/session.ts';
import { PRIORITY_COLORS, STATUS_COLORS } from '../../shared/ticket-colors.ts';
import { typeName, type TicketType } from '../../shared/ticket-forms.ts';
import { useTicketStream } from '../../shared/ticket-stream.ts';
import { hasRole, isStaff, type Ticket, type TicketEvent } from '../../shared/types.ts';
import { ActionBar, type PendingAction } from './actions.tsx';
import { ChecklistPanel } from './checklist.tsx';
import { Attachments, TicketFields, TicketLocation, type Attachment } from './details.tsx';
import { DevicePanel } from './device.tsx';
import { ExternalLinks } from './links.tsx';
import { mayAct, SUPERVISORS } from './model.ts';
import { ProposalPanel } from './proposal.tsx';
import { SlaPanel } from './sla-panel.tsx';
import { NAMESPACE, strings } from './strings.ts';
import { CommentForm, TicketTimeline } from './timeline.tsx';
import { VerificationPanel } from './verification.tsx';
import './ticket.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={<h2 className="tp-section-title">{title}</h2>}>
      {children}
    </Card>
  );
}

export default function TicketPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useStrings(NAMESPACE, strings);
  const me = useMe().data!;
  const people = usePeople();
  const queryClient = useQueryClient();
  const staff = isStaff(me);
  const valid = UUID.test(id);
  const [pending, setPending] = useState<PendingAction | null>(null);

  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => get<Ticket>(`/tickets/${id}`), enabled: valid });
  const events = useQuery({ queryKey: ['ticket', id, 'events'], queryFn: () => get<{ items: TicketEvent[] }>(`/tickets/${id}/events`), enabled: valid });
  const attachments = useQuery({
    queryKey: ['ticket', id, 'attachments'], queryFn: () => get<{ items: Attachment[] }>(`/tickets/${id}/attachments`), enabled: valid,
  });
  const typeKey = ticket.data?.type;
  const type = useQuery({
    queryKey: ['ticket-type', typeKey], queryFn: () => get<TicketType>(`/ticket-types/${encodeURIComponent(typeKey!)}`), enabled: !!typeKey, staleTime: 300_000,
  });
  const customerId = ticket.data?.customerId;
  const customer = useQuery({
    queryKey: ['customer', customerId], queryFn: () => get<{ name: string }>(`/customers/${customerId}`), enabled: !!customerId && staff, staleTime: 300_000,
  });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['ticket', id] });
  // The first "ready" comes right after the page loaded the ticket; later ones follow a lost connection.
  const readies = useRef(0);
  const live = useTicketStream({
    onChange: (change) => {
      if (change.ticketId === id) refresh();
    },
    onReady: () => {
      if (readies.current++ > 0) refresh();
    },
  });

  if (!valid || (ticket.error instanceof ApiError && ticket.error.status === 404)) {
    return <Result status="404" title="404" subTitle={t('notFound')} extra={<Link to="/workspace">{t('back')}</Link>} />;
  }
  if (ticket.isError) return <Result status="error" subTitle={t('common:error.generic', { message: ticket.error.message })} />;
  if (!ticket.data) return <div style={{ padding: 48, textAlign: 'center' }}><Spin description={t('common:loading')}><div style={{ height: 40 }} /></Spin></div>;

  const current = ticket.data;
  const supervisor = hasRole(me, ...SUPERVISORS);
  const done = (updated: Ticket) => {
    queryClient.setQueryData(['ticket', id], updated);
    refresh();
  };

  return (
    <Flex vertical gap={16} className="tp">
      <Link to="/workspace"><ArrowLeftOutlined aria-hidden /> {t('back')}</Link>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="start" wrap gap={8}>
            <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text type="secondary" copyable>{current.number}</Typography.Text>
              <Typography.Title level={3} style={{ margin: 0 }} className="tp-title">{current.title}</Typography.Title>
              <Flex wrap gap={6}>
                <Tag color={STATUS_COLORS[current.status]}>{t(`common:status.${current.status}`)}</Tag>
                <Tag color={PRIORITY_COLORS[current.priority]}>{t(`common:priority.${current.priority}`)}</Tag>
                <Tag>{type.data ? typeName(type.data, i18n.language) : current.type}</Tag>
              </Flex>
            </Flex>
            <span role="status" aria-live="polite" data-live={live}>
              <Badge status={live === 'live' ? 'processing' : live === 'connecting' ? 'default' : 'error'}
                text={t(`live.${live}`)} />
            </span>
          </Flex>
          <ActionBar ticket={current} me={me} t={t} people={people} pending={pending} setPending={setPending} onDone={done} />
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            <Section title={t('section.description')}>
              <Typography.Paragraph className="tp-text tp-description">{current.description}</Typography.Paragraph>
            </Section>
            <Section title={t('section.fields')}>
              <TicketFields ticket={current} type={type.data} t={t} people={people} language={i18n.language} customerName={customer.data?.name ?? null} />
            </Section>
            <Section title={t('section.attachments')}>
              <Attachments attachments={attachments.data?.items ?? []} t={t} />
            </Section>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12}><Section title={t('section.location')}><TicketLocation location={current.location} t={t} /></Section></Col>
              <Col xs={24} md={12}><Section title={t('section.device')}><DevicePanel ticket={current} t={t} /></Section></Col>
            </Row>
            <Section title={t('section.timeline')}>
              <TicketTimeline events={events.data?.items ?? []} t={t} people={people} language={i18n.language} />
              {mayAct(current, 'comment', me) && <CommentForm ticket={current} t={t} staff={staff} onDone={refresh} />}
            </Section>
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Section title={t('sla.title')}><SlaPanel ticket={current} t={t} /></Section>
            {supervisor && (
              <Section title={t('proposal.title')}>
                <ProposalPanel ticket={current} t={t} people={people}
                  onAssign={(userId) => setPending({ action: 'dispatch', preset: { assigneeId: userId } })} />
              </Section>
            )}
            {staff && <Section title={t('links.title')}><ExternalLinks ticketId={current.id} t={t} /></Section>}
            <Section title={t('checklist.title')}>
              <ChecklistPanel ticket={current} t={t} language={i18n.language} meId={me.id} attachments={attachments.data?.items ?? []} onChanged={refresh} />
            </Section>
            <Section title={t('verify.title')}><VerificationPanel ticket={current} t={t} /></Section>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
