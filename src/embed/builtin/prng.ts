// Deterministic pseudo-random feature vectors.
//
// Every feature string ("c:收", "e:income", "w:收入") gets its own random
// direction. The direction must be identical on every machine and every run,
// so we use integer-only hashing (xmur3) and an integer PRNG (sfc32) and emit
// ±1 sign vectors: no Math.random, no trig/log, nothing platform dependent.
// Random sign vectors are as good as Gaussian ones for random projection
// (Achlioptas 2003) and cost one bit per dimension.

/** xmur3 string hash: returns a generator of 32-bit seeds for `str`. */
function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** sfc32 PRNG: small, fast, passes PractRand; returns uint32 values. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** A uint32 generator seeded from `key` and a global `seed` string. */
export function seededUint32(key: string, seed: string): () => number {
  const h = xmur3(`${seed}\u0000${key}`);
  const next = sfc32(h(), h(), h(), h());
  for (let i = 0; i < 12; i++) next(); // warm-up: decorrelate close seeds
  return next;
}

/**
 * Adds `weight * r(key)` into `acc`, where r(key) is the ±1/sqrt(dim) unit
 * sign vector of `key`. Accumulating straight into a Float64Array avoids
 * materialising the vector and keeps the sum order fixed (determinism).
 */
export function addSignVector(acc: Float64Array, key: string, seed: string, weight: number): void {
  const dim = acc.length;
  const next = seededUint32(key, seed);
  const w = weight / Math.sqrt(dim);
  let bits = 0;
  for (let i = 0; i < dim; i++) {
    if ((i & 31) === 0) bits = next();
    acc[i] += (bits & 1) === 1 ? w : -w;
    bits >>>= 1;
  }
}
