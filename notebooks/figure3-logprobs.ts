/**
 * Figure 3: span log-probabilities by the annotators' masking decision.
 *
 * Prints, per run, the distribution of each class (n, mean, quartiles), the gap between the medians
 * and the separation AUC (the chance that a kept span is more predictable than a masked one; 0.5 =
 * no separation), then regenerates `fig-logprob-by-decision.svg`.
 *
 *   npx tsx notebooks/figure3-logprobs.ts [results/ | results/<run>] [--out <dir> | --in-place]
 */
import { formatTable } from '../src/cli/table.ts';
import { FIGURE_FILES, PUBLISHED_FIGURE_NOTES, renderLogprobFigure, summarizeLogprobs } from '../src/report/index.ts';
import { cell, runNotebook, saveFigure, subtitle } from './lib.ts';

await runNotebook(async ({ runs, out }) => {
  const withData = runs.filter((r) => r.metrics.figures?.logprobByDecision);
  if (withData.length === 0) console.log(`No run among ${runs.length} has figures.logprobByDecision (set 'figures.logprobs: true' in the benchmark config).`);

  for (const run of withData) {
    const data = run.metrics.figures!.logprobByDecision!;
    const s = summarizeLogprobs(data);
    console.log(`\n${subtitle(run.metrics)}`);
    const rows = (
      [
        ['MASK', s.mask],
        ['NO_MASK', s.noMask],
      ] as const
    ).map(([label, x]) => [label, String(x?.n ?? 0), cell(x?.mean, 2), cell(x?.q1, 2), cell(x?.median, 2), cell(x?.q3, 2)]);
    process.stdout.write(formatTable(['decision', 'n', 'mean', 'q1', 'median', 'q3'], rows));
    console.log(`median gap (NO_MASK − MASK): ${cell(s.medianGap, 2)}   separation AUC: ${cell(s.auc, 3)}`);
    console.log(`figure: ${await saveFigure(run, FIGURE_FILES.logprobByDecision, renderLogprobFigure(data, { subtitle: subtitle(run.metrics) }), out)}`);
  }
  if (withData.length > 0) console.log(`\n${PUBLISHED_FIGURE_NOTES.logprobByDecision}`);
});
