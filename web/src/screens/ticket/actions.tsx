/**
 * The actions this user may take on the ticket now, as buttons; each opens a small form for
 * what it needs (an engineer, a reason, a solution, a result). The ticket's version goes with
 * the action, so a ticket someone changed meanwhile is refused (409) instead of overwritten;
 * refusals (403, 409, 422) are shown as the server words them.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Radio, Select } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, post } from '../../shared/api.ts';
import { canTakeTickets, type People } from '../../shared/people.ts';
import type { Me, Ticket } from '../../shared/types.ts';
import { ACTION_INPUTS, allowedActions, DANGEROUS, PRIMARY_ORDER, type Action } from './model.ts';

export interface PendingAction {
  action: Action;
  /** Values the form starts with (an engineer chosen from the proposal). */
  preset?: Record<string, string>;
}

interface Values {
  assigneeId?: string;
  reason?: string;
  solution?: string;
  result?: 'satisfied' | 'partial' | 'unresolved';
  comment?: string;
}

function ActionDialog({ ticket, pending, t, people, onClose, onDone }: {
  ticket: Ticket; pending: PendingAction; t: TFunction; people: People; onClose(): void; onDone(updated: Ticket): void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { action } = pending;
  const inputs = ACTION_INPUTS[action];
  const label = t(`action.${action}`);
  const required = (field: string) => [{ required: true, whitespace: true, message: t('input.required', { field: t(field) }) }];

  useEffect(() => {
    if (pending.preset) form.setFieldsValue(pending.preset);
  }, [form, pending]);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''));
    try {
      onDone(await post<Ticket>(`/tickets/${ticket.id}/actions/${action}`, { ...body, version: ticket.version }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('common:error.network'));
    } finally {
      setBusy(false);
    }
  }

  const engineers = people.list.filter(canTakeTickets).map((person) => ({
    value: person.id, label: `${person.name}${person.availability === 'on_leave' ? t('onLeave') : ''}`,
  }));

  return (
    <Modal open title={t('actionTitle', { action: label, number: ticket.number })} onCancel={onClose} destroyOnHidden
      okText={label} okButtonProps={{ loading: busy, danger: DANGEROUS.has(action) }} onOk={() => form.submit()}>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        {inputs.includes('assigneeId') && (
          <Form.Item name="assigneeId" label={t('input.assigneeId')} extra={t('input.assigneeAuto')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={engineers} />
          </Form.Item>
        )}
        {inputs.includes('reason') && (
          <Form.Item name="reason" label={t('input.reason')} rules={required('input.reason')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {inputs.includes('solution') && (
          <Form.Item name="solution" label={t('input.solution')} rules={required('input.solution')}>
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
        )}
        {inputs.includes('result') && (
          <Form.Item name="result" label={t('input.result')} rules={[{ required: true, message: t('input.required', { field: t('input.result') }) }]}>
            <Radio.Group options={(['satisfied', 'partial', 'unresolved'] as const).map((result) => ({ value: result, label: t(`result.${result}`) }))} />
          </Form.Item>
        )}
        {inputs.includes('comment') && (
          <Form.Item name="comment" label={t('input.comment')}>
            <Input.TextArea rows={2} maxLength={10000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ActionBar({ ticket, me, t, people, pending, setPending, onDone }: {
  ticket: Ticket; me: Me; t: TFunction; people: People;
  pending: PendingAction | null; setPending(pending: PendingAction | null): void; onDone(updated: Ticket): void;
}) {
  const { message } = App.useApp();
  const actions = allowedActions(ticket, me);
  const primary = PRIMARY_ORDER.find((action) => actions.includes(action));
  if (!actions.length && !pending) return null;
  return (
    <>
      <Flex wrap gap={8} role="group" aria-label={t('actions')}>
        {actions.map((action) => (
          <Button key={action} type={action === primary ? 'primary' : 'default'} danger={DANGEROUS.has(action)}
            onClick={() => setPending({ action })}>
            {t(`action.${action}`)}
          </Button>
        ))}
      </Flex>
      {pending && (
        <ActionDialog ticket={ticket} pending={pending} t={t} people={people} onClose={() => setPending(null)}
          onDone={(updated) => {
            setPending(null);
            void message.success(t('actionDone', { action: t(`action.${pending.action}`) }));
            onDone(updated);
          }} />
      )}
    </>
  );
}
