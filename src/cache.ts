/**
 * A bounded least-recently-used map (lru-cache is not installed; a Map keeps
 * insertion order, which is all an LRU needs). Bounded by entries and, when a
 * size function is given, by the total size of the values, so a few long
 * answers cannot grow a worker's memory without limit.
 */
export interface LruOptions<V> {
  /** Most entries kept; 0 disables the cache (get always misses, set stores nothing). */
  maxEntries: number;
  /** Most total size kept, in the units of `sizeOf`; Infinity when absent. */
  maxSize?: number;
  sizeOf?: (value: V) => number;
}

export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; size: number }>();
  private total = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly options: LruOptions<V>) {}

  get size(): number {
    return this.map.size;
  }

  /** The total size of the values kept. */
  get weight(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-inserting moves the key to the young end.
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const size = this.options.sizeOf?.(value) ?? 1;
    const maxSize = this.options.maxSize ?? Infinity;
    this.delete(key);
    // A value larger than the whole budget would only evict everything else.
    if (this.options.maxEntries <= 0 || size > maxSize) return;
    this.map.set(key, { value, size });
    this.total += size;
    for (const [oldest, entry] of this.map) {
      if (this.map.size <= this.options.maxEntries && this.total <= maxSize) break;
      this.map.delete(oldest);
      this.total -= entry.size;
    }
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.total -= entry.size;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
