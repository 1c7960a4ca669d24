import { describe, expect, it } from 'vitest';
import {
  bestPerturbationThreshold,
  histogram,
  quantile,
  renderLogprobFigure,
  renderPerturbationFigure,
  renderTrainingSizeFigure,
  separationAuc,
  summarizeTrainingSize,
} from '../../src/report/index.ts';
import { linearScale, logScale, niceStep } from '../../src/report/svg.ts';
import { fixture } from './fixtures.ts';
import { countClass, seriesNames, xmlProblems } from './xml.ts';

const figures = fixture('wikipedia-gold').figures!;

function axisLabels(svg: string): string[] {
  return [...svg.matchAll(/class="axis-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
}

describe('Figure 3: log-probabilities by masking decision', () => {
  const svg = renderLogprobFigure(figures.logprobByDecision!, { subtitle: 'run · wikipedia test' });

  it('is well-formed, self-contained SVG with a title, axes and a legend', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/href=|<image|<script/);
    expect(svg).toContain('>Log-probabilities by masking decision</text>');
    expect(svg).toContain('>run · wikipedia test</text>');
    expect(axisLabels(svg)).toEqual(['log-probability', 'density']);
    expect(svg).toContain('MASK (n = 150, median −5.82)');
    expect(svg).toContain('NO_MASK (n = 250, median −1.84)');
  });

  it('draws one histogram and one median line per class', () => {
    expect(seriesNames(svg)).toEqual(['MASK', 'NO_MASK']);
    expect(countClass(svg, 'median')).toBe(2);
  });

  it('is deterministic', () => {
    expect(renderLogprobFigure(figures.logprobByDecision!, { subtitle: 'run · wikipedia test' })).toBe(svg);
  });

  it('skips an empty class but still renders', () => {
    const one = renderLogprobFigure({ mask: [-3, -2, -2.5], noMask: [] });
    expect(xmlProblems(one)).toEqual([]);
    expect(seriesNames(one)).toEqual(['MASK']);
    expect(one).toContain('NO_MASK (n = 0)');
  });

  it('bins on shared, round edges with densities integrating to one', () => {
    const h = histogram([[-1, -1.2, -3.7, -0.1], [-0.3, -0.4]]);
    const width = h.edges[1] - h.edges[0];
    expect(h.edges[0]).toBeLessThanOrEqual(-3.7);
    expect(h.edges[h.edges.length - 1]).toBeGreaterThan(-0.1);
    for (const densities of h.densities) expect(densities.reduce((s, d) => s + d * width, 0)).toBeCloseTo(1, 9);
  });
});

describe('Figure 5: performance against training-set size', () => {
  const svg = renderTrainingSizeFigure(figures.trainingSize!);

  it('has one F1 and one R_ent line per method, on a logarithmic percentage axis', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(seriesNames(svg)).toEqual(['llm-probability:ensemble F1', 'llm-probability:ensemble R_ent', 'span-classification F1', 'span-classification R_ent']);
    const ticks = [...svg.matchAll(/class="tick" x="[^"]*" y="[^"]*" text-anchor="middle">([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['1%', '2%', '5%', '10%', '20%', '50%', '100%']);
    expect(axisLabels(svg)[0]).toBe('training-set size (share of the training split)');
    expect(svg).toContain('>llm-probability:ensemble</text>');
    expect(svg).toContain('>R_ent</text>');
  });

  it('uses example counts and leaves out a metric nobody reported', () => {
    const counts = renderTrainingSizeFigure([{ method: 'm', points: [{ size: 10, F1: 0.5 }, { size: 100, F1: 0.7 }, { size: 1000, F1: null }] }]);
    expect(xmlProblems(counts)).toEqual([]);
    expect(seriesNames(counts)).toEqual(['m F1']);
    expect(axisLabels(counts)).toEqual(['training-set size (examples)', 'F1']);
    expect(countClass(counts, 'series')).toBe(1);
  });

  it('is deterministic', () => {
    expect(renderTrainingSizeFigure(figures.trainingSize!)).toBe(svg);
  });
});

describe('Figure 6: perturbation thresholds', () => {
  const svg = renderPerturbationFigure(figures.perturbationThresholds!, { paperThreshold: 3.5 });

  it('draws P, R_direct and R_quasi with the best threshold as a black line', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(seriesNames(svg)).toEqual(['P', 'R_direct', 'R_quasi']);
    expect(svg).toMatch(/class="reference best-threshold" x1="([\d.]+)"[^>]*stroke="#000000"/);
    expect(countClass(svg, 'paper-threshold')).toBe(1);
    expect(svg).toContain('t* = 3.5 (max P + R_direct + R_quasi)');
    expect(axisLabels(svg)).toEqual(['threshold on the log-probability difference', 'score']);
  });

  it('omits the paper line outside the swept range', () => {
    expect(countClass(renderPerturbationFigure(figures.perturbationThresholds!, { paperThreshold: 30 }), 'paper-threshold')).toBe(0);
  });

  it('is deterministic', () => {
    expect(renderPerturbationFigure(figures.perturbationThresholds!, { paperThreshold: 3.5 })).toBe(svg);
  });
});

describe('analysis', () => {
  it('picks the threshold maximising P + R_direct + R_quasi, the lowest on ties, skipping undefined scores', () => {
    const best = bestPerturbationThreshold([
      { threshold: 4, P: 0.9, R_direct: 0.9, R_quasi: 0.9 },
      { threshold: 2, P: 0.8, R_direct: 1, R_quasi: 0.9 },
      { threshold: 1, P: 1, R_direct: null, R_quasi: 1 },
      { threshold: 6, P: 0.95, R_direct: 0.8, R_quasi: 0.7 },
    ]);
    expect(best?.threshold).toBe(2);
    expect(best?.objective).toBeCloseTo(2.7, 12);
    expect(bestPerturbationThreshold([])).toBeNull();
  });

  it('computes quantiles like numpy and the Mann–Whitney AUC with ties', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(separationAuc([-5, -4], [-1, -2])).toBe(1);
    expect(separationAuc([-1, -2], [-1, -2])).toBe(0.5);
    expect(separationAuc([-3], [-3, -1])).toBe(0.75);
    expect(separationAuc([], [-1])).toBeNull();
  });

  it('finds where a training-size curve reaches its plateau', () => {
    const [s] = summarizeTrainingSize([{ method: 'm', points: [{ size: 1, F1: 0.9 }, { size: 0.1, F1: 0.895 }, { size: 0.01, F1: 0.5 }] }]);
    expect(s).toEqual({ method: 'm', bestF1: 0.9, bestSize: 1, plateauSize: 0.1, plateauF1: 0.895 });
  });

  it('builds scales with round ticks', () => {
    expect(niceStep(13, 5)).toBe(2);
    expect(linearScale([0.23, 0.97], [0, 100]).ticks.map((t) => t.label)).toEqual(['0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0']);
    expect(linearScale([-12.3, 0.4], [0, 100]).ticks.map((t) => t.label)).toEqual(['−14', '−12', '−10', '−8', '−6', '−4', '−2', '0', '2']);
    expect(logScale([2, 900], [0, 100], String).ticks.map((t) => t.value)).toEqual([2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(logScale([3, 90000], [0, 100], String).ticks.map((t) => t.value)).toEqual([10, 100, 1000, 10000, 100000]);
    expect(logScale([0.01, 1], [0, 100], String).domain).toEqual([0.01, 1]);
  });
});
