/**
 * Who works at the demo company and who calls it: staff, ~40 field engineers spread over the
 * service points, and one contact per customer. Pure planning from the seeded random source;
 * fixtures.ts writes it.
 */
import type { Role } from '../../platform/http/actor.ts';
import type { Skill } from '../directory/index.ts';
import { REGIONS, SERVICE_POINTS, type ServicePointPlan } from './geography.ts';
import type { SeededRandom } from './random.ts';

export const DEMO_DOMAIN = 'demo.loopdesk';
export const demoEmail = (local: string) => `${local}@${DEMO_DOMAIN}`;

/** The skill a fault needs; electrical_hv is the high-voltage operating certificate. */
export const SKILL_KEYS = ['hydraulics', 'cnc', 'plc', 'electrical', 'it'] as const;
export type SkillKey = (typeof SKILL_KEYS)[number];
export const HV_CERTIFICATE = 'electrical_hv';

export type Availability = 'online' | 'busy' | 'offline' | 'on_leave';

export interface PersonPlan {
  email: string;
  name: string;
  phone: string;
  roles: Role[];
  /** A region or service point code, or 'HQ' / 'SUPPORT' for the company's own units. */
  unit: string;
  availability: Availability;
  location: { lat: number; lng: number } | null;
  skills: Skill[];
  /** For engineers on leave: the colleague who takes their work, and the window. */
  leave?: { delegateEmail: string; fromDaysAgo: number; untilDaysAhead: number };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '邓', '曹', '彭', '曾', '许', '蒋', '沈', '叶', '潘', '杜', '范', '钟', '汪'];
const GIVEN_NAMES = ['建国', '志强', '海涛', '晓东', '永刚', '文博', '立军', '俊杰', '子豪', '宇航', '国庆', '明辉', '振华', '德胜', '春雷', '家豪', '浩然', '嘉伟', '鹏飞', '世杰',
  '晓燕', '丽娟', '雪梅', '婷婷', '佳怡', '秀英', '海燕', '思远', '伟', '磊', '勇', '军', '斌', '峰', '超', '涛', '凯', '敏', '静', '刚', '鑫', '旭东', '志明', '红军', '卫东'];

/** Names that do not repeat within one demo. */
export class NameMaker {
  private used = new Set<string>();

  constructor(private random: SeededRandom) {}

  make(): string {
    for (;;) {
      const name = this.random.pick(SURNAMES) + this.random.pick(GIVEN_NAMES);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  reserve(name: string): string {
    this.used.add(name);
    return name;
  }
}

export function mobilePhone(random: SeededRandom, prefixes: readonly string[] = ['138', '139', '186']): string {
  return `${random.pick(prefixes)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** The office staff; the admin is created by provisionTenant and only listed for the logins. */
export function planStaff(random: SeededRandom, names: NameMaker): PersonPlan[] {
  const hq = SERVICE_POINTS[1]; // headquarters and the second-line support sit in Suzhou
  const person = (local: string, name: string, roles: Role[], unit: string, skills: Skill[] = []): PersonPlan => ({
    email: demoEmail(local), name: names.reserve(name), phone: mobilePhone(random, hq.phonePrefixes), roles, unit,
    availability: 'online', location: null, skills,
  });
  return [
    person('dispatcher', '李晓燕', ['dispatcher'], REGIONS[0].code),
    person('dispatcher2', '陈嘉欣', ['dispatcher'], REGIONS[1].code),
    person('dispatcher3', '王立新', ['dispatcher'], REGIONS[2].code),
    { ...person('expert', '高建国', ['expert'], 'SUPPORT', [
      { key: 'cnc', level: 5, expiresAt: null }, { key: 'hydraulics', level: 5, expiresAt: null },
      { key: 'plc', level: 5, expiresAt: null }, { key: 'electrical', level: 4, expiresAt: null },
    ]), location: { lat: hq.lat, lng: hq.lng } },
    person('manager', '赵志强', ['manager'], REGIONS[0].code),
    person('manager2', '黄伟明', ['manager'], REGIONS[1].code),
    person('manager3', '刘建华', ['manager'], REGIONS[2].code),
    person('finance', '孙丽娟', ['finance'], 'HQ'),
  ];
}

/** What each engineer of a service point is mainly good at, in hiring order. */
const PRIMARY_SKILLS: readonly SkillKey[] = ['cnc', 'hydraulics', 'plc', 'electrical', 'cnc', 'it', 'hydraulics'];

function planSkills(random: SeededRandom, primary: SkillKey, point: ServicePointPlan, now: Date): Skill[] {
  const skills: Skill[] = [{ key: primary, level: random.int(3, 5), expiresAt: null }];
  const others = SKILL_KEYS.filter((key) => key !== primary);
  for (const key of random.sample(others, random.int(1, 2))) skills.push({ key, level: random.int(1, 3), expiresAt: null });
  if (primary === 'electrical' || random.chance(0.3)) {
    const issued = random.int(2019, now.getUTCFullYear() - 1);
    // Certificates run six years; a few lapsed ones let dispatch show why someone is excluded.
    const expires = random.chance(0.2)
      ? new Date(now.getTime() - random.int(5, 120) * 86_400_000)
      : new Date(now.getTime() + random.int(60, 1500) * 86_400_000);
    skills.push({
      key: HV_CERTIFICATE, level: 3, certificateNo: `T${point.code}-HV-${issued}-${String(random.int(1, 9999)).padStart(4, '0')}`,
      expiresAt: expires.toISOString(),
    });
  }
  return skills;
}

/** engineer1 … engineerN, grouped by service point; the second of each group leads the point. */
export function planEngineers(random: SeededRandom, names: NameMaker, now: Date): { engineers: PersonPlan[]; leads: Map<string, string> } {
  const engineers: PersonPlan[] = [];
  const leads = new Map<string, string>();
  for (const point of SERVICE_POINTS) {
    for (let i = 0; i < point.engineers; i++) {
      const email = demoEmail(`engineer${engineers.length + 1}`);
      const lead = i === 1;
      if (lead) leads.set(point.code, email);
      engineers.push({
        email, name: names.make(), phone: mobilePhone(random, point.phonePrefixes),
        roles: lead ? ['engineer', 'manager'] : ['engineer'], unit: point.code,
        availability: random.weighted<Availability>([['online', 72], ['busy', 14], ['offline', 14]]),
        location: random.near(point, 8), skills: planSkills(random, PRIMARY_SKILLS[i % PRIMARY_SKILLS.length], point, now),
      });
    }
  }
  // Two engineers on leave, each with a colleague of the same point standing in.
  for (const [index, fromDaysAgo, untilDaysAhead] of [[11, 2, 5], [32, 1, 9]] as const) {
    const engineer = engineers[index];
    const delegate = engineers.find((other) => other.unit === engineer.unit && other !== engineer && !other.leave)!;
    engineer.availability = 'on_leave';
    engineer.leave = { delegateEmail: delegate.email, fromDaysAgo, untilDaysAhead };
  }
  return { engineers, leads };
}
