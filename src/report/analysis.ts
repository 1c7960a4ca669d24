/**
 * The summary numbers behind the figures (used by the report text and by the notebooks), kept apart
 * from the drawing so they can be tested and printed on their own.
 */
import type { LogprobByDecision, PerturbationPoint, TrainingSizeSeries } from './schema.ts';

export interface Summary {
  n: number;
  mean: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    n: sorted.length,
    mean,
    min: sorted[0],
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    max: sorted[sorted.length - 1],
  };
}

/**
 * The probability that a random non-masked span is more predictable (higher log-probability) than a
 * random masked one, ties counting half (the Mann–Whitney AUC). 0.5 means the log-probability alone
 * does not separate the two decisions — the paper's observation for TAB; Wikipedia is well above.
 */
export function separationAuc(mask: readonly number[], noMask: readonly number[]): number | null {
  if (mask.length === 0 || noMask.length === 0) return null;
  const all = [...mask.map((v) => ({ v, noMask: false })), ...noMask.map((v) => ({ v, noMask: true }))].sort((a, b) => a.v - b.v);
  let rankSumNoMask = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1 … j share their average
    for (let k = i; k < j; k++) if (all[k].noMask) rankSumNoMask += midRank;
    i = j;
  }
  const u = rankSumNoMask - (noMask.length * (noMask.length + 1)) / 2;
  return u / (noMask.length * mask.length);
}

export interface LogprobSummary {
  mask: Summary | null;
  noMask: Summary | null;
  /** median(NO_MASK) − median(MASK): positive when masked spans are the less predictable ones. */
  medianGap: number | null;
  auc: number | null;
}

export function summarizeLogprobs(data: LogprobByDecision): LogprobSummary {
  const mask = summarize(data.mask);
  const noMask = summarize(data.noMask);
  return {
    mask,
    noMask,
    medianGap: mask && noMask ? noMask.median - mask.median : null,
    auc: separationAuc(data.mask, data.noMask),
  };
}

export interface ThresholdChoice {
  threshold: number;
  P: number;
  R_direct: number;
  R_quasi: number;
  /** P + R_direct + R_quasi, the paper's objective (§5.3, Eq. 1). */
  objective: number;
}

/**
 * The paper's t* = argmax_t (P + R_direct + R_quasi) over the points whose three scores are defined.
 * Ties go to the lowest threshold: it masks more, and in sanitization a missed identifier costs more
 * than an extra mask.
 */
export function bestPerturbationThreshold(points: readonly PerturbationPoint[]): ThresholdChoice | null {
  let best: ThresholdChoice | null = null;
  for (const p of points) {
    if (p.P === null || p.R_direct === null || p.R_quasi === null) continue;
    const objective = p.P + p.R_direct + p.R_quasi;
    if (!best || objective > best.objective || (objective === best.objective && p.threshold < best.threshold)) {
      best = { threshold: p.threshold, P: p.P, R_direct: p.R_direct, R_quasi: p.R_quasi, objective };
    }
  }
  return best;
}

export interface TrainingSizeSummary {
  method: string;
  bestF1: number;
  bestSize: number;
  /** The smallest training size whose F1 is within `tolerance` of the best: where the curve plateaus. */
  plateauSize: number;
  plateauF1: number;
}

/** Per method, where the F1 curve peaks and the smallest size at which it first comes close to the peak. */
export function summarizeTrainingSize(series: readonly TrainingSizeSeries[], tolerance = 0.01): TrainingSizeSummary[] {
  const out: TrainingSizeSummary[] = [];
  for (const s of series) {
    const points = s.points.filter((p): p is typeof p & { F1: number } => p.F1 !== null).sort((a, b) => a.size - b.size);
    if (points.length === 0) continue;
    let best = points[0];
    for (const p of points) if (p.F1 > best.F1) best = p;
    const plateau = points.find((p) => p.F1 >= best.F1 - tolerance) ?? best;
    out.push({ method: s.method, bestF1: best.F1, bestSize: best.size, plateauSize: plateau.size, plateauF1: plateau.F1 });
  }
  return out;
}

/** Training sizes given as fractions of the split (all ≤ 1) rather than as example counts. */
export function sizesAreFractions(series: readonly TrainingSizeSeries[]): boolean {
  return series.every((s) => s.points.every((p) => p.size <= 1));
}
