/**
 * SLA countdowns computed in the browser from a ticket's deadlines, ticking without asking the
 * server again. The response clock runs until the first human answer, the resolve clock until
 * the fix; a paused clock (on hold) shows what was left when it paused.
 */
import { useSyncExternalStore } from 'react';
import { defineStrings, useStrings } from './i18n.ts';
import type { Ticket } from './types.ts';
import './sla-clock.css';

export type ClockName = 'response' | 'resolve';

export type ClockReading =
  | { state: 'none' }
  | { state: 'stopped'; met: boolean }
  | { state: 'paused'; remainingSeconds: number | null }
  | { state: 'running'; remainingSeconds: number };

type SlaTicket = Pick<Ticket, 'sla' | 'status' | 'resolvedAt'>;

/** "About to breach": a running clock with less than this left, or already overdue. */
export const SOON_SECONDS = 3600;

const ENDED = new Set(['closed', 'cancelled']);

/** Where one clock of a ticket stands at `nowMs`. */
export function readClock(ticket: SlaTicket, clock: ClockName, nowMs: number): ClockReading {
  const { sla } = ticket;
  const dueAt = clock === 'response' ? sla.responseDueAt : sla.resolveDueAt;
  const stoppedAt = clock === 'response' ? sla.firstRespondedAt : ticket.resolvedAt;
  if (!dueAt) return { state: 'none' };
  if (stoppedAt) return { state: 'stopped', met: Date.parse(stoppedAt) <= Date.parse(dueAt) };
  if (ENDED.has(ticket.status) || (clock === 'resolve' && ticket.status === 'resolved')) return { state: 'stopped', met: true };
  if (sla.paused) return { state: 'paused', remainingSeconds: clock === 'response' ? sla.responseRemainingSeconds : sla.resolveRemainingSeconds };
  return { state: 'running', remainingSeconds: Math.floor((Date.parse(dueAt) - nowMs) / 1000) };
}

/** Seconds to the nearest running deadline (negative when overdue), or null when no clock runs. */
export function secondsToNearestDeadline(ticket: SlaTicket, nowMs: number): number | null {
  const running = (['response', 'resolve'] as const).map((clock) => readClock(ticket, clock, nowMs))
    .flatMap((reading) => (reading.state === 'running' ? [reading.remainingSeconds] : []));
  return running.length ? Math.min(...running) : null;
}

export const isAboutToBreach = (ticket: SlaTicket, nowMs: number, withinSeconds = SOON_SECONDS) => {
  const seconds = secondsToNearestDeadline(ticket, nowMs);
  return seconds !== null && seconds <= withinSeconds;
};

// --- one ticker for every countdown on the page --------------------------------------------

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  /** Stable, so React subscribes once per component rather than on every render. */
  subscribe(listener: () => void): () => void;
}

const tickers = new Map<number, Ticker>();

function tickerOf(periodMs: number): Ticker {
  const existing = tickers.get(periodMs);
  if (existing) return existing;
  const ticker: Ticker = {
    now: Date.now(),
    listeners: new Set(),
    subscribe(listener) {
      ticker.listeners.add(listener);
      if (!ticker.timer) {
        const tick = () => {
          ticker.now = Date.now();
          ticker.listeners.forEach((notify) => notify());
        };
        ticker.timer = setInterval(tick, periodMs);
        // The time may be old since the last countdown left: bring it up to date now, outside the render.
        setTimeout(tick, 0);
      }
      return () => {
        ticker.listeners.delete(listener);
        if (!ticker.listeners.size) {
          clearInterval(ticker.timer);
          ticker.timer = undefined;
        }
      };
    },
  };
  tickers.set(periodMs, ticker);
  return ticker;
}

/** The time now, re-rendering the caller every `periodMs` (all callers of a period share one timer). */
export function useNow(periodMs = 1000): number {
  const ticker = tickerOf(periodMs);
  return useSyncExternalStore(ticker.subscribe, () => ticker.now);
}

// --- the countdown ---------------------------------------------------------------------------

const strings = defineStrings({
  left: '剩余 {{time}}',
  overdue: '超时 {{time}}',
  paused: '已暂停',
  pausedLeft: '已暂停 · 剩余 {{time}}',
  responded: '已响应',
  respondedLate: '已响应（超时）',
  resolved: '已解决',
  resolvedLate: '已解决（超时）',
  ended: '—',
  none: '无时限',
  clockResponse: '响应时限',
  clockResolve: '解决时限',
  minutesSeconds: '{{minutes}}:{{seconds}}',
  hours: '{{hours}} 小时 {{minutes}} 分',
  days: '{{days}} 天 {{hours}} 小时',
}, {
  left: '{{time}} left',
  overdue: 'overdue {{time}}',
  paused: 'paused',
  pausedLeft: 'paused · {{time}} left',
  responded: 'responded',
  respondedLate: 'responded late',
  resolved: 'resolved',
  resolvedLate: 'resolved late',
  ended: '—',
  none: 'no deadline',
  clockResponse: 'Response',
  clockResolve: 'Resolution',
  minutesSeconds: '{{minutes}}:{{seconds}}',
  hours: '{{hours}} h {{minutes}} min',
  days: '{{days}} d {{hours}} h',
});

export function useSlaStrings() {
  return useStrings('slaClock', strings);
}

type Translate = ReturnType<typeof useSlaStrings>['t'];

export function formatDuration(t: Translate, totalSeconds: number): string {
  const seconds = Math.abs(totalSeconds);
  if (seconds < 3600) {
    return t('minutesSeconds', { minutes: Math.floor(seconds / 60), seconds: String(seconds % 60).padStart(2, '0') });
  }
  if (seconds < 86_400) return t('hours', { hours: Math.floor(seconds / 3600), minutes: Math.floor((seconds % 3600) / 60) });
  return t('days', { days: Math.floor(seconds / 86_400), hours: Math.floor((seconds % 86_400) / 3600) });
}

/** The words and the look of a clock reading. */
export function describeClock(t: Translate, clock: ClockName, reading: ClockReading): { text: string; tone: 'quiet' | 'normal' | 'soon' | 'overdue'; blink: boolean } {
  switch (reading.state) {
    case 'none':
      return { text: t('ended'), tone: 'quiet', blink: false };
    case 'stopped':
      if (clock === 'response') return { text: t(reading.met ? 'responded' : 'respondedLate'), tone: 'quiet', blink: false };
      return { text: t(reading.met ? 'resolved' : 'resolvedLate'), tone: 'quiet', blink: false };
    case 'paused':
      return {
        text: reading.remainingSeconds === null ? t('paused') : t('pausedLeft', { time: formatDuration(t, reading.remainingSeconds) }),
        tone: 'quiet', blink: false,
      };
    case 'running': {
      const overdue = reading.remainingSeconds < 0;
      return {
        text: t(overdue ? 'overdue' : 'left', { time: formatDuration(t, reading.remainingSeconds) }),
        tone: overdue ? 'overdue' : reading.remainingSeconds <= SOON_SECONDS ? 'soon' : 'normal',
        // A resolution overdue is the loudest state on the page.
        blink: overdue && clock === 'resolve',
      };
    }
  }
}

/** A live countdown of one of a ticket's clocks: amber under an hour, red overdue, blinking when the resolution is overdue. */
export function SlaCountdown({ ticket, clock }: { ticket: SlaTicket; clock: ClockName }) {
  const { t } = useSlaStrings();
  const now = useNow(1000);
  const { text, tone, blink } = describeClock(t, clock, readClock(ticket, clock, now));
  const className = ['sla-clock', tone !== 'normal' && `sla-clock--${tone}`, blink && 'sla-clock--blink'].filter(Boolean).join(' ');
  return (
    <span className={className} data-sla-clock={clock} data-sla-tone={tone} title={t(clock === 'response' ? 'clockResponse' : 'clockResolve')}>
      {text}
    </span>
  );
}
