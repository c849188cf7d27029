/** The outbox and its sender for the signed-in engineer, and the hook the screens read them by. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { queryClient } from '../../shared/providers.tsx';
import type { Me } from '../../shared/types.ts';
import { keys } from '../data.ts';
import { Outbox } from './outbox.ts';
import { SyncEngine } from './sync.ts';

const SyncContext = createContext<SyncEngine | null>(null);

export function SyncProvider({ me, children, fallback }: { me: Me; children: ReactNode; fallback: (error: unknown) => ReactNode }) {
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let outbox: Outbox | undefined;
    let cancelled = false;
    Outbox.open(me.tenant.id, me.id).then((opened) => {
      if (cancelled) return opened.close();
      outbox = opened;
      const started = new SyncEngine(opened, me.id);
      const stopSending = started.start();
      // What the server answered goes straight into the screens; the rest is read again.
      const stopAnswered = started.onAnswered(({ ticketId, ticket, checklist }) => {
        if (ticket) queryClient.setQueryData(keys.ticket(ticketId), ticket);
        else void queryClient.invalidateQueries({ queryKey: keys.ticket(ticketId) });
        if (checklist) queryClient.setQueryData(keys.checklist(ticketId), checklist);
        else void queryClient.invalidateQueries({ queryKey: keys.checklist(ticketId) });
        void queryClient.invalidateQueries({ queryKey: keys.events(ticketId) });
        void queryClient.invalidateQueries({ queryKey: keys.mine });
      });
      stop = () => {
        stopAnswered();
        stopSending();
      };
      setEngine(started);
    }, (caught) => setError(caught));
    return () => {
      cancelled = true;
      stop?.();
      outbox?.close();
      setEngine(null);
    };
  }, [me.id, me.tenant.id]);

  if (error) return <>{fallback(error)}</>;
  if (!engine) return null;
  return <SyncContext.Provider value={engine}>{children}</SyncContext.Provider>;
}

/** The outbox's state (changes waiting, refusals, online, sending) and the engine to queue with. */
export function useSync() {
  const engine = useContext(SyncContext);
  if (!engine) throw new Error('useSync outside SyncProvider');
  const state = useSyncExternalStore(engine.subscribe, engine.getState);
  return { engine, ...state };
}
