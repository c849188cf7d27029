import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { checkEvidence, checklistIncomplete, entrySatisfies, missingItems, type ChecklistEntry, type EvidenceFile, type EvidenceInput } from './checklist-model.ts';
import type { ChecklistItem, EvidenceKind } from './rules-model.ts';

const item = (evidence: EvidenceKind, extra: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key: evidence, label: `${evidence} 项`, labelEn: null, evidence, required: true, unit: null, min: null, max: null, ...extra,
});
const file = (mime: string, name = 'file'): EvidenceFile => ({ id: `id-${name}`, name, mime });
const PNG = file('image/png', 'a.png');
const SVG = file('image/svg+xml', 'a.svg');
const TEXT = file('text/plain', 'a.log');
const PDF = file('application/pdf', 'a.pdf');
const input = (extra: Partial<EvidenceInput>): EvidenceInput => ({ files: [], text: null, value: null, ...extra });

function outcome(checked: ChecklistItem, evidence: EvidenceInput): string {
  try {
    checkEvidence(checked, evidence);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${String(error.details.field)}`;
    throw error;
  }
}

describe('checkEvidence', () => {
  const voltage = item('measurement', { unit: 'V', min: 210, max: 240 });
  it.each([
    ['photo', item('photo'), input({ files: [PNG] }), 'ok'],
    ['photo with a log beside it', item('photo'), input({ files: [TEXT, PNG] }), 'ok'],
    ['photo as a text file', item('photo'), input({ files: [TEXT] }), '422 attachmentIds'],
    ['photo as an SVG drawing', item('photo'), input({ files: [SVG] }), '422 attachmentIds'],
    ['photo with no file', item('photo'), input({ text: '照片已拍' }), '400 attachmentIds'],
    ['screenshot', item('screenshot'), input({ files: [PNG] }), 'ok'],
    ['screenshot as a PDF', item('screenshot'), input({ files: [PDF] }), '422 attachmentIds'],
    ['signature', item('signature'), input({ files: [PNG] }), 'ok'],
    ['signature with nothing', item('signature'), input({}), '400 attachmentIds'],
    ['test report as a PDF', item('test_report'), input({ files: [PDF] }), 'ok'],
    ['test report as a photo', item('test_report'), input({ files: [PNG] }), 'ok'],
    ['test report with none', item('test_report'), input({ text: '测试通过' }), '400 attachmentIds'],
    ['log as text', item('log'), input({ text: 'E042 cleared' }), 'ok'],
    ['log as a text file', item('log'), input({ files: [TEXT] }), 'ok'],
    ['log as blank text', item('log'), input({ text: ' \n ' }), '400 text'],
    ['log as an image', item('log'), input({ files: [PNG] }), '422 attachmentIds'],
    ['log too long', item('log'), input({ text: 'x'.repeat(20_001) }), '400 text'],
    ['measurement within range', voltage, input({ value: 220 }), 'ok'],
    ['measurement at the edges', voltage, input({ value: 240 }), 'ok'],
    ['measurement below range', voltage, input({ value: 209.9 }), '422 value'],
    ['measurement above range', voltage, input({ value: 380 }), '422 value'],
    ['measurement missing', voltage, input({ files: [PNG] }), '400 value'],
    ['measurement not finite', voltage, input({ value: Number.NaN }), '400 value'],
    ['measurement with no range', item('measurement'), input({ value: -3 }), 'ok'],
    ['a value on a photo', item('photo'), input({ files: [PNG], value: 3 }), '400 value'],
  ])('%s → %s', (_name, checked, evidence, expected) => {
    expect(outcome(checked, evidence)).toBe(expected);
  });

  it('names the range and the unit when a reading is out of spec', () => {
    expect(() => checkEvidence(item('measurement', { label: '输出电压', unit: 'V', min: 210, max: 240 }), input({ value: 180 })))
      .toThrow(/180 V is outside the range of "输出电压" \(measured value\), 210–240 V/);
    expect(() => checkEvidence(item('measurement', { min: 0.5 }), input({ value: 0.1 }))).toThrow(/at least 0\.5/);
  });
});

describe('what is missing', () => {
  const entry = (itemKey: string, evidence: EvidenceKind, value: number | null = null): ChecklistEntry =>
    ({ itemKey, evidence, attachmentIds: [], text: null, value, doneBy: 'u', doneAt: new Date(0) });
  const items = [item('photo'), item('log'), item('measurement', { min: 1, max: 2 }), item('signature', { required: false })];

  it('lists the required items not met, in the rule\'s order', () => {
    expect(missingItems(items, []).map((missing) => missing.key)).toEqual(['photo', 'log', 'measurement']);
    expect(missingItems(items, [entry('log', 'log'), entry('measurement', 'measurement', 1.5)]).map((missing) => missing.key)).toEqual(['photo']);
  });

  it('does not count a tick the rule no longer accepts', () => {
    expect(entrySatisfies(item('photo'), entry('photo', 'log'))).toBe(false);
    expect(entrySatisfies(item('measurement', { min: 1, max: 2 }), entry('measurement', 'measurement', 3))).toBe(false);
    expect(entrySatisfies(item('photo'), undefined)).toBe(false);
  });

  it('names every missing item, label and evidence, in Chinese and English', () => {
    const error = checklistIncomplete([item('photo', { label: '现场照片', labelEn: 'Site photo' }), item('log', { label: '日志' })]);
    expect(error.status).toBe(422);
    expect(error.message).toContain('现场照片（照片）、日志（日志摘录）');
    expect(error.message).toContain('Site photo (photo), 日志 (log excerpt)');
    expect(error.details.missing).toEqual([
      { key: 'photo', label: '现场照片', labelEn: 'Site photo', evidence: 'photo' },
      { key: 'log', label: '日志', labelEn: null, evidence: 'log' },
    ]);
  });
});
