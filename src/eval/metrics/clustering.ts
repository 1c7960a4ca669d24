/**
 * k-means++ (seeded: the same seed gives the same clustering), silhouette and normalized mutual
 * information, on dense vectors with Euclidean distance.
 */
import { mulberry32 } from '../../indicators/classifiers/index.ts';

export type Vectors = readonly Float64Array[] | readonly Float32Array[];

const squaredDistance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
};

export interface KMeansOptions {
  seed?: number;
  /** Restarts with seeds seed, seed+1, …; the lowest inertia wins (default 10). */
  restarts?: number;
  maxIterations?: number;
}

export interface Clustering {
  labels: number[];
  inertia: number;
}

/** Lloyd's algorithm from k-means++ seeds; empty clusters keep their previous centre. */
export function kMeans(points: Vectors, k: number, options: KMeansOptions = {}): Clustering {
  if (k < 1 || k > points.length) throw new Error(`k-means: k must be between 1 and the number of points (${points.length}), got ${k}`);
  let best: Clustering | undefined;
  const restarts = options.restarts ?? 10;
  for (let run = 0; run < restarts; run++) {
    const result = kMeansOnce(points, k, mulberry32((options.seed ?? 0) + run), options.maxIterations ?? 300);
    if (!best || result.inertia < best.inertia - 1e-12) best = result;
  }
  return best!;
}

function kMeansOnce(points: Vectors, k: number, random: () => number, maxIterations: number): Clustering {
  const dim = points[0].length;
  const centres: Float64Array[] = [Float64Array.from(points[Math.floor(random() * points.length)])];
  const nearest = points.map((p) => squaredDistance(p, centres[0]));
  while (centres.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let target = random() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      target -= nearest[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    if (total === 0) chosen = centres.length % points.length;
    const centre = Float64Array.from(points[chosen]);
    centres.push(centre);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i], squaredDistance(p, centre))));
  }
  const labels = new Array<number>(points.length).fill(-1);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false;
    points.forEach((p, i) => {
      let label = 0;
      let distance = Infinity;
      centres.forEach((c, j) => {
        const d = squaredDistance(p, c);
        if (d < distance) {
          distance = d;
          label = j;
        }
      });
      if (labels[i] !== label) changed = true;
      labels[i] = label;
    });
    if (!changed) break;
    for (let j = 0; j < k; j++) {
      const members = points.filter((_, i) => labels[i] === j);
      if (members.length === 0) continue;
      const centre = new Float64Array(dim);
      for (const m of members) for (let d = 0; d < dim; d++) centre[d] += m[d];
      for (let d = 0; d < dim; d++) centre[d] /= members.length;
      centres[j] = centre;
    }
  }
  const inertia = points.reduce((sum, p, i) => sum + squaredDistance(p, centres[labels[i]]), 0);
  return { labels, inertia };
}

/** Mean silhouette coefficient (a point alone in its cluster scores 0, as in scikit-learn). */
export function silhouette(points: Vectors, labels: readonly number[]): number {
  const n = points.length;
  const distances = points.map((p) => points.map((q) => Math.sqrt(squaredDistance(p, q))));
  const clusters = [...new Set(labels)];
  if (clusters.length < 2) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const mean = (cluster: number, excludeSelf: boolean): number => {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < n; j++) {
        if (labels[j] !== cluster || (excludeSelf && j === i)) continue;
        sum += distances[i][j];
        count++;
      }
      return count === 0 ? NaN : sum / count;
    };
    const own = labels[i];
    if (labels.filter((l) => l === own).length === 1) continue;
    const a = mean(own, true);
    const b = Math.min(...clusters.filter((c) => c !== own).map((c) => mean(c, false)));
    total += (b - a) / Math.max(a, b) || 0;
  }
  return total / n;
}

/** k in [kMin, kMax] with the highest silhouette (the smallest k on a tie). */
export function chooseK(points: Vectors, kMin: number, kMax: number, options: KMeansOptions = {}): { k: number; silhouette: number } {
  let best = { k: kMin, silhouette: -Infinity };
  for (let k = kMin; k <= Math.min(kMax, points.length - 1); k++) {
    const score = silhouette(points, kMeans(points, k, options).labels);
    if (score > best.silhouette + 1e-12) best = { k, silhouette: score };
  }
  return best;
}

/** Normalized mutual information with the arithmetic-mean normalization (scikit-learn's default). */
export function normalizedMutualInformation(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('NMI: label lists differ in length');
  const n = a.length;
  const count = (labels: readonly number[]): Map<number, number> => {
    const m = new Map<number, number>();
    for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) joint.set(`${a[i]},${b[i]}`, (joint.get(`${a[i]},${b[i]}`) ?? 0) + 1);
  const entropy = (c: Map<number, number>): number => [...c.values()].reduce((h, x) => h - (x / n) * Math.log(x / n), 0);
  const ha = entropy(ca);
  const hb = entropy(cb);
  // Both clusterings a single cluster: identical, as scikit-learn returns 1.
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [key, nij] of joint) {
    const [i, j] = key.split(',').map(Number);
    mi += (nij / n) * Math.log((n * nij) / (ca.get(i)! * cb.get(j)!));
  }
  const denominator = (ha + hb) / 2;
  return denominator === 0 ? 0 : Math.max(0, mi / denominator);
}
