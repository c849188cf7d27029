import { describe, expect, it } from 'vitest';
import { describeShortage, describeShortageEn, reasonLabel } from './explain.ts';

describe('reasonLabel', () => {
  const labels: [Parameters<typeof reasonLabel>[0], string][] = [
    ['missing_skill:plc', '缺少技能 plc'], ['skill_level:hydraulics', '技能 hydraulics 等级不足'],
    ['missing_certificate:electrical_hv', '无 electrical_hv 证书'], ['certificate_expired:electrical_hv', 'electrical_hv 证书已过期'],
    ['on_leave', '休假中'], ['not_accepted', '超时未接单'], ['declined', '已拒单'], ['out_of_scope', '不在负责区域'],
  ];
  for (const [reason, label] of labels) it(`says ${reason} as ${label}`, () => expect(reasonLabel(reason)).toBe(label));
});

describe('describeShortage', () => {
  it('counts the people left out for each reason, most first', () => {
    expect(describeShortage({ offline: 1, 'missing_skill:plc': 3 })).toBe('无可派工程师：4 人均不符合条件（缺少技能 plc 3 人，离线 1 人）。');
    expect(describeShortageEn({ offline: 1, 'missing_skill:plc': 3 })).toBe('Nobody can take this ticket: all 4 engineers are excluded (missing_skill:plc: 3, offline: 1).');
  });

  it('says so when the tenant has no engineers at all', () => {
    expect(describeShortage({})).toBe('无可派工程师：没有在职的工程师。');
    expect(describeShortageEn({})).toMatch(/no active engineers/);
  });
});
