/**
 * Figure 5: F1 (and R_ent, P where recorded) against the training-set size, one curve per method.
 *
 * Prints each run's curves as a table, then per method the best F1 and the smallest size within 0.01
 * of it (where the curve plateaus; the paper reports ~1% for the LLM-probability classifier and ~10%
 * for span classification), and regenerates `fig-training-size.svg`.
 *
 *   npx tsx notebooks/figure5-training-size.ts [results/ | results/<run>] [--out <dir> | --in-place]
 */
import { formatTable } from '../src/cli/table.ts';
import { FIGURE_FILES, PUBLISHED_FIGURE_NOTES, renderTrainingSizeFigure, sizesAreFractions, summarizeTrainingSize } from '../src/report/index.ts';
import { cell, runNotebook, saveFigure, subtitle } from './lib.ts';

await runNotebook(async ({ runs, out }) => {
  const withData = runs.filter((r) => (r.metrics.figures?.trainingSize?.length ?? 0) > 0);
  if (withData.length === 0) console.log(`No run among ${runs.length} has figures.trainingSize (set 'figures.trainingSize' in the benchmark config).`);

  for (const run of withData) {
    const series = run.metrics.figures!.trainingSize!;
    const size = (v: number): string => (sizesAreFractions(series) ? `${Number((v * 100).toPrecision(6))}%` : String(v));
    console.log(`\n${subtitle(run.metrics)}`);
    const rows = series.flatMap((s) => [...s.points].sort((a, b) => a.size - b.size).map((p) => [s.method, size(p.size), cell(p.F1), cell(p.R_ent), cell(p.P)]));
    process.stdout.write(formatTable(['method', 'size', 'F1', 'R_ent', 'P'], rows));
    console.log('');
    const plateau = summarizeTrainingSize(series).map((t) => [t.method, cell(t.bestF1), size(t.bestSize), size(t.plateauSize), cell(t.plateauF1)]);
    process.stdout.write(formatTable(['method', 'best F1', 'at size', 'within 0.01 from', 'F1 there'], plateau));
    console.log(`figure: ${await saveFigure(run, FIGURE_FILES.trainingSize, renderTrainingSizeFigure(series, { subtitle: subtitle(run.metrics) }), out)}`);
  }
  if (withData.length > 0) console.log(`\n${PUBLISHED_FIGURE_NOTES.trainingSize}`);
});
