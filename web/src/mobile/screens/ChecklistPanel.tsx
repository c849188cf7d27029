/** The closure checklist of a ticket, with the ticks still waiting in the outbox shown as pending. */
import { useStrings } from '../../shared/i18n.ts';
import type { ChecklistView } from '../data.ts';
import type { TickOp } from '../offline/overlay.ts';
import { mobileStrings } from '../strings.ts';
import { ChecklistItem } from './ChecklistItem.tsx';

export function ChecklistPanel({ checklist, ticks, ticket, editable }: {
  checklist: ChecklistView; ticks: ReadonlyMap<string, TickOp>; ticket: { id: string; number: string }; editable: boolean;
}) {
  const { t } = useStrings('mobile', mobileStrings);
  return (
    <section className="m-card" aria-labelledby="m-checklist-title">
      <h2 id="m-checklist-title">{t('checklist.title')}</h2>
      {checklist.items.length === 0 ? <p className="m-muted">{t('checklist.none')}</p> : (
        <ul className="m-checklist">
          {checklist.items.map((item) => (
            <ChecklistItem key={item.key} item={item} pending={ticks.get(item.key)} ticket={ticket} editable={editable} />
          ))}
        </ul>
      )}
    </section>
  );
}
