import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_CONFIG, readDispatchConfig, validateDispatchConfig } from './config.ts';

describe('validateDispatchConfig', () => {
  it('fills what is left out with the defaults: propose, offers of 3, 30 minutes, nothing required', () => {
    expect(validateDispatchConfig({})).toEqual(DEFAULT_DISPATCH_CONFIG);
    expect(validateDispatchConfig({ mode: 'offer', requiredSkills: [{ key: 'plc' }] })).toEqual({
      ...DEFAULT_DISPATCH_CONFIG, mode: 'offer', requiredSkills: [{ key: 'plc', minLevel: 1 }],
    });
  });

  it('accepts the edges of every range', () => {
    expect(validateDispatchConfig({ offerCount: 1, acceptLimitSeconds: 10, requiredSkills: [{ key: 'a', minLevel: 5 }] }))
      .toMatchObject({ offerCount: 1, acceptLimitSeconds: 10 });
    expect(validateDispatchConfig({ offerCount: 20, acceptLimitSeconds: 86_400 })).toMatchObject({ offerCount: 20, acceptLimitSeconds: 86_400 });
  });

  it('names each certificate once', () => {
    expect(validateDispatchConfig({ certificates: ['electrical_hv', 'electrical_hv'] }).certificates).toEqual(['electrical_hv']);
  });

  const refusals: [string, unknown, string][] = [
    ['something that is not an object', [], 'dispatch'],
    ['an unknown setting', { speed: 1 }, 'speed'],
    ['an unknown mode', { mode: 'round_robin' }, 'mode'],
    ['an offer count of 0', { offerCount: 0 }, 'offerCount'],
    ['an offer count of 21', { offerCount: 21 }, 'offerCount'],
    ['a fractional time to accept', { acceptLimitSeconds: 60.5 }, 'acceptLimitSeconds'],
    ['9 seconds to accept', { acceptLimitSeconds: 9 }, 'acceptLimitSeconds'],
    ['skills that are not a list', { requiredSkills: 'plc' }, 'requiredSkills'],
    ['a skill without a key', { requiredSkills: [{ minLevel: 2 }] }, 'requiredSkills[0].key'],
    ['a skill with a stray field', { requiredSkills: [{ key: 'plc', level: 2 }] }, 'requiredSkills[0].level'],
    ['a skill level of 6', { requiredSkills: [{ key: 'plc', minLevel: 6 }] }, 'requiredSkills[0].minLevel'],
    ['the same skill twice', { requiredSkills: [{ key: 'plc' }, { key: 'plc', minLevel: 3 }] }, 'requiredSkills[1].key'],
    ['a certificate that is not a key', { certificates: [42] }, 'certificates[0]'],
    ['more than 20 skills', { requiredSkills: Array.from({ length: 21 }, (_, n) => ({ key: `s${n}` })) }, 'requiredSkills'],
  ];
  for (const [what, input, field] of refusals) {
    it(`refuses ${what}, naming ${field}`, () => {
      expect(() => validateDispatchConfig(input)).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field } }));
    });
  }
});

describe('readDispatchConfig', () => {
  it('reads what was stored, and falls back to the defaults for a row edited into nonsense', () => {
    expect(readDispatchConfig({ mode: 'auto', acceptLimitSeconds: 600 })).toMatchObject({ mode: 'auto', acceptLimitSeconds: 600 });
    expect(readDispatchConfig({ mode: 'sometimes' })).toEqual(DEFAULT_DISPATCH_CONFIG);
    expect(readDispatchConfig(null)).toEqual(DEFAULT_DISPATCH_CONFIG);
  });
});
