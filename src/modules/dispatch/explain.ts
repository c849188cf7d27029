/**
 * Dispatch reasons in words for people: why nobody could take a ticket, as the dispatch-failed
 * queue and the alert show it. The data is zh-CN (the users' language); the API's error
 * message stays English like every other. Pure.
 */
import type { ExclusionReason } from './candidates.ts';

const FIXED: Record<string, string> = {
  not_engineer: '非工程师',
  inactive: '已停用',
  declined: '已拒单',
  not_accepted: '超时未接单',
  on_leave: '休假中',
  offline: '离线',
  paused: '暂停自动派单',
  out_of_scope: '不在负责区域',
};

const KEYED: Record<string, (key: string) => string> = {
  missing_skill: (key) => `缺少技能 ${key}`,
  skill_level: (key) => `技能 ${key} 等级不足`,
  missing_certificate: (key) => `无 ${key} 证书`,
  certificate_expired: (key) => `${key} 证书已过期`,
};

/** One exclusion reason in zh-CN, e.g. "缺少技能 plc". */
export function reasonLabel(reason: ExclusionReason): string {
  const colon = reason.indexOf(':');
  if (colon < 0) return FIXED[reason] ?? reason;
  const label = KEYED[reason.slice(0, colon)];
  return label ? label(reason.slice(colon + 1)) : reason;
}

/**
 * Why nobody can take a ticket, with how many were left out for each reason, most first:
 * "无可派工程师：4 人均不符合条件（缺少技能 plc 3 人，离线 1 人）".
 */
export function describeShortage(excludedFor: Partial<Record<ExclusionReason, number>>): string {
  const counts = (Object.entries(excludedFor) as [ExclusionReason, number][]).filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  if (!total) return '无可派工程师：没有在职的工程师。';
  return `无可派工程师：${total} 人均不符合条件（${counts.map(([reason, count]) => `${reasonLabel(reason)} ${count} 人`).join('，')}）。`;
}

/** The same in English, for the API's error message. */
export function describeShortageEn(excludedFor: Partial<Record<ExclusionReason, number>>): string {
  const counts = (Object.entries(excludedFor) as [ExclusionReason, number][]).filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  if (!total) return 'Nobody can take this ticket: the tenant has no active engineers.';
  return `Nobody can take this ticket: all ${total} engineers are excluded (${counts.map(([reason, count]) => `${reason}: ${count}`).join(', ')}).`;
}
