/** The ticket types every tenant starts with; admins add more and change these. */
export interface TicketTypeSeed {
  key: string;
  nameZh: string;
  nameEn: string;
  defaultPriority: 'P1' | 'P2' | 'P3' | 'P4';
}

export const BUILTIN_TICKET_TYPES: TicketTypeSeed[] = [
  { key: 'repair', nameZh: '设备报修', nameEn: 'Repair', defaultPriority: 'P3' },
  { key: 'maintenance', nameZh: '保养维护', nameEn: 'Maintenance', defaultPriority: 'P4' },
  { key: 'emergency', nameZh: '紧急故障', nameEn: 'Emergency', defaultPriority: 'P1' },
  { key: 'parts_request', nameZh: '备件申请', nameEn: 'Parts request', defaultPriority: 'P3' },
  { key: 'it_incident', nameZh: 'IT 故障', nameEn: 'IT incident', defaultPriority: 'P3' },
  { key: 'complaint', nameZh: '客户投诉', nameEn: 'Complaint', defaultPriority: 'P2' },
  { key: 'consultation', nameZh: '咨询', nameEn: 'Consultation', defaultPriority: 'P4' },
];

export const DEFAULT_TICKET_TYPE = 'repair';
