import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReplacements, parseCorpus } from '../../src/corpus/index.ts';
import { anonymizeWithPipeline, knowledgeFromCorpus, parseEvaluationConfig, readEvaluationConfig, runEvaluation } from '../../src/eval/index.ts';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { checkPipeline } from '../../src/pipeline/index.ts';
import { writeEvaluationReport } from '../../src/report/index.ts';
import { runCli } from '../helpers/cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { tabDocument } from '../helpers/tab.ts';

const base = {
  name: 'tiny',
  corpus: 'corpus.json',
  anonymizations: [{ name: 'names', file: 'names.json' }],
  metrics: [{ metric: 'tab' }],
};

describe('evaluation configs', () => {
  const fails = (raw: unknown): string => {
    try {
      parseEvaluationConfig(raw, 'eval.yaml');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the config to be rejected');
  };

  it('rejects unknown keys, unknown metrics and misspelt metric options with their paths', () => {
    expect(fails({ ...base, metircs: [] })).toMatch(/eval\.yaml: \(top level\): Unrecognized key\(s\) in object: 'metircs'/);
    expect(fails({ ...base, metrics: [{ metric: 'bleu' }] })).toMatch(/eval\.yaml: metrics\.0\.metric: unknown metric "bleu" \(known: nmi, tab, tpi-tps, trir\)/);
    expect(fails({ ...base, metrics: [{ metric: 'nmi', options: { kmax: 4 } }] })).toMatch(/eval\.yaml: metrics\.0\.options: Unrecognized key\(s\) in object: 'kmax'/);
    expect(fails({ ...base, metrics: [{ metric: 'nmi', options: { kMax: 'ten' } }] })).toMatch(/eval\.yaml: metrics\.0\.options\.kMax: Expected number/);
    expect(fails({ ...base, metrics: [{ metric: 'trir', options: { backgroundKnowledge: 'Public' } }] })).toMatch(/metrics\.0\.options\.backgroundKnowledge: no background knowledge "Public"/);
  });

  it('rejects a column produced twice and a rename of a column the metric does not have', () => {
    const bk = { backgroundKnowledge: { A: 'a.json', B: 'b.json' } };
    const twice = { ...base, ...bk, metrics: [{ metric: 'trir', options: { backgroundKnowledge: 'A' } }, { metric: 'trir', options: { backgroundKnowledge: 'B' } }] };
    expect(fails(twice)).toMatch(/metrics\.1: column "TRIR" is produced twice/);
    const renamed = { ...twice, metrics: [twice.metrics[0], { ...twice.metrics[1], rename: { TRIR: 'TRIR_B' } }] };
    expect(parseEvaluationConfig(renamed, 'eval.yaml').metrics[1].rename).toEqual({ TRIR: 'TRIR_B' });
    expect(fails({ ...base, metrics: [{ metric: 'tab', rename: { recall: 'R' } }] })).toMatch(/metrics\.0\.rename: metric tab has no column "recall"/);
  });

  it('every committed evaluation config (experiments/eval-*.yaml) is valid, with its pipelines', async () => {
    const folder = join(REPO_ROOT, 'experiments');
    const files = readdirSync(folder).filter((f) => f.startsWith('eval-') && f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const config = await readEvaluationConfig(join(folder, file));
      for (const entry of config.anonymizations) if ('pipeline' in entry) await checkPipeline(join(folder, entry.pipeline));
    }
  });

  it('refuses a figure axis that no metric entry produces', () => {
    expect(fails({ ...base, figure: { x: 'TPS', y: 'R_token' } })).toMatch(/eval\.yaml: figure\.x: no metric entry produces the column "TPS" \(columns: R_token, /);
    expect(parseEvaluationConfig({ ...base, figure: { x: 'P', y: 'R_token' } }, 'eval.yaml').figure).toEqual({ x: 'P', y: 'R_token' });
  });

  it('background knowledge from the corpus: a fraction in (0, 1], strict', () => {
    const config = parseEvaluationConfig({ ...base, backgroundKnowledge: { Half: { fromCorpus: 0.5 } } }, 'eval.yaml');
    expect(config.backgroundKnowledge.Half).toEqual({ fromCorpus: 0.5 });
    expect(fails({ ...base, backgroundKnowledge: { Half: { fromCorpus: 0 } } })).toMatch(/backgroundKnowledge\.Half/);
    expect(fails({ ...base, backgroundKnowledge: { Half: { fromCorpus: 0.5, seed: 1 } } })).toMatch(/backgroundKnowledge\.Half/);
  });

  it('knowledgeFromCorpus keeps the first fraction of each text, cut at a word boundary', () => {
    const corpus = parseCorpus([
      { doc_id: 'a', text: 'Anna Berg was born in Oslo.', masked_spans: [] },
      { doc_id: 'b', text: 'Jon', masked_spans: [] },
    ], 'c.json');
    // 27 characters · 0.5 = 13.5 → 14; the last space at or before 14 is at 13: "Anna Berg was"; no space in "Jon": cut at 2.
    expect([...knowledgeFromCorpus(corpus, 0.5)]).toEqual([
      ['a', 'Anna Berg was'],
      ['b', 'Jo'],
    ]);
    expect(knowledgeFromCorpus(corpus, 1).get('a')).toBe('Anna Berg was born in Oslo.');
  });
});

describe('runEvaluation and its report', () => {
  const dir = useTempDir('sanitext-eval-');
  const text = 'Anna Berg lives in Oslo. Anna Berg paints.';
  const corpus = [
    tabDocument('anna', text, {
      a1: [
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Oslo', type: 'LOC', id: 'QUASI', entity: 'e2' },
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1', nth: 1 },
      ],
    }),
    tabDocument('jon', 'Jon Dahl fixes boats in Bergen.', { a1: [{ text: 'Jon Dahl', type: 'PERSON', id: 'DIRECT', entity: 'e1' }] }),
  ];

  const setUp = async (): Promise<string> => {
    await writeFile(join(dir.path, 'corpus.json'), JSON.stringify(corpus));
    // Descending order, with replacements; "jon" masks only the name.
    await writeFile(join(dir.path, 'names.json'), JSON.stringify({ anna: [[25, 34, 'PERSON'], [19, 23, 'a city'], [0, 9, 'PERSON']], jon: [[0, 8]] }));
    await writeFile(join(dir.path, 'bk.json'), JSON.stringify({ anna: 'Anna Berg is a painter from Oslo who paints.', jon: 'Jon Dahl repairs fishing boats in Bergen.', kari: 'Kari Nord sings.' }));
    const config = [
      'name: tiny',
      'corpus: corpus.json',
      'anonymizations: [{ name: names, file: names.json }]',
      'backgroundKnowledge: { BK: bk.json }',
      'metrics:',
      '  - { metric: tab }',
      '  - { metric: trir, options: { backgroundKnowledge: BK, windowWords: 5, windowStride: 2 } }',
      'figure: { x: P, y: TRIR }',
    ].join('\n');
    await writeFile(join(dir.path, 'eval.yaml'), config + '\n');
    return join(dir.path, 'eval.yaml');
  };

  it('scores every anonymization with every metric and writes evaluation.json, Markdown, CSV, LaTeX and the figure', async () => {
    await setUp();
    const config = parseEvaluationConfig(
      {
        ...base,
        backgroundKnowledge: { BK: 'bk.json' },
        metrics: [{ metric: 'tab' }, { metric: 'trir', options: { backgroundKnowledge: 'BK', windowWords: 5, windowStride: 2 } }],
        figure: { x: 'P', y: 'TRIR' },
      },
      'eval.yaml',
    );
    const results = await runEvaluation(config, { dataRoot: dir.path, baseDir: dir.path });
    expect(results.columns).toEqual(['R_token', 'R_mention', 'R_direct', 'R_quasi', 'R_all', 'P', 'P_mention', 'F1', 'TRIR']);
    const values = results.rows[0].values;
    // Every gold mention masked, every masked unit a gold mention.
    expect(values.R_all).toBe(1);
    expect(values.P).toBe(1);
    // Both are linked by the words left in clear (painter/Oslo vs boats/Bergen).
    expect(values.TRIR).toBe(1);
    const out = join(dir.path, 'out');
    await writeEvaluationReport(out, results);
    expect(JSON.parse(await readFile(join(out, 'evaluation.json'), 'utf8')).rows[0].values.TRIR).toBe(1);
    expect((await readFile(join(out, 'table.csv'), 'utf8')).split('\n')[0]).toBe('anonymization,R_token,R_mention,R_direct,R_quasi,R_all,P,P_mention,F1,TRIR');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/\| names \| 1\.000 \|/);
    expect(await readFile(join(out, 'table.tex'), 'utf8')).toMatch(/Anonymization & R\\_token/);
    expect(await readFile(join(out, 'privacy-utility.svg'), 'utf8')).toMatch(/<svg[^>]*>[\s\S]*names/);
  });

  it('runs from the command line; a bad config exits 2 with one message and writes nothing', async () => {
    const configPath = await setUp();
    const out = join(dir.path, 'cli-out');
    const ok = runCli(['evaluate', '--config', configPath, '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\| anonymization \| R_token/);
    expect(existsSync(join(out, 'table.tex'))).toBe(true);

    await writeFile(join(dir.path, 'bad.yaml'), 'name: bad\ncorpus: corpus.json\nanonymizations: [{ name: x, file: names.json }]\nmetrics: [{ metric: trir, options: { backgroundKnowledge: BK } }]\n');
    const bad = runCli(['evaluate', '--config', join(dir.path, 'bad.yaml'), '--out', join(dir.path, 'bad-out')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: metrics\.0\.options\.backgroundKnowledge: no background knowledge "BK"/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(join(dir.path, 'bad-out'))).toBe(false);
  });

  it('takes a file with replacements where it takes system spans (sanitext evaluate GOLD SYSTEM)', async () => {
    await setUp();
    const run = runCli(['evaluate', join(dir.path, 'corpus.json'), join(dir.path, 'names.json'), '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).recall_direct_entities).toBe(1);
  });
});

describe('anonymizations from a sanitization pipeline', () => {
  const dir = useTempDir('sanitext-eval-pipeline-');

  it('turns the pipeline\'s replaced regions into replacements, or suppressions with suppress: true', async () => {
    const pipeline = join(dir.path, 'rules.yaml');
    await writeFile(pipeline, 'name: rules\ndetect:\n  layers: { rules: true, gazetteers: false, neural: false }\nassess: none\nmask: { strategy: type-tag }\n');
    const text = 'She was born on 3 May 2004 and wrote to anna@example.org.';
    const corpus = parseCorpus([{ doc_id: 'a', text, masked_spans: [] }], 'c.json');
    const tagged = (await anonymizeWithPipeline(pipeline, corpus, false)).get('a')!;
    expect(applyReplacements(text, tagged).text).toBe('She was born on [DATETIME] and wrote to [CODE].');
    const suppressed = (await anonymizeWithPipeline(pipeline, corpus, true)).get('a')!;
    expect(suppressed.map((r) => r.replacement)).toEqual([undefined, undefined]);
    expect(applyReplacements(text, suppressed).text).toBe('She was born on [MASK] and wrote to [MASK].');
  });
});
