/**
 * A minimal, dependency-free SVG plotting kit for the report figures: scales with "nice" ticks,
 * axes, a title, and a legend to the right of the plot. Output is deterministic (coordinates are
 * printed with at most two decimals and no ids or timestamps are generated), so re-rendering an
 * unchanged metrics file gives byte-identical files that diff cleanly.
 */

export interface Tick {
  value: number;
  label: string;
}

/** Maps data values to pixels, and carries the ticks to draw along its axis. */
export interface Scale {
  map(value: number): number;
  domain: readonly [number, number];
  ticks: readonly Tick[];
}

/** Colour-blind-safe palette (Okabe & Ito), in a fixed order so a method keeps its colour across figures. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'] as const;

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** A coordinate or length with at most two decimals, without trailing zeros or a negative zero. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** 1, 2 or 5 times a power of ten: the step that gives about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return nice * power;
}

/** Decimals needed to print multiples of `step` exactly (0.25 → 2, 5 → 0). */
function decimalsFor(step: number): number {
  for (let d = 0; d < 10; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 10;
}

/** A tick label: a true minus sign, and never "-0". */
export function tickLabel(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace(/^-/, '−');
}

/**
 * A linear scale whose domain is widened to whole tick steps when `nice` is set, so the axis starts
 * and ends on a labelled tick.
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], options: { ticks?: number; nice?: boolean } = {}): Scale {
  let [lo, hi] = domain;
  if (!(hi > lo)) {
    // A single value (or none): give it some room rather than divide by zero.
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, options.ticks ?? 5);
  if (options.nice ?? true) {
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
  }
  const decimals = decimalsFor(step);
  const ticks: Tick[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    const value = Number(v.toFixed(decimals + 2)); // sheds float drift such as 0.30000000000000004
    ticks.push({ value, label: tickLabel(value, decimals) });
  }
  const [r0, r1] = range;
  return { map: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0), domain: [lo, hi], ticks };
}

/** The largest of 1, 2, 5 × 10^k at or below `v` (`up`: the smallest at or above). */
function niceLogBound(v: number, up: boolean): number {
  const power = 10 ** Math.floor(Math.log10(v) + 1e-9);
  const candidates = [1, 2, 5, 10].map((m) => Number((m * power).toPrecision(12)));
  return up ? (candidates.find((c) => c >= v * (1 - 1e-9)) ?? 10 * power) : [...candidates].reverse().find((c) => c <= v * (1 + 1e-9)) ?? power;
}

/**
 * A log₁₀ scale (for training-set sizes from 1% to 100%). The domain ends on 1, 2 or 5 times a power
 * of ten around the data; ticks at those values, or only at the powers of ten when that would make
 * more than ten ticks.
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number], format: (value: number) => string): Scale {
  const lo = niceLogBound(domain[0], false);
  const hiBound = niceLogBound(domain[1], true);
  const hi = hiBound > lo ? hiBound : niceLogBound(lo * 1.01, true);
  let values: number[] = [];
  for (let e = Math.floor(Math.log10(lo) + 1e-9); e <= Math.ceil(Math.log10(hi) - 1e-9); e++) {
    for (const m of [1, 2, 5]) {
      const value = Number((m * 10 ** e).toPrecision(12));
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) values.push(value);
    }
  }
  if (values.length > 10) values = values.filter((v) => Number.isInteger(Number(Math.log10(v).toFixed(9))));
  const [r0, r1] = range;
  const l0 = Math.log10(lo);
  const l1 = Math.log10(hi);
  return { map: (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0), domain: [lo, hi], ticks: values.map((value) => ({ value, label: format(value) })) };
}

export interface LegendItem {
  label: string;
  color: string;
  /** How the swatch is drawn: a line (optionally dashed, with a marker) or a filled box. */
  swatch: 'line' | 'area';
  dash?: string;
  marker?: 'circle' | 'square';
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Builds the scales once the plot area is known. */
  scales(plot: PlotArea): { x: Scale; y: Scale };
  /** The data layer, drawn inside the plot area (clipped). */
  body(x: Scale, y: Scale, plot: PlotArea): string[];
  /** Drawn over the data but not clipped (annotations such as a labelled reference line). */
  overlay?(x: Scale, y: Scale, plot: PlotArea): string[];
  legend: LegendItem[];
  width?: number;
  height?: number;
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
/** Approximate advance of a 12px sans-serif character, to size the legend without measuring text. */
const CHAR_WIDTH = 6.6;

export function marker(kind: 'circle' | 'square', x: number, y: number, color: string): string {
  return kind === 'circle'
    ? `<circle cx="${num(x)}" cy="${num(y)}" r="3" fill="${color}"/>`
    : `<rect x="${num(x - 3)}" y="${num(y - 3)}" width="6" height="6" fill="${color}"/>`;
}

/** A polyline through the points, broken where a value is missing (null). */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(p.x)},${num(p.y)}`;
    pen = true;
  }
  return d;
}

function legendBlock(items: readonly LegendItem[], x: number, y: number): string {
  const out: string[] = [`<g class="legend" ${FONT} font-size="12">`];
  items.forEach((item, i) => {
    const cy = y + i * 20;
    if (item.swatch === 'area') {
      out.push(`<rect x="${num(x)}" y="${num(cy - 6)}" width="22" height="12" fill="${item.color}" fill-opacity="0.3" stroke="${item.color}" stroke-width="1.5"/>`);
    } else {
      const dash = item.dash ? ` stroke-dasharray="${item.dash}"` : '';
      out.push(`<line x1="${num(x)}" y1="${num(cy)}" x2="${num(x + 22)}" y2="${num(cy)}" stroke="${item.color}" stroke-width="2"${dash}/>`);
      if (item.marker) out.push(marker(item.marker, x + 11, cy, item.color));
    }
    out.push(`<text x="${num(x + 30)}" y="${num(cy + 4)}">${escapeXml(item.label)}</text>`);
  });
  out.push('</g>');
  return out.join('\n');
}

/** A complete, self-contained SVG document: title, axes with ticks and labels, data, legend. */
export function renderChart(spec: ChartSpec): string {
  const legendWidth = spec.legend.length === 0 ? 0 : 40 + CHAR_WIDTH * Math.max(...spec.legend.map((i) => i.label.length));
  const plotWidth = 480;
  const width = spec.width ?? Math.ceil(72 + plotWidth + 24 + legendWidth);
  const height = spec.height ?? 400;
  const top = spec.subtitle ? 64 : 48;
  const plot: PlotArea = { left: 72, top, right: width - 24 - legendWidth, bottom: height - 56 };
  const { x, y } = spec.scales(plot);
  const clipId = 'plot-area'; // one chart per file, so a fixed id cannot collide
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(spec.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<defs><clipPath id="${clipId}"><rect x="${num(plot.left)}" y="${num(plot.top)}" width="${num(plot.right - plot.left)}" height="${num(plot.bottom - plot.top)}"/></clipPath></defs>`,
    `<text class="title" x="${num(width / 2)}" y="24" text-anchor="middle" ${FONT} font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  if (spec.subtitle) {
    out.push(`<text class="subtitle" x="${num(width / 2)}" y="44" text-anchor="middle" ${FONT} font-size="12" fill="#555555">${escapeXml(spec.subtitle)}</text>`);
  }
  // Grid and ticks.
  out.push(`<g class="grid" stroke="#e5e5e5" stroke-width="1">`);
  for (const t of y.ticks) out.push(`<line x1="${num(plot.left)}" y1="${num(y.map(t.value))}" x2="${num(plot.right)}" y2="${num(y.map(t.value))}"/>`);
  for (const t of x.ticks) out.push(`<line x1="${num(x.map(t.value))}" y1="${num(plot.top)}" x2="${num(x.map(t.value))}" y2="${num(plot.bottom)}"/>`);
  out.push('</g>');
  out.push(`<g class="data" clip-path="url(#${clipId})">`, ...spec.body(x, y, plot), '</g>');
  if (spec.overlay) out.push(...spec.overlay(x, y, plot));
  out.push(`<g class="axis x-axis" ${FONT} font-size="11" fill="#333333">`);
  out.push(`<line x1="${num(plot.left)}" y1="${num(plot.bottom)}" x2="${num(plot.right)}" y2="${num(plot.bottom)}" stroke="#333333"/>`);
  for (const t of x.ticks) {
    const px = x.map(t.value);
    out.push(`<line x1="${num(px)}" y1="${num(plot.bottom)}" x2="${num(px)}" y2="${num(plot.bottom + 5)}" stroke="#333333"/>`);
    out.push(`<text class="tick" x="${num(px)}" y="${num(plot.bottom + 18)}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  out.push(`<text class="axis-label" x="${num((plot.left + plot.right) / 2)}" y="${num(height - 14)}" text-anchor="middle" font-size="13">${escapeXml(spec.xLabel)}</text>`);
  out.push('</g>');
  out.push(`<g class="axis y-axis" ${FONT} font-size="11" fill="#333333">`);
  out.push(`<line x1="${num(plot.left)}" y1="${num(plot.top)}" x2="${num(plot.left)}" y2="${num(plot.bottom)}" stroke="#333333"/>`);
  for (const t of y.ticks) {
    const py = y.map(t.value);
    out.push(`<line x1="${num(plot.left - 5)}" y1="${num(py)}" x2="${num(plot.left)}" y2="${num(py)}" stroke="#333333"/>`);
    out.push(`<text class="tick" x="${num(plot.left - 8)}" y="${num(py + 4)}" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  const midY = (plot.top + plot.bottom) / 2;
  out.push(`<text class="axis-label" x="18" y="${num(midY)}" text-anchor="middle" font-size="13" transform="rotate(-90 18 ${num(midY)})">${escapeXml(spec.yLabel)}</text>`);
  out.push('</g>');
  if (spec.legend.length > 0) out.push(legendBlock(spec.legend, plot.right + 20, plot.top + 8));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
