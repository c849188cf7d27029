/**
 * The sync state: how many changes wait, whether the phone is offline, when the next try is,
 * and every refusal in plain words until the engineer has read it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useStrings } from '../../shared/i18n.ts';
import { useSync } from '../offline/SyncProvider.tsx';
import { mobileStrings } from '../strings.ts';
import { explainProblem } from './explain.ts';

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** One line under the title, always in sight: online or not, and how many changes wait. */
export function SyncState() {
  const { t } = useStrings('mobile', mobileStrings);
  const { engine, online, changes, sending, retryAt, signedOut } = useSync();
  const seconds = useSecondsUntil(retryAt);
  const waiting = changes.length;

  let detail: ReactNode = null;
  if (signedOut) detail = <Link to="/login?next=/">{t('sync.signInAgain')}</Link>;
  else if (waiting && !online) detail = t('sync.offlineHint');
  else if (waiting && sending) detail = t('sync.sending');
  else if (waiting && seconds !== null) {
    detail = (
      <>
        {t('sync.retryIn', { seconds })}{' '}
        <button type="button" className="m-link" onClick={() => engine.retryNow()}>{t('sync.retryNow')}</button>
      </>
    );
  }

  return (
    <div role="status" aria-live="polite" className={`m-sync-state ${waiting || signedOut ? 'is-waiting' : 'is-synced'}`}>
      <span className={`m-dot ${online ? 'is-online' : 'is-offline'}`} aria-hidden="true" />
      <span>{online ? t('sync.online') : t('sync.offline')}</span>
      <strong className="m-sync-count">{waiting ? t('sync.waiting', { count: waiting }) : t('sync.allSynced')}</strong>
      {detail && <span className="m-sync-detail">{detail}</span>}
    </div>
  );
}

/** Every change the server refused, in plain words, until the engineer has read it. */
export function SyncProblems() {
  const { t } = useStrings('mobile', mobileStrings);
  const { engine, problems } = useSync();
  if (!problems.length) return null;
  return (
    <section className="m-problems" aria-label={t('problem.title')}>
      {problems.map((problem) => {
        const { message, also } = explainProblem(problem, t);
        return (
          <div key={problem.id} role="alert" className="m-problem">
            <strong>{t('problem.title')}</strong>
            <p>{message}</p>
            {also && <p>{also}</p>}
            <button type="button" className="m-button" onClick={() => void engine.dismiss(problem.id)}>{t('problem.dismiss')}</button>
          </div>
        );
      })}
    </section>
  );
}
