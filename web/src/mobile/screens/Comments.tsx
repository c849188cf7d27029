/** The ticket's comments, the engineer's own still in the outbox among them, and a box to write one. */
import { useId, useState } from 'react';
import { useStrings } from '../../shared/i18n.ts';
import { useMe } from '../../shared/session.ts';
import type { TicketEvent } from '../../shared/types.ts';
import { usePeople } from '../data.ts';
import type { QueuedChange } from '../offline/changes.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { mobileStrings } from '../strings.ts';

export function Comments({ ticket, events, pending }: {
  ticket: { id: string; number: string }; events: TicketEvent[]; pending: QueuedChange[];
}) {
  const { t, i18n } = useStrings('mobile', mobileStrings);
  const me = useMe().data!;
  const people = usePeople().data;
  const { engine } = useSync();
  const [body, setBody] = useState('');
  const inputId = useId();
  const at = (iso: string) => new Date(iso).toLocaleString(i18n.language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const comments = events.filter((event) => event.type === 'commented' && typeof event.data.body === 'string');
  const waiting = pending.flatMap((change) => change.op.kind === 'comment' ? [{ id: change.id, body: change.op.body }] : []);

  function send() {
    if (!body.trim()) return;
    void engine.queue(ticket, [{ kind: 'comment', body: body.trim() }]);
    setBody('');
  }

  return (
    <section className="m-card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('ticket.comments')}</h2>
      <ul className="m-comments">
        {comments.map((event) => (
          <li key={event.id}>
            <span className="m-muted">{(event.actorId && people?.get(event.actorId)) || (event.actorId === me.id ? me.name : '')} · {at(event.at)}</span>
            <p>{String(event.data.body)}</p>
          </li>
        ))}
        {waiting.map((comment) => (
          <li key={comment.id} className="is-pending">
            <span className="m-muted">{me.name} · <span className="m-tag m-pending">{t('sync.pendingTag')}</span></span>
            <p>{comment.body}</p>
          </li>
        ))}
      </ul>
      <div className="m-form">
        <label htmlFor={inputId} className="m-visually-hidden">{t('ticket.comment')}</label>
        <textarea id={inputId} className="m-input" rows={2} placeholder={t('ticket.comment')} value={body} onChange={(event) => setBody(event.target.value)} />
        <button type="button" className="m-button" disabled={!body.trim()} onClick={send}>{t('ticket.send')}</button>
      </div>
    </section>
  );
}
