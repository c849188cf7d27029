/**
 * "Why this engineer": the dispatch proposal for a ticket waiting to be placed (GET
 * /tickets/{id}/dispatch-proposal), or the last decision once it was placed (GET
 * /tickets/{id}/dispatch-decisions), each candidate's score with its five parts as bars.
 * Dispatchers see it; one click assigns a proposed engineer.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { get } from '../../shared/api.ts';
import type { People } from '../../shared/people.ts';
import type { Ticket } from '../../shared/types.ts';

const PARTS = ['skill', 'distance', 'load', 'recent', 'results'] as const;
type Part = (typeof PARTS)[number];

interface Candidate {
  userId: string;
  name: string | null;
  score: number;
  parts: Record<Part, number>;
  distanceKm: number | null;
  delegateFor?: string;
  excludedBecause?: string;
}

interface Proposal {
  candidates: Candidate[];
  eligibleCount: number;
  excludedCount: number;
  weights: Record<Part, number>;
}

interface Decision extends Proposal {
  id: string;
  chosen: string[];
  createdAt: string;
}

const SHOWN = 5;

function exclusion(reason: string, t: TFunction): string {
  const [kind, detail] = reason.split(':');
  return t(`excluded.${kind}`, { detail: detail ?? '', defaultValue: reason });
}

function CandidateCard({ candidate, weights, t, people, chosen, onAssign }: {
  candidate: Candidate; weights: Record<Part, number>; t: TFunction; people: People; chosen: boolean; onAssign?: (userId: string) => void;
}) {
  const name = candidate.name ?? people.nameOf(candidate.userId);
  return (
    <div className="tp-candidate" data-candidate={candidate.userId}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{name}</Typography.Text>
        <Flex gap={6} align="center" wrap>
          {chosen && <Tag color="green">{t('proposal.chosen')}</Tag>}
          {!candidate.excludedBecause && <Tag color="blue">{t('proposal.score', { score: candidate.score.toFixed(2) })}</Tag>}
          {candidate.distanceKm !== null && <Typography.Text type="secondary">{t('proposal.distance', { km: candidate.distanceKm.toFixed(1) })}</Typography.Text>}
          {onAssign && !candidate.excludedBecause && (
            <Button size="small" onClick={() => onAssign(candidate.userId)} aria-label={`${t('proposal.assign')}: ${name}`}>{t('proposal.assign')}</Button>
          )}
        </Flex>
      </Flex>
      {candidate.delegateFor && <Typography.Text type="secondary">{t('proposal.delegate', { name: people.nameOf(candidate.delegateFor) })}</Typography.Text>}
      {candidate.excludedBecause
        ? <Typography.Text type="secondary">{t('proposal.excluded', { reason: exclusion(candidate.excludedBecause, t) })}</Typography.Text>
        : (
          <dl className="tp-parts">
            {PARTS.map((part) => (
              <div key={part} className="tp-part">
                <dt>
                  <Tooltip title={`×${weights[part]}`}><span>{t(`part.${part}`)}</span></Tooltip>
                </dt>
                <dd>
                  <Progress percent={Math.round(candidate.parts[part] * 100)} size="small" showInfo={false} aria-label={t(`part.${part}`)} />
                  <span className="tp-part-value">{candidate.parts[part].toFixed(2)}</span>
                </dd>
              </div>
            ))}
          </dl>
        )}
    </div>
  );
}

export function ProposalPanel({ ticket, t, people, onAssign }: { ticket: Ticket; t: TFunction; people: People; onAssign(userId: string): void }) {
  const waiting = ticket.status === 'new' || ticket.status === 'dispatched';
  const proposal = useQuery({
    queryKey: ['ticket', ticket.id, 'dispatch-proposal'],
    queryFn: () => get<Proposal>(`/tickets/${ticket.id}/dispatch-proposal`),
    enabled: waiting,
  });
  const decisions = useQuery({
    queryKey: ['ticket', ticket.id, 'dispatch-decisions'],
    queryFn: () => get<{ items: Decision[] }>(`/tickets/${ticket.id}/dispatch-decisions`),
    enabled: !waiting,
  });
  const source = waiting ? proposal : decisions;
  if (source.isError) return <Typography.Text type="danger">{source.error.message}</Typography.Text>;
  const decision = decisions.data?.items[0];
  const shown: Proposal | undefined = waiting ? proposal.data : decision;
  if (!shown) return <Typography.Text type="secondary">{source.isPending ? t('common:loading') : t('proposal.none')}</Typography.Text>;
  const ranked = shown.candidates.filter((candidate) => !candidate.excludedBecause).slice(0, SHOWN);
  const excluded = shown.candidates.filter((candidate) => candidate.excludedBecause).slice(0, SHOWN);
  return (
    <Flex vertical gap={8}>
      {decision && !waiting && <Typography.Text type="secondary">{t('proposal.decision', { at: dayjs(decision.createdAt).format('MM-DD HH:mm') })}</Typography.Text>}
      <Typography.Text type="secondary">{t('proposal.why')}</Typography.Text>
      <Typography.Text type="secondary">{t('proposal.eligible', { eligible: shown.eligibleCount, excluded: shown.excludedCount })}</Typography.Text>
      {ranked.length === 0 && <Typography.Text type="warning">{t('proposal.none')}</Typography.Text>}
      {ranked.map((candidate) => (
        <CandidateCard key={candidate.userId} candidate={candidate} weights={shown.weights} t={t} people={people}
          chosen={!waiting && !!decision?.chosen.includes(candidate.userId)} onAssign={waiting ? onAssign : undefined} />
      ))}
      {excluded.map((candidate) => (
        <CandidateCard key={candidate.userId} candidate={candidate} weights={shown.weights} t={t} people={people} chosen={false} />
      ))}
    </Flex>
  );
}
