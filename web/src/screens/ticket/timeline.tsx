/**
 * The ticket's history in words: who did what, when, one line per event, with what they wrote
 * (a comment, a reason, a solution) below it as text. Comments are part of it; below it, the
 * box to write one (internal notes for staff).
 */
import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { ApiError, post } from '../../shared/api.ts';
import type { People } from '../../shared/people.ts';
import type { Ticket, TicketEvent } from '../../shared/types.ts';

interface Described {
  text: string;
  /** What someone wrote, shown as text under the line. */
  detail?: string;
  internal?: boolean;
  color: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(str) : []);

const COLORS: Record<string, string> = {
  created: 'blue', dispatched: 'blue', accepted: 'green', started: 'green', resolved: 'green', verified: 'green', closed: 'gray',
  declined: 'orange', held: 'orange', cancelled: 'gray', reopened: 'orange', sla_breached: 'red', escalated: 'red',
  dispatch_failed: 'red', offer_expired: 'orange', priority_raised: 'red', commented: 'gray',
};

export function describeEvent(event: TicketEvent, t: TFunction, people: People, language: string): Described {
  const data = event.data;
  const actor = event.actorId ? people.nameOf(event.actorId) : t('system');
  const names = (ids: string[]) => ids.map((id) => people.nameOf(id)).join(language === 'en' ? ', ' : '、');
  const color = COLORS[event.type] ?? 'gray';
  const say = (key: string, values: Record<string, unknown> = {}, detail?: unknown): Described =>
    ({ text: t(key, { actor, ...values }), detail: str(detail) || undefined, color });
  switch (event.type) {
    case 'dispatched': {
      const offer = list(data.offerTo);
      if (data.byEngine) return offer.length ? say('event.dispatchedEngineOffer', { names: names(offer) }, data.comment) : say('event.dispatchedEngine', { assignee: people.nameOf(str(data.assigneeId)) }, data.comment);
      return offer.length ? say('event.dispatchedOffer', { names: names(offer) }, data.comment) : say('event.dispatched', { assignee: people.nameOf(str(data.assigneeId)) }, data.comment);
    }
    case 'resolved': {
      const source = data.bySource as { system?: string } | undefined;
      return source ? say('event.resolvedBySource', { system: str(source.system) }, data.solution) : say('event.resolved', {}, data.solution);
    }
    case 'verified':
      return data.auto ? say('event.verifiedAuto') : say('event.verified', { result: t(`result.${str(data.result)}`) }, data.comment);
    case 'commented':
      return { ...say('event.commented', {}, data.body), internal: data.internal === true };
    case 'updated': {
      const fields = Object.keys((data.after as Record<string, unknown>) ?? {}).map((key) => t(`updated.${key}`, { defaultValue: key }));
      return say('event.updated', { fields: fields.join(language === 'en' ? ', ' : '、') });
    }
    case 'attachment_added':
      return say('event.attachment_added', {}, data.name);
    case 'checklist_item_done':
    case 'checklist_item_undone':
      return say(`event.${event.type}`, { key: str(data.key) });
    case 'sla_breached':
      return say('event.sla_breached', { clock: t(`clock.${str(data.clock)}`, { defaultValue: str(data.clock) }) });
    case 'escalated':
      return say('event.escalated', { step: str(data.stepName) || str(data.stepKey) });
    case 'priority_raised': {
      const before = (data.before as { priority?: string } | undefined)?.priority ?? data.from;
      const after = (data.after as { priority?: string } | undefined)?.priority ?? data.to;
      return say('event.priority_raised', { from: str(before), to: str(after) }, data.reason);
    }
    case 'offer_expired':
      return say('event.offer_expired', { names: names(list(data.userIds)) });
    case 'dispatch_failed':
      return say('event.dispatch_failed', {}, data.reason);
    case 'dispatch_paused':
      return say('event.dispatch_paused', { name: people.nameOf(str(data.userId)), until: dayjs(str(data.until)).format('MM-DD HH:mm') }, data.reason);
    case 'duplicate_detected':
      return say('event.duplicate_detected', { number: str(data.duplicateOfNumber) });
    case 'duplicate_linked':
      return say('event.duplicate_linked', { number: str(data.number) }, data.description);
    case 'review_requested':
      return say('event.review_requested', { round: str(data.round) });
    case 'review_approved':
      return say('event.review_approved', {}, data.comment);
    case 'review_sent_back':
    case 'review_withdrawn':
      return say(`event.${event.type}`, {}, data.reason);
    case 'survey_answered':
      return say('event.survey_answered', { stars: str(data.stars) }, data.answer);
    case 'linked_to_problem':
    case 'unlinked_from_problem':
    case 'recurrence_detected':
    case 'linked_ticket_opened':
      return say(`event.${event.type}`, { number: str(data.number) }, data.reason);
    case 'knowledge_article_saved':
      return say('event.knowledge_article_saved', {}, data.title);
    case 'created': case 'accepted': case 'started': case 'resumed': case 'closed': case 'survey_sent': case 'sla_recomputed':
      return say(`event.${event.type}`, {}, data.comment);
    case 'declined': case 'held': case 'reopened': case 'cancelled':
      return say(`event.${event.type}`, {}, data.reason ?? data.comment);
    default:
      return say('event.other', { type: event.type });
  }
}

export function TicketTimeline({ events, t, people, language }: { events: TicketEvent[]; t: TFunction; people: People; language: string }) {
  return (
    <Timeline
      items={events.map((event) => {
        const described = describeEvent(event, t, people, language);
        return {
          key: event.id,
          color: described.color,
          content: (
            <div data-event-type={event.type}>
              <Flex wrap gap={6} align="baseline">
                <Typography.Text>{described.text}</Typography.Text>
                {described.internal && <Tag color="gold">{t('comment.internalTag')}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <time dateTime={event.at}>{dayjs(event.at).format('YYYY-MM-DD HH:mm')}</time>
                </Typography.Text>
              </Flex>
              {described.detail && <Typography.Paragraph className="tp-text tp-event-detail">{described.detail}</Typography.Paragraph>}
            </div>
          ),
        };
      })}
    />
  );
}

/** The comment box: public by default, internal when staff tick it. */
export function CommentForm({ ticket, t, staff, onDone }: { ticket: Ticket; t: TFunction; staff: boolean; onDone(): void }) {
  const [form] = Form.useForm<{ body: string; internal?: boolean }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();

  async function send(values: { body: string; internal?: boolean }) {
    setBusy(true);
    try {
      await post(`/tickets/${ticket.id}/actions/comment`, { body: values.body, internal: values.internal === true });
      form.resetFields();
      void message.success(t('comment.sent'));
      onDone();
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : t('common:error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={(values) => void send(values)} requiredMark={false} className="tp-comment">
      <Form.Item name="body" label={t('comment.label')} rules={[{ required: true, whitespace: true, message: t('comment.required') }]}>
        <Input.TextArea rows={3} maxLength={20000} placeholder={t('comment.placeholder')} />
      </Form.Item>
      <Flex justify="space-between" align="center" wrap gap={8}>
        {staff ? <Form.Item name="internal" valuePropName="checked" noStyle><Checkbox>{t('comment.internal')}</Checkbox></Form.Item> : <span />}
        <Button type="primary" htmlType="submit" loading={busy}>{t('comment.submit')}</Button>
      </Flex>
    </Form>
  );
}
