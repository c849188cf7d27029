/**
 * A seeded pseudo-random source (mulberry32), so every demo tenant holds the same people,
 * machines and history: a screenshot, a tutorial or a bug report about the demo stays true.
 */
/** Crockford's base32, as devices' QR code values use: no I, L, O or U to misread. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One item, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, count);
  }

  /** A point about `km` kilometres or less from a centre, uniform over the square. */
  near(center: { lat: number; lng: number }, km: number): { lat: number; lng: number } {
    const dLat = km / 111;
    const dLng = km / (111 * Math.cos((center.lat * Math.PI) / 180));
    return { lat: round6(center.lat + this.between(-dLat, dLat)), lng: round6(center.lng + this.between(-dLng, dLng)) };
  }

  base32(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += BASE32[Math.floor(this.next() * 32)];
    return text;
  }
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
