/** A refused change in plain words, in the engineer's language. */
import type { TFunction } from 'i18next';
import type { ChangeOp, SyncProblem } from '../offline/changes.ts';

export function changeLabel(op: ChangeOp, t: TFunction): string {
  switch (op.kind) {
    case 'action': return t(`change.${op.action}`);
    case 'comment': return t('change.comment');
    case 'upload': return t('change.upload', { name: op.name });
    case 'tick': return t('change.tick', { label: op.label });
  }
}

/** The refusal ("cancelled by someone else… your 'start' was not applied") and what else stayed unsent. */
export function explainProblem(problem: SyncProblem, t: TFunction): { message: string; also: string | null } {
  const [first, ...rest] = problem.changes;
  const base = { number: problem.ticketNumber, change: first ? changeLabel(first, t) : '' };
  const { reason } = problem;
  const message = reason.kind === 'changed'
    ? t('problem.changed', { ...base, status: t(`status.${reason.status}`, { ns: 'common' }) })
    : reason.kind === 'refused'
      ? t('problem.refused', { ...base, message: reason.message })
      : t(`problem.${reason.kind}`, base);
  const also = rest.length ? t('problem.alsoNotApplied', { changes: rest.map((op) => changeLabel(op, t)).join(t('listSeparator')) }) : null;
  return { message, also };
}
