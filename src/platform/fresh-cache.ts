/**
 * A bounded map whose entries are trusted for a few seconds: for reads that run on every request
 * but change rarely (who a token is, ticket types, tenant settings). A change in this process
 * deletes its entry at once; another process's change is seen once the entry goes stale.
 * Freshness is operational time (Date.now()), not the injected domain clock.
 */
export class FreshCache<K, V> {
  private readonly entries = new Map<K, { value: V; cachedAt: number }>();

  constructor(private readonly freshMs: number, private readonly maxEntries: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.cachedAt > this.freshMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, cachedAt: Date.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (predicate(entry.value)) this.entries.delete(key);
  }
}
