/**
 * The eradication rate: of the tickets closed in a period whose window (eradicationWindowDays,
 * default 30) has ended, the share not followed by a similar ticket within it (same device; or
 * same error code; or same customer and same type). Per ticket type, engineer or device model.
 */
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { getClosureSettings } from '../closure/index.ts';
import { eradicationByGroup, type EradicationDimension } from './eradication-store.ts';
import { eradicationRate } from './matching.ts';

const DEFAULT_PERIOD_DAYS = 90;

/** What a group without a key is called: tickets nobody was assigned, tickets with no device. */
const UNNAMED: Record<EradicationDimension, { zh: string; en: string }> = {
  type: { zh: '未知类型', en: 'Unknown type' },
  engineer: { zh: '未指派', en: 'Unassigned' },
  deviceModel: { zh: '未关联设备', en: 'No device' },
};

function parseTime(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new AppError('invalid_input', `${field} must be a date-time such as 2026-11-01T00:00:00+08:00.`, { field });
  return at;
}

export function createEradicationService(ctx: Ctx) {
  async function rate(actor: Actor, query: { by?: EradicationDimension; from?: string; to?: string }) {
    if (!hasRole(actor, 'admin', 'manager', 'dispatcher', 'expert')) {
      throw new AppError('forbidden', 'Only an admin, manager, dispatcher or expert may read the eradication rate.');
    }
    const now = ctx.clock.now();
    const by = query.by ?? 'type';
    const to = parseTime(query.to, 'to') ?? now;
    const from = parseTime(query.from, 'from') ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 24 * 3600 * 1000);
    if (from >= to) throw new AppError('invalid_input', 'from must be before to.', { field: 'from' });
    const { eradicationWindowDays: windowDays } = await getClosureSettings(ctx.db, actor.tenantId);
    const rows = await eradicationByGroup(ctx.db, actor.tenantId, { by, from, to, windowDays, now });
    const groups = rows.map((row) => ({
      key: row.key, label: row.label ?? UNNAMED[by].zh, labelEn: row.labelEn ?? UNNAMED[by].en,
      closed: row.closed, eradicated: row.eradicated, rate: eradicationRate(row.closed, row.eradicated), pending: row.pending,
    }));
    const sum = (field: 'closed' | 'eradicated' | 'pending') => groups.reduce((total, group) => total + group[field], 0);
    return {
      by, from: from.toISOString(), to: to.toISOString(), windowDays, groups, pending: sum('pending'),
      total: { closed: sum('closed'), eradicated: sum('eradicated'), rate: eradicationRate(sum('closed'), sum('eradicated')) },
    };
  }

  return { rate };
}
