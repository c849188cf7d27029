/**
 * The demo company's customers (invented names) and the machines it sold them. Pure planning
 * from the seeded random source; fixtures.ts writes it.
 */
import { SERVICE_POINTS, type ServicePointPlan } from './geography.ts';
import { demoEmail, mobilePhone, type NameMaker } from './people.ts';
import type { SeededRandom } from './random.ts';

export type Tier = 'platinum' | 'gold' | 'silver' | 'standard';
type Industry = 'auto' | 'electronics' | 'food' | 'mould' | 'pharma' | 'metal' | 'plastics' | 'appliance' | 'battery' | 'packaging';

/** The kind of machine, which decides its faults and the skill that repairs it. */
export type DeviceFamily = 'cnc' | 'hydraulics' | 'injection' | 'plc' | 'electrical' | 'compressor' | 'it';

const CUSTOMERS: readonly [name: string, point: string, industry: Industry, tier: Tier][] = [
  ['上海恒驰汽车零部件有限公司', 'SH', 'auto', 'platinum'],
  ['上海联盛电子科技有限公司', 'SH', 'electronics', 'gold'],
  ['上海佳禾食品有限公司', 'SH', 'food', 'silver'],
  ['上海宝腾精密模具有限公司', 'SH', 'mould', 'gold'],
  ['上海申联医药包装有限公司', 'SH', 'pharma', 'standard'],
  ['苏州瑞丰精密机械有限公司', 'SZ', 'metal', 'platinum'],
  ['昆山华锐电子有限公司', 'SZ', 'electronics', 'gold'],
  ['苏州新亚塑胶制品有限公司', 'SZ', 'plastics', 'silver'],
  ['苏州德润汽车部件有限公司', 'SZ', 'auto', 'standard'],
  ['杭州永信家电有限公司', 'HZ', 'appliance', 'gold'],
  ['杭州天润食品饮料有限公司', 'HZ', 'food', 'silver'],
  ['杭州中恒液压件有限公司', 'HZ', 'metal', 'standard'],
  ['杭州博远新材料有限公司', 'HZ', 'plastics', 'standard'],
  ['深圳比迅电子科技有限公司', 'SZN', 'electronics', 'platinum'],
  ['深圳华盛新能源电池有限公司', 'SZN', 'battery', 'gold'],
  ['深圳鑫达五金制品有限公司', 'SZN', 'metal', 'silver'],
  ['深圳联兴精密注塑有限公司', 'SZN', 'plastics', 'silver'],
  ['深圳安拓智能装备有限公司', 'SZN', 'metal', 'standard'],
  ['广州广骏汽车零部件有限公司', 'GZ', 'auto', 'platinum'],
  ['广州白云乳业有限公司', 'GZ', 'food', 'silver'],
  ['广州捷成包装材料有限公司', 'GZ', 'packaging', 'standard'],
  ['东莞市长盈模具有限公司', 'DG', 'mould', 'gold'],
  ['东莞市宏泰塑胶电子有限公司', 'DG', 'plastics', 'silver'],
  ['东莞市美嘉家具五金有限公司', 'DG', 'metal', 'standard'],
  ['北京京运汽车配件有限公司', 'BJ', 'auto', 'gold'],
  ['北京康源制药有限公司', 'BJ', 'pharma', 'silver'],
  ['北京中科智控设备有限公司', 'BJ', 'electronics', 'standard'],
  ['北京华通轨道交通装备有限公司', 'BJ', 'metal', 'gold'],
  ['天津滨海重工机械有限公司', 'TJ', 'metal', 'silver'],
  ['天津津成食品有限公司', 'TJ', 'food', 'standard'],
];

export interface DeviceModel {
  code: string;
  name: string;
  family: DeviceFamily;
  sites: readonly string[];
}

const MODELS: Record<string, DeviceModel> = Object.fromEntries(([
  ['VMC850', 'VMC850 立式加工中心', 'cnc', ['机加工车间', '1号车间', '2号车间']],
  ['VMC1160', 'VMC1160 立式加工中心', 'cnc', ['机加工车间', '2号车间']],
  ['HMC630', 'HMC630 卧式加工中心', 'cnc', ['机加工车间', '3号车间']],
  ['CK6150', 'CK6150 数控车床', 'cnc', ['车工车间', '1号车间']],
  ['LC3015', 'LC3015 光纤激光切割机', 'cnc', ['下料车间', '钣金车间']],
  ['YH32-315', 'YH32-315 四柱液压机', 'hydraulics', ['冲压车间', '2号车间']],
  ['YH27-500', 'YH27-500 框架式液压机', 'hydraulics', ['冲压车间', '成型车间']],
  ['IM260', 'HG-260 伺服注塑机', 'injection', ['注塑车间', '1号车间']],
  ['IM470', 'HG-470 伺服注塑机', 'injection', ['注塑车间', '2号车间']],
  ['PC1500', 'PC1500 PLC 控制柜', 'plc', ['总装车间', '包装车间', '灌装车间']],
  ['AL200', 'AL-200 自动化装配线', 'plc', ['总装车间', '装配车间']],
  ['AC37', 'AC-37 螺杆空压机', 'compressor', ['动力站房', '空压机房']],
  ['KYN28', 'KYN28-12 高压开关柜', 'electrical', ['配电房', '10kV 配电室']],
  ['SRV2U', 'HG-MES 2U 机架服务器', 'it', ['机房', '信息中心机房']],
  ['IPC610', 'IPC-610 工控机', 'it', ['总装车间', '质检室']],
] as const).map(([code, name, family, sites]) => [code, { code, name, family, sites }]));

/** Which machines each trade buys, by weight. */
const MIX: Record<Industry, readonly (readonly [string, number])[]> = {
  auto: [['VMC850', 4], ['HMC630', 3], ['CK6150', 3], ['YH32-315', 2], ['AL200', 2], ['AC37', 1], ['KYN28', 1], ['SRV2U', 1], ['IPC610', 1]],
  electronics: [['IM260', 2], ['PC1500', 3], ['AL200', 3], ['IPC610', 3], ['SRV2U', 2], ['AC37', 1], ['KYN28', 1]],
  food: [['PC1500', 4], ['AL200', 2], ['AC37', 2], ['KYN28', 1], ['SRV2U', 1], ['IPC610', 1]],
  mould: [['VMC850', 3], ['VMC1160', 4], ['HMC630', 2], ['LC3015', 1], ['AC37', 1], ['SRV2U', 1]],
  pharma: [['PC1500', 3], ['AL200', 2], ['IM260', 1], ['AC37', 2], ['KYN28', 1], ['SRV2U', 2], ['IPC610', 1]],
  metal: [['LC3015', 3], ['YH32-315', 3], ['YH27-500', 2], ['CK6150', 2], ['VMC850', 2], ['AC37', 1], ['KYN28', 1]],
  plastics: [['IM260', 4], ['IM470', 4], ['PC1500', 1], ['AC37', 2], ['KYN28', 1], ['IPC610', 1]],
  appliance: [['IM470', 3], ['YH32-315', 2], ['AL200', 3], ['PC1500', 2], ['AC37', 1], ['SRV2U', 1]],
  battery: [['AL200', 4], ['PC1500', 3], ['LC3015', 1], ['IPC610', 2], ['SRV2U', 2], ['KYN28', 1], ['AC37', 1]],
  packaging: [['IM260', 2], ['PC1500', 3], ['YH27-500', 1], ['AC37', 2], ['IPC610', 1]],
};

const TIER_DEVICE_WEIGHT: Record<Tier, number> = { platinum: 3, gold: 2, silver: 1.2, standard: 0.8 };

export interface CustomerPlan {
  index: number;
  name: string;
  tier: Tier;
  point: ServicePointPlan;
  contactName: string;
  contactEmail: string;
  phone: string;
  address: string;
  location: { lat: number; lng: number };
}

export interface DevicePlan {
  customer: CustomerPlan;
  model: DeviceModel;
  serial: string;
  site: string;
  address: string;
  location: { lat: number; lng: number };
  installedAt: Date;
  qrCode: string;
}

/** Customer 1's contact logs in as requester@…, the others as requester2@ … requester30@. */
export const contactLocalPart = (index: number) => (index === 0 ? 'requester' : `requester${index + 1}`);

export function planCustomers(random: SeededRandom, names: NameMaker): CustomerPlan[] {
  return CUSTOMERS.map(([name, pointCode, , tier], index) => {
    const point = SERVICE_POINTS.find((candidate) => candidate.code === pointCode)!;
    return {
      index, name, tier, point, contactName: names.make(), contactEmail: demoEmail(contactLocalPart(index)),
      phone: mobilePhone(random, point.phonePrefixes), address: `${random.pick(point.parks)} ${random.int(8, 999)} 号`,
      location: random.near(point, 25),
    };
  });
}

export function planDevices(random: SeededRandom, customers: CustomerPlan[], total: number, now: Date): DevicePlan[] {
  const weights = customers.map((customer) => [customer, TIER_DEVICE_WEIGHT[customer.tier]] as const);
  const qrCodes = new Set<string>();
  const devices: DevicePlan[] = [];
  for (let i = 0; i < total; i++) {
    // Every customer owns at least two machines; the rest go mostly to the big accounts.
    const customer = i < customers.length * 2 ? customers[i % customers.length] : random.weighted(weights);
    const model = MODELS[random.weighted(MIX[CUSTOMERS[customer.index][2]])];
    const installedAt = new Date(now.getTime() - random.int(120, 7 * 365) * 86_400_000);
    let qrCode = `LD-${random.base32(10)}`;
    while (qrCodes.has(qrCode)) qrCode = `LD-${random.base32(10)}`;
    qrCodes.add(qrCode);
    const site = random.pick(model.sites);
    devices.push({
      customer, model, site, installedAt, qrCode,
      serial: `HG-${model.code}-${installedAt.getUTCFullYear()}-${String(i + 1).padStart(4, '0')}`,
      address: `${customer.address} ${site}`, location: random.near(customer.location, 0.15),
    });
  }
  return devices;
}
