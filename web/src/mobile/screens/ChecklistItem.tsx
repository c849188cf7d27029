/**
 * One item of the closure checklist: what it needs, whether it is proven (on the server, or
 * waiting in the outbox), and the way to prove it: the camera for photos, a file for reports,
 * text for a log, a number within the range for a measurement.
 */
import { useId, useState, type ChangeEvent } from 'react';
import { CameraOutlined, CheckCircleFilled, CloudUploadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useStrings } from '../../shared/i18n.ts';
import type { ChecklistItemView } from '../data.ts';
import type { TickOp } from '../offline/overlay.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { mobileStrings } from '../strings.ts';
import { evidenceChanges } from './evidence.ts';
import { LocalPhoto } from './LocalPhoto.tsx';

const IMAGE_EVIDENCE = ['photo', 'screenshot', 'signature'];
const isImage = (mime: string) => mime.startsWith('image/') && mime !== 'image/svg+xml';

function rangeText(item: ChecklistItemView): string {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.min !== null && item.max !== null) return `${item.min}–${item.max}${unit}`;
  if (item.min !== null) return `≥ ${item.min}${unit}`;
  return item.max !== null ? `≤ ${item.max}${unit}` : '';
}

interface Props {
  item: ChecklistItemView;
  pending: TickOp | undefined;
  ticket: { id: string; number: string };
  editable: boolean;
}

function FileEvidence({ item, label, ticket, done }: { item: ChecklistItemView; label: string; ticket: Props['ticket']; done: boolean }) {
  const { t } = useStrings('mobile', mobileStrings);
  const { engine } = useSync();
  const id = useId();
  const image = IMAGE_EVIDENCE.includes(item.evidence);

  async function taken(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const { ops, files } = await evidenceChanges(file, { key: item.key, label });
    await engine.queue(ticket, ops, files);
  }

  return (
    <div className="m-evidence">
      <label htmlFor={id} className="m-button">
        {image ? <><CameraOutlined /> {done ? t('checklist.retakePhoto') : t('checklist.takePhoto')}</> : <><PaperClipOutlined /> {t('checklist.chooseFile')}</>}
      </label>
      <input id={id} className="m-visually-hidden" type="file" onChange={(event) => void taken(event)}
        {...(image ? { accept: 'image/*', capture: 'environment' as const } : {})}
        aria-label={image ? t('checklist.photoOf', { label }) : t('checklist.fileOf', { label })} />
    </div>
  );
}

function TextEvidence({ item, label, ticket }: { item: ChecklistItemView; label: string; ticket: Props['ticket'] }) {
  const { t } = useStrings('mobile', mobileStrings);
  const { engine } = useSync();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const measurement = item.evidence === 'measurement';
  const range = rangeText(item);

  function save() {
    if (measurement) {
      const value = Number(text.replace(',', '.'));
      if (!text.trim() || !Number.isFinite(value)) return setError(t('ticket.required', { field: label }));
      if ((item.min !== null && value < item.min) || (item.max !== null && value > item.max)) return setError(t('checklist.outOfRange', { range }));
      void engine.queue(ticket, [{ kind: 'tick', key: item.key, label, fileIds: [], value }]);
    } else {
      if (!text.trim()) return setError(t('ticket.required', { field: label }));
      void engine.queue(ticket, [{ kind: 'tick', key: item.key, label, fileIds: [], text }]);
    }
    setError(null);
    setText('');
  }

  return (
    <div className="m-evidence">
      {measurement ? (
        <input className="m-input" type="text" inputMode="decimal" value={text} onChange={(event) => setText(event.target.value)}
          aria-label={t('checklist.valueOf', { label })} placeholder={range && t('checklist.range', { range })} />
      ) : (
        <textarea className="m-input" rows={3} value={text} onChange={(event) => setText(event.target.value)} aria-label={t('checklist.logOf', { label })} />
      )}
      <button type="button" className="m-button" onClick={save}>{t('checklist.save')}</button>
      {error && <p className="m-error" role="alert">{error}</p>}
    </div>
  );
}

export function ChecklistItem({ item, pending, ticket, editable }: Props) {
  const { t, i18n } = useStrings('mobile', mobileStrings);
  const label = i18n.language === 'en' ? item.labelEn ?? item.label : item.label;
  const state = pending ? 'pending' : item.done ? 'done' : 'missing';
  const at = (iso: string) => new Date(iso).toLocaleString(i18n.language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const shownText = pending ? pending.text ?? (pending.value !== undefined ? String(pending.value) : null)
    : item.done?.text ?? (item.done?.value !== null && item.done?.value !== undefined ? String(item.done.value) : null);

  return (
    <li className={`m-check is-${state}`}>
      <div className="m-check-head">
        <span className="m-check-mark" aria-hidden="true">{state === 'done' ? <CheckCircleFilled /> : state === 'pending' ? <CloudUploadOutlined /> : <span className="m-ring" />}</span>
        <span className="m-check-label">{label}</span>
        {item.required && <span className="m-tag">{t('checklist.required')}</span>}
      </div>
      <div className="m-muted">
        {state === 'pending' ? t('sync.pendingTag')
          : item.done ? `${t('checklist.done')} · ${t('checklist.by', { name: item.done.byName ?? '', time: at(item.done.at) })}`
            : t('checklist.missing')}
      </div>
      {shownText && <p className="m-evidence-text">{shownText}{item.unit && item.evidence === 'measurement' ? ` ${item.unit}` : ''}</p>}
      <div className="m-thumbs">
        {pending?.fileIds.map((id) => <LocalPhoto key={id} fileId={id} alt={t('checklist.photoPreview')} />)}
        {!pending && item.done?.attachments.filter((file) => isImage(file.mime)).map((file) => (
          <img key={file.id} className="m-thumb" src={`/api/v1/attachments/${file.id}/content`} alt={file.name} />
        ))}
      </div>
      {editable && (item.evidence === 'log' || item.evidence === 'measurement'
        ? <TextEvidence item={item} label={label} ticket={ticket} />
        : <FileEvidence item={item} label={label} ticket={ticket} done={state !== 'missing'} />)}
    </li>
  );
}
