import { mkdtemp, readdir, readFile, rm, writeFile, cp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { findRunDirs, readMetricsFile, renderCsv, renderIndex, renderReportMarkdown, writeIndex, writeReport } from '../../src/report/index.ts';
import { FIXTURES, fixture, minimalRun } from './fixtures.ts';
import { xmlProblems } from './xml.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sanitext-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes the report, the table files and one SVG per figure with data', async () => {
    const metrics = fixture('wikipedia-gold');
    const written = await writeReport(path.join(dir, 'run'), metrics);
    expect(written.map((f) => path.basename(f))).toEqual([
      'report.md',
      'table.csv',
      'table.tex',
      'fig-logprob-by-decision.svg',
      'fig-training-size.svg',
      'fig-perturbation-thresholds.svg',
    ]);
    expect(await readFile(path.join(dir, 'run', 'table.csv'), 'utf8')).toBe(renderCsv(metrics));
    for (const f of written.filter((f) => f.endsWith('.svg'))) expect(xmlProblems(await readFile(f, 'utf8'))).toEqual([]);
  });

  it('writes no figure files for a run without figure data, and removes stale ones', async () => {
    const run = path.join(dir, 'run');
    await writeReport(run, fixture('wikipedia-gold'));
    await writeFile(path.join(run, 'notes.txt'), 'mine');
    await writeReport(run, fixture('tab-detected'));
    expect((await readdir(run)).sort()).toEqual(['notes.txt', 'report.md', 'table.csv', 'table.tex']);
  });
});

describe('report.md', () => {
  const md = renderReportMarkdown(fixture('wikipedia-gold'));

  it('states the run, its spans and the paper table it is compared with', () => {
    expect(md.startsWith('# wikipedia-gold\n')).toBe(true);
    expect(md).toContain('| Dataset | wikipedia, test split |');
    expect(md).toContain('| Spans | gold (manually labelled): 4,213 spans in 102 documents |');
    expect(md).toContain("| Compared with | the paper's Table 5, Wikipedia biographies (test set): Privacy risk indicators on manually labelled PII spans |");
  });

  it('links the CSV and LaTeX files and embeds the figures by relative links, with their summary numbers', () => {
    expect(md).toContain('[table.csv](table.csv)');
    expect(md).toContain('[table.tex](table.tex)');
    expect(md).toContain('![Log-probabilities by masking decision](fig-logprob-by-decision.svg)');
    expect(md).toContain('![Performance against training-set size](fig-training-size.svg)');
    expect(md).toContain('![Perturbations: scores against the threshold](fig-perturbation-thresholds.svg)');
    expect(md).toContain('- t* = 3.5: P 0.923, R_direct 0.981, R_quasi 0.979 (sum 2.882)');
    expect(md).toContain('- MASK: n = 150, median −5.82');
    expect(md).toContain('> Paper, Figure 6');
  });

  it('lists the settings flattened, and the paper table in full', () => {
    expect(md).toContain('- `models.lm`: `bert-large-cased`');
    expect(md).toContain('- `seed`: `42`');
    expect(md).toContain("<details><summary>The paper's Table 5 in full: Wikipedia biographies (test set)</summary>");
  });

  it('prints the runner notes and has no figure section without figure data', () => {
    const tab = renderReportMarkdown(fixture('tab-detected'));
    expect(tab).toContain('- 3 documents had no detected spans');
    expect(tab).not.toContain('## Figures');
    expect(renderReportMarkdown(minimalRun())).toContain('## Settings\n\n(none recorded)');
  });
});

describe('index and reading', () => {
  it('renders one line per run with its best F1', () => {
    const index = renderIndex([{ dir: 'wikipedia-gold', metrics: fixture('wikipedia-gold') }, { dir: 'tab-detected', metrics: fixture('tab-detected') }]);
    expect(index).toContain('| [wikipedia-gold](wikipedia-gold/report.md) | wikipedia | test | gold (4,213) | 102 | 9 | 0.928 `llm-probability:ensemble` | Table 5 (wikipedia) | 2025-01-15 |');
    expect(index).toContain('| [tab-detected](tab-detected/report.md) | tab | test | detected (13,021) | 127 | 4 | 0.768 `span-classification` | Table 6 (tab) | 2025-01-16 |');
  });

  it('finds run directories, reads them back and writes the index', async () => {
    await cp(FIXTURES, dir, { recursive: true });
    await mkdir(path.join(dir, 'not-a-run'));
    const runs = await findRunDirs(dir);
    expect(runs.map((r) => path.basename(r))).toEqual(['tab-detected', 'wikipedia-gold']);
    const entries = await Promise.all(runs.map(async (r) => ({ dir: r, metrics: await readMetricsFile(path.join(r, 'metrics.json')) })));
    const file = await writeIndex(dir, entries);
    expect(await readFile(file, 'utf8')).toContain('(wikipedia-gold/report.md)');
  });

  it('reports a missing metrics file as bad input naming it', async () => {
    const missing = path.join(dir, 'nothing', 'metrics.json');
    await expect(readMetricsFile(missing)).rejects.toThrow(InputError);
    await expect(readMetricsFile(missing)).rejects.toThrow(`${missing}: no such file`);
  });
});
