/**
 * Bulk actions on the selected rows: assign to an engineer, change the priority, comment,
 * cancel. Each ticket is its own request (the API acts on one ticket at a time, with its
 * version, so a ticket changed meanwhile is refused rather than overwritten), and each row's
 * outcome is reported in the server's words.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { ApiError, patch, post } from '../../shared/api.ts';
import { useStrings } from '../../shared/i18n.ts';
import { canTakeTickets, type People } from '../../shared/people.ts';
import { PRIORITIES, type Priority, type Ticket } from '../../shared/types.ts';
import { NAMESPACE, strings } from './strings.ts';

type BulkKind = 'assign' | 'priority' | 'comment' | 'cancel';

interface Values {
  assigneeId?: string;
  priority?: Priority;
  body?: string;
  internal?: boolean;
  reason?: string;
}

interface Outcome {
  ticket: Ticket;
  ok: boolean;
  message: string;
}

const CONCURRENCY = 4;

function request(kind: BulkKind, ticket: Ticket, values: Values): Promise<Ticket> {
  const path = `/tickets/${ticket.id}`;
  switch (kind) {
    case 'assign': return post<Ticket>(`${path}/actions/dispatch`, { assigneeId: values.assigneeId, version: ticket.version });
    case 'priority': return patch<Ticket>(path, { priority: values.priority, version: ticket.version });
    case 'comment': return post<Ticket>(`${path}/actions/comment`, { body: values.body, internal: values.internal === true });
    case 'cancel': return post<Ticket>(`${path}/actions/cancel`, { reason: values.reason, version: ticket.version });
  }
}

/** Runs the requests a few at a time, reporting progress; never throws. */
async function runAll(kind: BulkKind, tickets: Ticket[], values: Values, progress: (done: number) => void, network: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(tickets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tickets.length) {
      const index = next++;
      const ticket = tickets[index];
      try {
        outcomes[index] = { ticket: await request(kind, ticket, values), ok: true, message: '' };
      } catch (error) {
        outcomes[index] = { ticket, ok: false, message: error instanceof ApiError ? error.message : network };
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tickets.length) }, worker));
  return outcomes;
}

export function BulkActions({ tickets, supervisor, people, onUpdated, onSucceeded, onClear }: {
  tickets: Ticket[];
  /** Dispatchers, managers and admins may assign, reprioritise and cancel any ticket. */
  supervisor: boolean;
  people: People;
  onUpdated(ticket: Ticket): void;
  /** The tickets the action succeeded on: they leave the selection, the failed ones stay for another try. */
  onSucceeded(ids: string[]): void;
  onClear(): void;
}) {
  const { t } = useStrings(NAMESPACE, strings);
  const [kind, setKind] = useState<BulkKind | null>(null);
  const [running, setRunning] = useState<{ done: number } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [form] = Form.useForm<Values>();
  const count = tickets.length;

  async function apply(values: Values) {
    if (!kind) return;
    setRunning({ done: 0 });
    const results = await runAll(kind, tickets, values, (done) => setRunning({ done }), t('common:error.network'));
    const succeeded = results.filter((outcome) => outcome.ok);
    succeeded.forEach((outcome) => onUpdated(outcome.ticket));
    onSucceeded(succeeded.map((outcome) => outcome.ticket.id));
    setRunning(null);
    setKind(null);
    form.resetFields();
    setOutcomes(results);
  }

  const engineers = people.list.filter(canTakeTickets).map((person) => ({
    value: person.id,
    label: `${person.name}${person.availability === 'on_leave' ? t('bulk.onLeave') : ''}`,
  }));
  const titles: Record<BulkKind, string> = {
    assign: t('bulk.assignTitle', { count }), priority: t('bulk.priorityTitle', { count }),
    comment: t('bulk.commentTitle', { count }), cancel: t('bulk.cancelTitle', { count }),
  };
  const kinds: BulkKind[] = supervisor ? ['assign', 'priority', 'comment', 'cancel'] : ['comment'];
  const ok = outcomes?.filter((outcome) => outcome.ok).length ?? 0;

  return (
    <>
      {count > 0 && (
        <Flex wrap gap={8} align="center" className="ws-bulk" role="region" aria-label={t('selected', { count })}>
          <Typography.Text strong>{t('selected', { count })}</Typography.Text>
          {kinds.map((each) => (
            <Button key={each} size="small" danger={each === 'cancel'} onClick={() => setKind(each)}>{t(`bulk.${each}`)}</Button>
          ))}
          <Button size="small" type="link" onClick={onClear}>{t('clearSelection')}</Button>
        </Flex>
      )}

      <Modal open={!!kind} title={kind ? titles[kind] : ''} onCancel={() => !running && setKind(null)} destroyOnHidden
        okText={running ? t('bulk.running', { done: running.done, count }) : t('bulk.run')}
        okButtonProps={{ loading: !!running, danger: kind === 'cancel' }} onOk={() => form.submit()}>
        <Form form={form} layout="vertical" onFinish={(values) => void apply(values)} requiredMark={false}>
          {kind === 'assign' && (
            <Form.Item name="assigneeId" label={t('bulk.engineer')} rules={[{ required: true, message: t('bulk.engineerRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={engineers} />
            </Form.Item>
          )}
          {kind === 'priority' && (
            <Form.Item name="priority" label={t('filterPriority')} rules={[{ required: true, message: t('bulk.priorityRequired') }]}>
              <Select options={PRIORITIES.map((priority) => ({ value: priority, label: t(`common:priority.${priority}`) }))} />
            </Form.Item>
          )}
          {kind === 'comment' && (
            <>
              <Form.Item name="body" label={t('bulk.body')} rules={[{ required: true, whitespace: true, message: t('bulk.bodyRequired') }]}>
                <Input.TextArea rows={4} maxLength={20000} />
              </Form.Item>
              <Form.Item name="internal" valuePropName="checked"><Checkbox>{t('bulk.internal')}</Checkbox></Form.Item>
            </>
          )}
          {kind === 'cancel' && (
            <Form.Item name="reason" label={t('bulk.reason')} rules={[{ required: true, whitespace: true, message: t('bulk.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
        </Form>
      </Modal>

      <Modal open={!!outcomes} title={t('bulk.resultTitle', { ok, failed: (outcomes?.length ?? 0) - ok })}
        onCancel={() => setOutcomes(null)} footer={<Button type="primary" onClick={() => setOutcomes(null)}>{t('bulk.close')}</Button>}>
        {outcomes && ok < outcomes.length && <Alert type="warning" showIcon title={t('bulk.resultTitle', { ok, failed: outcomes.length - ok })} style={{ marginBottom: 12 }} />}
        <Table<Outcome> size="small" pagination={false} rowKey={(outcome) => outcome.ticket.id} dataSource={outcomes ?? []}
          columns={[
            { key: 'number', title: t('col.number'), render: (_, outcome) => outcome.ticket.number, width: 170 },
            {
              key: 'outcome', title: t('col.status'),
              render: (_, outcome) => (
                <span data-bulk-outcome={outcome.ok ? 'ok' : 'failed'}>
                  <Tag color={outcome.ok ? 'success' : 'error'}>{t(outcome.ok ? 'bulk.ok' : 'bulk.failed')}</Tag>
                  {outcome.message}
                </span>
              ),
            },
          ]} />
      </Modal>
    </>
  );
}
