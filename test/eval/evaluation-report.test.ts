import { describe, expect, it } from 'vitest';
import type { EvaluationResults } from '../../src/eval/index.ts';
import { renderEvaluationCsv, renderEvaluationFigure, renderEvaluationLatex, renderEvaluationMarkdown } from '../../src/report/index.ts';

const results: EvaluationResults = {
  name: 'demo',
  corpus: 'tab-masked:test',
  documents: 2,
  columns: ['P', 'R_direct', 'TRIR'],
  rows: [
    { anonymization: 'A, "quoted"', values: { P: 0.5, R_direct: null, TRIR: 0.25 } },
    { anonymization: 'B_2', values: { P: 1, TRIR: 0.125 } },
  ],
  seconds: { tab: 1.25, trir: 3 },
  cpuSeconds: { tab: 2.5, trir: 5.75 },
  notes: ['B_2: 1 document(s) have no entry'],
  figure: { x: 'P', y: 'TRIR' },
};

describe('evaluation report files take any columns', () => {
  it('writes undefined values as a dash (Markdown, LaTeX) or an empty field (CSV), escaping as each format needs', () => {
    const markdown = renderEvaluationMarkdown(results);
    expect(markdown).toContain('| anonymization | P | R_direct | TRIR |');
    expect(markdown).toContain('| A, "quoted" | 0.500 | – | 0.250 |');
    expect(markdown).toContain('| B_2 | 1.000 | – | 0.125 |');
    expect(markdown).toContain('| trir | 3.0 | 5.8 |');
    expect(markdown).toContain('- B_2: 1 document(s) have no entry');
    expect(renderEvaluationCsv(results)).toBe('anonymization,P,R_direct,TRIR\n"A, ""quoted""",0.5,,0.25\nB_2,1,,0.125\n');
    const latex = renderEvaluationLatex(results);
    expect(latex).toContain('Anonymization & P & R\\_direct & TRIR \\\\');
    expect(latex).toContain('B\\_2 & 1.000 & -- & 0.125 \\\\');
  });

  it('draws one labelled point per anonymization with both figure values', () => {
    const svg = renderEvaluationFigure(results)!;
    expect(svg.match(/<circle /g)).toHaveLength(2 + 2); // two points and two legend markers
    expect(svg).toContain('A, &quot;quoted&quot;');
    expect(renderEvaluationFigure({ ...results, figure: undefined })).toBeUndefined();
    const missing = renderEvaluationFigure({ ...results, rows: [results.rows[0], { anonymization: 'C', values: { P: 0.3 } }] })!;
    expect(missing).not.toContain('>C<');
  });
});
