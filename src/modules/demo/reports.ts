/**
 * What a demo ticket says: its type, priority, description and the solution its engineer will
 * write, drawn from the fault catalogue with some variation in wording.
 */
import type { TicketView } from '../tickets/index.ts';
import type { DemoCustomer, DemoDevice } from './fixtures.ts';
import { FAULTS, IMPACTS, OPENINGS, SKILL_OF, URGENT_IMPACTS } from './faults.ts';
import type { SkillKey } from './people.ts';
import * as phrases from './phrases.ts';
import type { SeededRandom } from './random.ts';

type Priority = TicketView['priority'];

export type TicketKind = 'repair' | 'emergency' | 'maintenance' | 'it_incident' | 'parts_request' | 'complaint' | 'consultation';

export const KIND_WEIGHTS: readonly (readonly [TicketKind, number])[] = [
  ['repair', 46], ['emergency', 8], ['maintenance', 14], ['it_incident', 10], ['parts_request', 7], ['complaint', 5], ['consultation', 10],
];

export interface Report {
  kind: TicketKind;
  priority: Priority;
  description: string;
  customer: DemoCustomer;
  device: DemoDevice | null;
  /** Pass the device by id; otherwise intake finds it by the serial in the text, or not at all. */
  linkDevice: boolean;
  skill: SkillKey;
  solution: string;
  /** What a hold waits for. */
  part: string;
}

const faultsOf = (device: DemoDevice) =>
  FAULTS[device.model.family].filter((fault) => !fault.models || fault.models.includes(device.model.code));

function faultReport(random: SeededRandom, kind: TicketKind, device: DemoDevice): Report {
  const fault = random.pick(faultsOf(device));
  const urgent = kind === 'emergency';
  const mention = random.weighted([['serial', 3], ['site', 2], ['model', 2]] as const);
  const where = mention === 'serial' ? `${device.site}${device.model.name}（编号 ${device.serial}）`
    : mention === 'site' ? `${device.site}的${device.model.name.slice(device.model.name.indexOf(' ') + 1)}` : device.model.name;
  // "…加工中心主轴异响" reads as one phrase; an IT symptom or a code after a machine needs a pause.
  const joiner = device.model.family === 'it' || /^[A-Za-z]/.test(fault.symptom) ? '，' : '';
  const impact = urgent ? random.pick(URGENT_IMPACTS) : random.pick(IMPACTS);
  const description = `${urgent ? '' : random.pick(OPENINGS)}${where}${joiner}${fault.symptom}，${random.pick(fault.details)}。${impact}`;
  const platinum = device.owner.tier === 'platinum';
  const priority: Priority = urgent ? 'P1' : kind === 'it_incident'
    ? random.weighted([['P2', 1], ['P3', 2]] as const)
    : random.weighted([['P2', platinum ? 3 : 1], ['P3', 3], ['P4', 0.5]] as const);
  return {
    kind, priority, description, customer: device.owner, device, skill: SKILL_OF[device.model.family],
    // A serial in the text is enough for intake to link the machine; sometimes let it do so.
    linkDevice: mention !== 'serial' || random.chance(0.5),
    solution: random.pick(fault.solutions), part: fault.part ?? random.pick(phrases.GENERIC_PARTS),
  };
}

/** A report of the given kind about one of the machines (for complaints and questions, its owner). */
export function planReport(random: SeededRandom, kind: TicketKind, device: DemoDevice): Report {
  if (kind === 'repair' || kind === 'emergency' || kind === 'it_incident') return faultReport(random, kind, device);
  const values = {
    model: device.model.name, site: device.site, weekday: random.pick(phrases.WEEKDAYS),
    part: faultsOf(device).find((fault) => fault.part)?.part ?? random.pick(phrases.GENERIC_PARTS),
  };
  const base = { kind, customer: device.owner, skill: SKILL_OF[device.model.family], part: values.part };
  switch (kind) {
    case 'maintenance':
      return { ...base, priority: 'P4', device, linkDevice: true, description: phrases.fill(random.pick(phrases.MAINTENANCE_REQUESTS), values),
        solution: random.pick(phrases.MAINTENANCE_SOLUTIONS) };
    case 'parts_request':
      return { ...base, priority: 'P3', device, linkDevice: true, description: phrases.fill(random.pick(phrases.PARTS_REQUESTS), values),
        solution: random.pick(phrases.PARTS_SOLUTIONS) };
    case 'consultation':
      return { ...base, priority: 'P4', device: null, linkDevice: false, description: phrases.fill(random.pick(phrases.CONSULTATIONS), values),
        solution: random.pick(phrases.CONSULTATION_ANSWERS) };
    default:
      return { ...base, priority: 'P2', device: null, linkDevice: false, description: phrases.fill(random.pick(phrases.COMPLAINTS), values),
        solution: random.pick(phrases.COMPLAINT_ANSWERS) };
  }
}
