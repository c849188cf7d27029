/**
 * One engineer on the board: availability, load, skills and, for the selected ticket, distance,
 * match and the engine's reasons. A drop target for a dragged ticket, with an "Assign" button
 * for the selected one (the keyboard's way).
 */
import { useState, type DragEvent } from 'react';
import { Button, Tag, Tooltip } from 'antd';
import { useStrings } from '../../shared/i18n.ts';
import { PART_NAMES, splitReason, type Availability, type EngineerRow } from './model.ts';
import { NAMESPACE, strings } from './strings.ts';
import { TICKET_DRAG_TYPE } from './TicketCard.tsx';

const AVAILABILITY_COLORS: Record<Availability, string> = { online: 'green', busy: 'orange', offline: 'default', on_leave: 'purple' };

interface Props {
  row: EngineerRow;
  /** The selected ticket's number, when one is selected and may be dispatched. */
  selectedNumber: string | null;
  busy: boolean;
  nameOf(id: string): string;
  onAssign(): void;
  onDropTicket(ticketId: string): void;
}

const percent = (value: number) => Math.round(value * 100);

/** Exclusion codes with their own words; a code the server adds later is shown as it comes. */
const KNOWN_REASONS = new Set(['not_engineer', 'inactive', 'declined', 'not_accepted', 'on_leave', 'offline', 'paused', 'out_of_scope',
  'missing_skill', 'skill_level', 'missing_certificate', 'certificate_expired']);

export function EngineerCard({ row, selectedNumber, busy, nameOf, onAssign, onDropTicket }: Props) {
  const { t } = useStrings(NAMESPACE, strings);
  const [over, setOver] = useState(false);
  const { engineer, load, candidate, recommended } = row;

  const accepts = (event: DragEvent) => event.dataTransfer.types.includes(TICKET_DRAG_TYPE);
  function dragOver(event: DragEvent<HTMLElement>) {
    if (!accepts(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(true);
  }
  function drop(event: DragEvent<HTMLElement>) {
    setOver(false);
    if (!accepts(event)) return;
    event.preventDefault();
    onDropTicket(event.dataTransfer.getData(TICKET_DRAG_TYPE));
  }

  const reason = candidate?.excludedBecause ? splitReason(candidate.excludedBecause) : null;
  const reasonText = reason && (KNOWN_REASONS.has(reason.code)
    ? t(`reason.${reason.code}`, { key: reason.key })
    : t('reason.other', { reason: candidate!.excludedBecause }));
  const className = ['board-engineer', over && 'is-over', recommended && 'is-recommended', reason && 'is-excluded'].filter(Boolean).join(' ');

  return (
    <li className={className} onDragOver={dragOver} onDragEnter={dragOver} onDragLeave={() => setOver(false)} onDrop={drop}
      aria-label={engineer.name} data-engineer-id={engineer.id}>
      <div className="board-engineer-head">
        <strong className="board-engineer-name">{engineer.name}</strong>
        <Tag color={AVAILABILITY_COLORS[engineer.availability]}>{t(`availability.${engineer.availability}`)}</Tag>
        {recommended && <Tag color="blue">{t('recommended')}</Tag>}
        <span className="board-engineer-action">
          {over ? <span className="board-engineer-drop">{t('dropHere', { name: engineer.name })}</span> : (
            <Button size="small" type={recommended ? 'primary' : 'default'} disabled={!selectedNumber} loading={busy} onClick={onAssign}
              aria-label={selectedNumber ? t('assignLabel', { number: selectedNumber, name: engineer.name }) : t('pickTicket')}>
              {t('assign')}
            </Button>
          )}
        </span>
      </div>
      <div className="board-engineer-meta">
        <Tooltip title={load ? t('loadDetail', { ...load }) : undefined}>
          <span tabIndex={load ? 0 : undefined}>{t('load', { count: load?.open ?? 0 })}</span>
        </Tooltip>
        {candidate && (
          <span>{candidate.distanceKm === null ? t('distanceUnknown') : t('distance', { km: candidate.distanceKm.toFixed(1) })}</span>
        )}
        {candidate && !reason && <span>{t('score', { score: percent(candidate.score) })}</span>}
        {candidate?.delegateFor && <span>{t('delegateFor', { name: nameOf(candidate.delegateFor) })}</span>}
        {reasonText && <span className="board-engineer-excluded">{reasonText}</span>}
      </div>
      <div className="board-engineer-skills" aria-label={t('skills')}>
        {engineer.skills.length ? engineer.skills.map((skill) => (
          <Tag key={skill.key} variant="filled">{skill.key} · {skill.level}</Tag>
        )) : <span className="board-muted">{t('noSkills')}</span>}
      </div>
      {recommended && candidate && (
        <div className="board-engineer-why">
          <span className="board-muted">{t('why')}:</span>
          {PART_NAMES.map((part) => (
            <span key={part} className="board-part">
              {t('partValue', { label: t(`part.${part}`), value: percent(candidate.parts[part]) })}
            </span>
          ))}
        </div>
      )}
    </li>
  );
}
