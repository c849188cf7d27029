import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../demo/random.ts';
import { distanceFrom, haversineKm, latitudeGapFrom } from './geo.ts';

const shanghai = { lat: 31.2304, lng: 121.4737 };
const beijing = { lat: 39.9042, lng: 116.4074 };
const suzhou = { lat: 31.299, lng: 120.5853 };

describe('haversineKm', () => {
  const distances: [string, { lat: number; lng: number }, { lat: number; lng: number }, number, number][] = [
    // Published great-circle distances between the city centres, within a kilometre or two.
    ['Shanghai to Beijing', shanghai, beijing, 1067, 3],
    ['Shanghai to Suzhou', shanghai, suzhou, 84.8, 1],
    ['a point to itself', shanghai, shanghai, 0, 0.001],
    ['a quarter of the equator', { lat: 0, lng: 0 }, { lat: 0, lng: 90 }, 10_007.5, 1],
    ['antipodes', { lat: 0, lng: 0 }, { lat: 0, lng: 180 }, 20_015.1, 1],
  ];
  for (const [what, a, b, km, tolerance] of distances) {
    it(`measures ${what} as about ${km} km`, () => {
      expect(Math.abs(haversineKm(a, b) - km)).toBeLessThanOrEqual(tolerance);
    });
  }

  it('is symmetric and agrees with a fixed-origin measure', () => {
    expect(haversineKm(shanghai, beijing)).toBeCloseTo(haversineKm(beijing, shanghai), 9);
    expect(distanceFrom(shanghai)(suzhou)).toBeCloseTo(haversineKm(shanghai, suzhou), 9);
  });
});

describe('latitudeGapFrom', () => {
  it('never exceeds the great-circle distance, and equals it along a meridian', () => {
    const random = new SeededRandom(7);
    for (let n = 0; n < 5000; n++) {
      const origin = { lat: random.between(-89, 89), lng: random.between(-180, 180) };
      const point = n % 10 === 0 ? { lat: random.between(-89, 89), lng: origin.lng } : { lat: random.between(-89, 89), lng: random.between(-180, 180) };
      expect(latitudeGapFrom(origin)(point)).toBeLessThanOrEqual(distanceFrom(origin)(point));
    }
    expect(latitudeGapFrom(shanghai)({ lat: 32.2304, lng: 121.4737 })).toBeCloseTo(haversineKm(shanghai, { lat: 32.2304, lng: 121.4737 }), 3);
  });
});
