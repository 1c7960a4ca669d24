/**
 * The paper's Figures 3, 5 and 6 drawn from a run's `figures` data, as self-contained SVG documents.
 */
import { bestPerturbationThreshold, sizesAreFractions, summarize } from './analysis.ts';
import type { LogprobByDecision, PerturbationPoint, TrainingSizeSeries } from './schema.ts';
import {
  colorAt,
  escapeXml,
  linearScale,
  linePath,
  logScale,
  marker,
  niceStep,
  num,
  renderChart,
  tickLabel,
  type LegendItem,
  type Scale,
} from './svg.ts';

export interface FigureOptions {
  /** Replaces the default title (e.g. to name the dataset). */
  title?: string;
  /** A second, smaller line under the title: typically the run, dataset and split. */
  subtitle?: string;
}

/** The file name each figure gets in a results directory, by its key in `metrics.json`. */
export const FIGURE_FILES = {
  logprobByDecision: 'fig-logprob-by-decision.svg',
  trainingSize: 'fig-training-size.svg',
  perturbationThresholds: 'fig-perturbation-thresholds.svg',
} as const;
export type FigureKey = keyof typeof FIGURE_FILES;

// ---------------------------------------------------------------- Figure 3

export interface Histogram {
  /** Left edges of the bins, then the right edge of the last one (bins + 1 values). */
  edges: number[];
  /** Per class: bin heights as densities (count / (n · bin width)), so classes of different sizes compare. */
  densities: number[][];
}

/**
 * Shared bins for several samples: about √n bins (10 to 40), widened to a nice step and aligned on
 * its multiples so the bin edges are round numbers.
 */
export function histogram(samples: readonly (readonly number[])[]): Histogram {
  const all = samples.flat();
  if (all.length === 0) return { edges: [0, 1], densities: samples.map(() => [0]) };
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const bins = Math.min(40, Math.max(10, Math.ceil(Math.sqrt(all.length))));
  const step = niceStep(hi - lo, bins);
  const start = Math.floor(lo / step) * step;
  const count = Math.max(1, Math.floor((hi - start) / step) + 1); // the maximum falls in the last bin
  const edges = Array.from({ length: count + 1 }, (_, i) => Number((start + i * step).toPrecision(12)));
  const densities = samples.map((values) => {
    const counts = new Array<number>(count).fill(0);
    for (const v of values) counts[Math.min(count - 1, Math.floor((v - start) / step))]++;
    return counts.map((c) => (values.length === 0 ? 0 : c / (values.length * step)));
  });
  return { edges, densities };
}

/** An outlined, translucent step histogram: one closed path per class. */
function stepArea(edges: readonly number[], heights: readonly number[], x: Scale, y: Scale): string {
  const base = y.map(0);
  let d = `M${num(x.map(edges[0]))},${num(base)}`;
  heights.forEach((h, i) => {
    d += `L${num(x.map(edges[i]))},${num(y.map(h))}L${num(x.map(edges[i + 1]))},${num(y.map(h))}`;
  });
  return `${d}L${num(x.map(edges[edges.length - 1]))},${num(base)}Z`;
}

/**
 * Figure 3: the distribution of span log-probabilities for the spans annotators masked and those
 * they kept, as overlaid density histograms with each class's median as a dashed line.
 */
export function renderLogprobFigure(data: LogprobByDecision, options: FigureOptions = {}): string {
  const classes = [
    { name: 'MASK', values: data.mask, color: colorAt(4) },
    { name: 'NO_MASK', values: data.noMask, color: colorAt(0) },
  ];
  const hist = histogram(classes.map((c) => c.values));
  const maxDensity = Math.max(0, ...hist.densities.flat());
  const medians = classes.map((c) => summarize(c.values)?.median ?? null);
  const legend: LegendItem[] = classes.map((c, i) => ({
    label: `${c.name} (n = ${c.values.length}${medians[i] === null ? '' : `, median ${tickLabel(medians[i] as number, 2)}`})`,
    color: c.color,
    swatch: 'area',
  }));
  legend.push({ label: 'median', color: '#333333', swatch: 'line', dash: '5 3' });
  return renderChart({
    title: options.title ?? 'Log-probabilities by masking decision',
    subtitle: options.subtitle,
    xLabel: 'log-probability',
    yLabel: 'density',
    legend,
    scales: (plot) => ({
      x: linearScale([hist.edges[0], hist.edges[hist.edges.length - 1]], [plot.left, plot.right], { nice: false, ticks: 6 }),
      y: linearScale([0, maxDensity > 0 ? maxDensity * 1.05 : 1], [plot.bottom, plot.top]),
    }),
    body: (x, y) => {
      const out: string[] = [];
      classes.forEach((c, i) => {
        if (c.values.length === 0) return;
        out.push(
          `<path class="series" data-series="${c.name}" d="${stepArea(hist.edges, hist.densities[i], x, y)}" fill="${c.color}" fill-opacity="0.3" stroke="${c.color}" stroke-width="1.5"/>`,
        );
      });
      classes.forEach((c, i) => {
        const median = medians[i];
        if (median === null) return;
        const px = num(x.map(median));
        out.push(`<line class="median" data-series="${c.name}" x1="${px}" y1="${num(y.map(y.domain[0]))}" x2="${px}" y2="${num(y.map(y.domain[1]))}" stroke="${c.color}" stroke-width="2" stroke-dasharray="5 3"/>`);
      });
      return out;
    },
  });
}

// ---------------------------------------------------------------- Figure 5

const METRIC_STYLES = {
  F1: { dash: undefined, marker: 'circle' },
  R_ent: { dash: '6 4', marker: 'square' },
} as const;

/** The lower end of a score axis: 0, or closer to the data (in steps of 0.1) when all scores are high. */
function scoreFloor(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10);
}

function percent(value: number): string {
  const p = value * 100;
  return `${Number.isInteger(Number(p.toFixed(6))) ? p.toFixed(0) : Number(p.toPrecision(6)).toString()}%`;
}

/**
 * Figure 5: F1 (solid) and, where reported, entity recall R_ent (dashed) against the training-set
 * size, one colour per method. Sizes that are all fractions are shown as percentages; the axis is
 * logarithmic when they span a factor of ten or more (the paper samples 1% to 100%).
 */
export function renderTrainingSizeFigure(series: readonly TrainingSizeSeries[], options: FigureOptions = {}): string {
  const sizes = series.flatMap((s) => s.points.map((p) => p.size));
  const fractions = sizesAreFractions(series);
  const format = (v: number): string => (fractions ? percent(v) : Number(v.toPrecision(6)).toString());
  // An empty figure still renders (with a unit axis) rather than failing on Math.min of nothing.
  const lo = sizes.length > 0 ? Math.min(...sizes) : 0;
  const hi = sizes.length > 0 ? Math.max(...sizes) : 1;
  const logarithmic = sizes.length > 0 && hi / lo >= 10;
  const metrics = (['F1', 'R_ent'] as const).filter((m) => series.some((s) => s.points.some((p) => p[m] !== undefined && p[m] !== null)));
  const scores = series.flatMap((s) => s.points.flatMap((p) => metrics.map((m) => p[m]).filter((v): v is number => v !== undefined && v !== null)));
  const legend: LegendItem[] = series.map((s, i) => ({ label: s.method, color: colorAt(i), swatch: 'line', marker: 'circle' }));
  if (metrics.length > 1) {
    for (const m of metrics) legend.push({ label: m, color: '#333333', swatch: 'line', dash: METRIC_STYLES[m].dash, marker: METRIC_STYLES[m].marker });
  }
  return renderChart({
    title: options.title ?? 'Performance against training-set size',
    subtitle: options.subtitle,
    xLabel: fractions ? 'training-set size (share of the training split)' : 'training-set size (examples)',
    yLabel: metrics.length > 1 ? 'score (F1 solid, R_ent dashed)' : metrics[0] ?? 'score',
    legend,
    scales: (plot) => ({
      x: logarithmic
        ? logScale([lo, hi], [plot.left, plot.right], format)
        : relabel(linearScale([Math.min(0, lo), hi], [plot.left, plot.right]), fractions ? percent : undefined),
      y: linearScale([scoreFloor(scores), 1], [plot.bottom, plot.top]),
    }),
    body: (x, y) => {
      const out: string[] = [];
      series.forEach((s, i) => {
        const points = [...s.points].sort((a, b) => a.size - b.size);
        for (const m of metrics) {
          const values = points.map((p) => ({ x: x.map(p.size), y: p[m] === undefined || p[m] === null ? null : y.map(p[m] as number) }));
          if (values.every((v) => v.y === null)) continue;
          const dash = METRIC_STYLES[m].dash ? ` stroke-dasharray="${METRIC_STYLES[m].dash}"` : '';
          out.push(`<path class="series" data-series="${escapeXml(`${s.method} ${m}`)}" d="${linePath(values)}" fill="none" stroke="${colorAt(i)}" stroke-width="2"${dash}/>`);
          for (const v of values) if (v.y !== null) out.push(marker(METRIC_STYLES[m].marker, v.x, v.y, colorAt(i)));
        }
      });
      return out;
    },
  });
}

function relabel(scale: Scale, format?: (value: number) => string): Scale {
  return format ? { ...scale, ticks: scale.ticks.map((t) => ({ value: t.value, label: format(t.value) })) } : scale;
}

// ---------------------------------------------------------------- Figure 6

const PERTURBATION_SERIES = [
  { key: 'P', label: 'precision P', color: colorAt(0) },
  { key: 'R_direct', label: 'R_direct (direct identifiers)', color: colorAt(4) },
  { key: 'R_quasi', label: 'R_quasi (quasi-identifiers)', color: colorAt(2) },
] as const;

export interface PerturbationFigureOptions extends FigureOptions {
  /** The paper's threshold for this dataset, drawn as a grey dotted line for comparison. */
  paperThreshold?: number;
}

/**
 * Figure 6: precision and entity recall on direct and quasi identifiers against the threshold on the
 * probability difference, with the threshold maximising P + R_direct + R_quasi as a black line (as
 * in the paper).
 */
export function renderPerturbationFigure(points: readonly PerturbationPoint[], options: PerturbationFigureOptions = {}): string {
  const sorted = [...points].sort((a, b) => a.threshold - b.threshold);
  const thresholds = sorted.map((p) => p.threshold);
  const best = bestPerturbationThreshold(sorted);
  const scores = sorted.flatMap((p) => [p.P, p.R_direct, p.R_quasi]).filter((v): v is number => v !== null);
  const legend: LegendItem[] = PERTURBATION_SERIES.map((s) => ({ label: s.label, color: s.color, swatch: 'line', marker: 'circle' }));
  if (best) legend.push({ label: `t* = ${Number(best.threshold.toPrecision(6))} (max P + R_direct + R_quasi)`, color: '#000000', swatch: 'line' });
  const paper = options.paperThreshold;
  const domainLo = thresholds.length > 0 ? thresholds[0] : 0;
  const domainHi = thresholds.length > 0 ? thresholds[thresholds.length - 1] : 1;
  const showPaper = paper !== undefined && paper >= domainLo && paper <= domainHi;
  if (showPaper) legend.push({ label: `paper's threshold ≈ ${paper}`, color: '#888888', swatch: 'line', dash: '2 3' });
  return renderChart({
    title: options.title ?? 'Perturbations: scores against the threshold',
    subtitle: options.subtitle,
    xLabel: 'threshold on the log-probability difference',
    yLabel: 'score',
    legend,
    scales: (plot) => ({
      x: linearScale([domainLo, domainHi], [plot.left, plot.right]),
      y: linearScale([scoreFloor(scores), 1], [plot.bottom, plot.top]),
    }),
    body: (x, y) => {
      const out: string[] = [];
      const showMarkers = sorted.length <= 40; // dense sweeps read better as plain lines
      for (const s of PERTURBATION_SERIES) {
        const values = sorted.map((p) => ({ x: x.map(p.threshold), y: p[s.key] === null ? null : y.map(p[s.key] as number) }));
        out.push(`<path class="series" data-series="${s.key}" d="${linePath(values)}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
        if (showMarkers) for (const v of values) if (v.y !== null) out.push(marker('circle', v.x, v.y, s.color));
      }
      return out;
    },
    overlay: (x, _y, plot) => {
      const out: string[] = [];
      if (showPaper) {
        const px = num(x.map(paper));
        out.push(`<line class="reference paper-threshold" x1="${px}" y1="${num(plot.top)}" x2="${px}" y2="${num(plot.bottom)}" stroke="#888888" stroke-width="1.5" stroke-dasharray="2 3"/>`);
      }
      if (best) {
        const px = num(x.map(best.threshold));
        out.push(`<line class="reference best-threshold" x1="${px}" y1="${num(plot.top)}" x2="${px}" y2="${num(plot.bottom)}" stroke="#000000" stroke-width="1.5"/>`);
        // Label on the side of the line with room for it, so it never leaves the plot.
        const nearRight = x.map(best.threshold) > plot.right - 60;
        const labelX = x.map(best.threshold) + (nearRight ? -4 : 4);
        out.push(
          `<text x="${num(labelX)}" y="${num(plot.top + 12)}" text-anchor="${nearRight ? 'end' : 'start'}" font-family="Helvetica, Arial, sans-serif" font-size="11">t* = ${escapeXml(String(Number(best.threshold.toPrecision(6))))}</text>`,
        );
      }
      return out;
    },
  });
}
