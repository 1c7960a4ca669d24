/**
 * Figure 6: precision and entity recall (direct, quasi) of the perturbation indicator against its
 * threshold on the log-probability difference.
 *
 * Prints the sweep, the threshold t* maximising P + R_direct + R_quasi (the paper's Eq. 1) beside the
 * paper's choice for the dataset (≈3.5 Wikipedia, ≈10 TAB), and regenerates
 * `fig-perturbation-thresholds.svg` with t* as a black line.
 *
 *   npx tsx notebooks/figure6-perturbation.ts [results/ | results/<run>] [--out <dir> | --in-place]
 */
import { formatTable } from '../src/cli/table.ts';
import {
  FIGURE_FILES,
  PUBLISHED_FIGURE_NOTES,
  PUBLISHED_PERTURBATION_THRESHOLD,
  bestPerturbationThreshold,
  renderPerturbationFigure,
} from '../src/report/index.ts';
import { cell, runNotebook, saveFigure, subtitle } from './lib.ts';

await runNotebook(async ({ runs, out }) => {
  const withData = runs.filter((r) => (r.metrics.figures?.perturbationThresholds?.length ?? 0) > 0);
  if (withData.length === 0) console.log(`No run among ${runs.length} has figures.perturbationThresholds (set 'figures.thresholds' in the benchmark config).`);

  for (const run of withData) {
    const points = [...run.metrics.figures!.perturbationThresholds!].sort((a, b) => a.threshold - b.threshold);
    const best = bestPerturbationThreshold(points);
    console.log(`\n${subtitle(run.metrics)}`);
    const rows = points.map((p) => {
      const sum = p.P === null || p.R_direct === null || p.R_quasi === null ? null : p.P + p.R_direct + p.R_quasi;
      return [String(p.threshold), cell(p.P), cell(p.R_direct), cell(p.R_quasi), cell(sum), best && p.threshold === best.threshold ? '← t*' : ''];
    });
    process.stdout.write(formatTable(['threshold', 'P', 'R_direct', 'R_quasi', 'sum', ''], rows));
    const paper = run.metrics.published ? PUBLISHED_PERTURBATION_THRESHOLD[run.metrics.published.dataset] : undefined;
    console.log(best ? `t* = ${best.threshold} (P ${cell(best.P)}, R_direct ${cell(best.R_direct)}, R_quasi ${cell(best.R_quasi)})` : 't*: no threshold with all three scores defined');
    if (paper !== undefined) console.log(`paper's threshold for ${run.metrics.published!.dataset}: ≈ ${paper}`);
    const svg = renderPerturbationFigure(points, { subtitle: subtitle(run.metrics), ...(paper !== undefined ? { paperThreshold: paper } : {}) });
    console.log(`figure: ${await saveFigure(run, FIGURE_FILES.perturbationThresholds, svg, out)}`);
  }
  if (withData.length > 0) console.log(`\n${PUBLISHED_FIGURE_NOTES.perturbationThresholds}`);
});
