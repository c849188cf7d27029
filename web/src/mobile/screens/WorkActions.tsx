/**
 * What the engineer can do next, by the ticket's status as it will be once the outbox is sent:
 * accept or decline an offer, start, resolve with a solution. Each goes to the outbox first.
 */
import { useId, useState } from 'react';
import { useStrings } from '../../shared/i18n.ts';
import type { Ticket } from '../../shared/types.ts';
import type { WorkAction } from '../offline/changes.ts';
import type { Overlaid } from '../offline/overlay.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { mobileStrings } from '../strings.ts';

type Props = { ticket: Overlaid<Ticket> };

function useQueueAction(ticket: Ticket) {
  const { engine } = useSync();
  return (action: WorkAction, fields: { reason?: string; solution?: string } = {}) =>
    engine.queue(ticket, [{ kind: 'action', action, ...fields }]);
}

export function OfferActions({ ticket }: Props) {
  const { t } = useStrings('mobile', mobileStrings);
  const queue = useQueueAction(ticket);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  if (ticket.declined) return <p className="m-note">{t('ticket.declinedPending')}</p>;
  return (
    <section className="m-actions">
      <div className="m-row">
        <button type="button" className="m-button is-primary is-large" onClick={() => void queue('accept')}>{t('ticket.accept')}</button>
        <button type="button" className="m-button is-large" aria-expanded={declining} onClick={() => setDeclining(!declining)}>{t('ticket.decline')}</button>
      </div>
      {declining && (
        <div className="m-form">
          <label htmlFor={reasonId}>{t('ticket.declineReason')}</label>
          <textarea id={reasonId} className="m-input" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          <button type="button" className="m-button is-danger" disabled={!reason.trim()}
            onClick={() => void queue('decline', { reason: reason.trim() })}>{t('ticket.declineConfirm')}</button>
        </div>
      )}
    </section>
  );
}

export function StartAction({ ticket }: Props) {
  const { t } = useStrings('mobile', mobileStrings);
  const queue = useQueueAction(ticket);
  return (
    <section className="m-actions">
      <button type="button" className="m-button is-primary is-large" onClick={() => void queue('start')}>{t('ticket.start')}</button>
    </section>
  );
}

export function ResolveForm({ ticket, missing }: Props & { missing: string[] }) {
  const { t } = useStrings('mobile', mobileStrings);
  const queue = useQueueAction(ticket);
  const [solution, setSolution] = useState('');
  const solutionId = useId();
  const hintId = useId();
  return (
    <section className="m-card m-form" aria-labelledby={`${solutionId}-title`}>
      <h2 id={`${solutionId}-title`}>{t('ticket.resolve')}</h2>
      <label htmlFor={solutionId}>{t('ticket.solution')}</label>
      <textarea id={solutionId} className="m-input" rows={3} value={solution} aria-describedby={hintId}
        onChange={(event) => setSolution(event.target.value)} />
      <p id={hintId} className={missing.length ? 'm-error' : 'm-muted'}>{missing.length ? t('ticket.resolveNeedsChecklist') : t('ticket.solutionHelp')}</p>
      <button type="button" className="m-button is-primary is-large" disabled={missing.length > 0 || !solution.trim()}
        onClick={() => void queue('resolve', { solution: solution.trim() })}>{t('ticket.resolve')}</button>
    </section>
  );
}
