import { describe, expect, it } from 'vitest';
import { buildTableModel, latexEscape, renderCsv, renderLatexTable, renderMarkdownTable, renderPublishedMarkdown } from '../../src/report/index.ts';
import { fixture, minimalRun } from './fixtures.ts';

const KNOWN_ROW = { method: 'mask-everything', P: 0.803125, Pw: 0.8415, R_all: 1, F1: 0.890747, R_ent: 1, R_direct: 1, R_quasi: 1, seconds: 0.012 };

describe('Markdown table', () => {
  it('renders a known row to the expected cells, with the paper row beneath it', () => {
    const md = renderMarkdownTable(minimalRun({ rows: [KNOWN_ROW], published: { table: 'Table 5', dataset: 'wikipedia' } }));
    expect(md.split('\n')).toEqual([
      '| Method | P | P<sub>w</sub> | R<sub>all</sub> | F<sub>1</sub> | R<sub>ent</sub> | R<sub>direct</sub> | R<sub>quasi</sub> | seconds |',
      '| :-- | --: | --: | --: | --: | --: | --: | --: | --: |',
      '| `mask-everything` | 0.803 | 0.842 | 1.000 | 0.891 | 1.000 | 1.000 | 1.000 | 0.01 |',
      '| ↳ *paper: Majority rule (mask everything)* | *0.80* | *0.84* | *1.00* | *0.89* | *1.00* | *1.00* | *1.00* |  |',
      '',
    ]);
  });

  it('prints 2 decimals on request and dashes for undefined scores', () => {
    const row = { ...KNOWN_ROW, Pw: undefined, R_direct: null, seconds: null };
    const other = { ...row, method: 'other', R_direct: 0.25 };
    const lines = renderMarkdownTable(minimalRun({ rows: [row, other] }), { decimals: 2 }).split('\n');
    // P_w and seconds are dropped: no row, ours or the paper's, has a value for them.
    expect(lines[0]).toBe('| Method | P | R<sub>all</sub> | F<sub>1</sub> | R<sub>ent</sub> | R<sub>direct</sub> | R<sub>quasi</sub> |');
    expect(lines).toContain('| `mask-everything` | 0.80 | 1.00 | 0.89 | 1.00 | — | 1.00 |');
    expect(lines).toContain('| `other` | 0.80 | 1.00 | 0.89 | 1.00 | 0.25 | 1.00 |');
  });

  it('drops a column that is undefined everywhere', () => {
    const row = { ...KNOWN_ROW, R_direct: null };
    expect(renderMarkdownTable(minimalRun({ rows: [row] })).split('\n')[0]).not.toContain('R<sub>direct</sub>');
  });

  it('keeps a column the paper has even where our run lacks it', () => {
    const md = renderMarkdownTable(fixture('tab-detected'));
    const lines = md.split('\n');
    expect(lines[0]).toContain('P<sub>w</sub>');
    expect(lines).toContain('| `llm-probability:logreg` | 0.446 | — | 0.910 | 0.598 | 0.852 | 0.931 | 0.852 | 41.0 |');
    expect(lines).toContain('| ↳ *paper: LLM probabilities (logistic regression)* | *0.44* | *0.53* | *0.91* | *0.60* | *0.85* | *0.93* | *0.85* |  |');
  });

  it('separates groups with header rows, in order of first appearance, and escapes method names', () => {
    const md = renderMarkdownTable(fixture('tab-detected'));
    const headers = md.split('\n').filter((l) => l.startsWith('| **'));
    expect(headers.map((h) => h.split(' | ')[0])).toEqual(['| **Majority rule**', '| **LLM probabilities**', '| **Span classification**', '| **Experimental**']);
    expect(md).toContain('| `my-new_method\\|v2` |');
    // A method the paper does not have gets no paper row.
    expect(md.split('\n').filter((l) => l.startsWith('| ↳'))).toHaveLength(3);
  });

  it('puts a paper row under every method of a full Table 5 run', () => {
    const md = renderMarkdownTable(fixture('wikipedia-gold'));
    expect(md.split('\n').filter((l) => l.startsWith('| ↳ *paper:'))).toHaveLength(9);
    expect(md).toContain('| ↳ *paper: Web search (# of hits)* | *0.80* | *0.84* | *0.99* | *0.88* | *0.99* | *0.95* | *0.99* |  |');
  });

  it('renders a Table 3 recognizer run with only P, R and F1', () => {
    const rows = [{ method: 'PERSON', P: 0.951, R_all: 0.9, F1: 0.925, R_ent: null, R_direct: null, R_quasi: null, seconds: null }];
    const md = renderMarkdownTable(minimalRun({ rows, published: { table: 'Table 3', dataset: 'tab' } }));
    expect(md.split('\n')[0]).toBe('| Method | P | R<sub>all</sub> | F<sub>1</sub> |');
    expect(md).toContain('| ↳ *paper: PERSON* | *0.98* | *0.94* | *0.96* |');
  });

  it('renders a published table in full', () => {
    const md = renderPublishedMarkdown('Table 7', 'tab');
    expect(md).toContain('| ≥ 3 (`combination:>=3`) | 0.61 | 0.64 | 0.98 | 0.75 | 0.99 | 1.00 | 0.99 |');
    expect(renderPublishedMarkdown('Table 3', 'wikipedia')).toContain('| CODE (`recognizer:CODE`) | n/a | n/a | n/a |');
  });
});

describe('CSV', () => {
  it('writes unrounded values under a fixed header, with the paper columns', () => {
    const csv = renderCsv(minimalRun({ rows: [KNOWN_ROW], published: { table: 'Table 5', dataset: 'wikipedia' } }));
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'method,group,P,Pw,R_all,F1,R_ent,R_direct,R_quasi,seconds,paper_table,paper_dataset,paper_label,paper_P,paper_Pw,paper_R_all,paper_F1,paper_R_ent,paper_R_direct,paper_R_quasi',
    );
    expect(row).toBe('mask-everything,Majority rule,0.803125,0.8415,1,0.890747,1,1,1,0.012,Table 5,wikipedia,Majority rule (mask everything),0.8,0.84,1,0.89,1,1,1');
    expect(end).toBe('');
  });

  it('quotes fields with commas and leaves undefined values empty', () => {
    const csv = renderCsv(fixture('tab-detected'));
    const lines = csv.split('\r\n');
    expect(lines[2]).toBe('llm-probability:logreg,LLM probabilities,0.4455,,0.9102,0.5982,0.8523,0.9311,0.8519,41,Table 6,tab,LLM probabilities (logistic regression),0.44,0.53,0.91,0.6,0.85,0.93,0.85');
    expect(lines[4].startsWith('my-new_method|v2,Experimental,')).toBe(true);
    expect(lines[4].endsWith(',Table 6,tab,,,,,,,,')).toBe(true);
    const wiki = renderCsv(fixture('wikipedia-gold'));
    expect(wiki).toContain(',"Sequence labelling (RoBERTa, strict match)",');
  });

  it('has no paper columns without a published table', () => {
    expect(renderCsv(minimalRun()).split('\r\n')[0]).toBe('method,group,P,Pw,R_all,F1,R_ent,R_direct,R_quasi,seconds');
  });
});

describe('LaTeX', () => {
  it('renders a booktabs table with escaped names, rules between groups and italic paper rows', () => {
    const tex = renderLatexTable(fixture('tab-detected'));
    expect(tex).toContain('\\begin{tabular}{lrrrrrrrr}');
    expect(tex).toContain('Method & $P$ & $P_w$ & $R_{\\mathrm{all}}$ & $F_1$ & $R_{\\mathrm{ent}}$ & $R_{\\mathrm{direct}}$ & $R_{\\mathrm{quasi}}$ & Seconds \\\\');
    expect(tex).toContain('mask-everything & 0.431 & 0.519 & 0.960 & 0.595 & 0.931 & 0.980 & 0.938 & 0.20 \\\\');
    expect(tex).toContain('\\quad\\textit{paper} & \\textit{0.43} & \\textit{0.52} & \\textit{0.96} & \\textit{0.60} & \\textit{0.93} & \\textit{0.98} & \\textit{0.94} &  \\\\');
    expect(tex).toContain('my-new\\_method\\textbar{}v2 & 0.700');
    expect(tex).not.toContain('hdashline');
    expect(tex.match(/\\midrule/g)).toHaveLength(4); // after the header, then between the 4 groups
    expect(tex.indexOf('\\toprule')).toBeLessThan(tex.indexOf('\\bottomrule'));
  });

  it('escapes the LaTeX special characters', () => {
    expect(latexEscape('a_b & c%d $e #f {g} ~h ^i \\j >=2 ≥ 3')).toBe(
      'a\\_b \\& c\\%d \\$e \\#f \\{g\\} \\textasciitilde{}h \\textasciicircum{}i \\textbackslash{}j \\textgreater{}=2 $\\geq$ 3',
    );
  });
});

describe('table model', () => {
  it('merges rows of one group that are not adjacent', () => {
    const row = (method: string, group?: string) => ({ ...KNOWN_ROW, method, ...(group ? { group } : {}) });
    const model = buildTableModel(minimalRun({ rows: [row('llm-probability:logreg'), row('mask-everything'), row('llm-probability:ensemble')] }));
    expect(model.blocks.map((b) => [b.group, b.entries.map((e) => e.row.method)])).toEqual([
      ['LLM probabilities', ['llm-probability:logreg', 'llm-probability:ensemble']],
      ['Majority rule', ['mask-everything']],
    ]);
  });
});
