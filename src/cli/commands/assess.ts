/**
 * `sanitext assess <input> --pipeline p.yaml`: every detected span with its risk score and the
 * decision (mask or keep) and what made it. It shows the span text: the user inspects their own text.
 */
import type { Command } from 'commander';
import { InputError, inputBytes, listInputs, offsetConverter, readDocuments } from '../../corpus/index.ts';
import { writeOutput } from '../../mask/index.ts';
import { createPipelineRunner, workersForInput, type PipelineResult } from '../../pipeline/index.ts';
import { dataRootOf } from '../options.ts';
import { formatTable } from '../table.ts';

interface AssessFlags {
  pipeline?: string;
  json?: boolean;
  out?: string;
  workers?: string;
}

export function registerAssess(program: Command): void {
  program
    .command('assess')
    .description('detect spans and assess their risk with a pipeline: scores and mask/keep decisions, as a table or JSON')
    .argument('<input>', 'a .txt, .jsonl or TAB .json file, - for standard input, a folder, or a dataset name such as tab144:test')
    .option('--pipeline <config>', 'pipeline config (e.g. pipelines/default.yaml)')
    .option('--json', 'JSON output: documents with their spans, offsets in code points')
    .option('--out <file>', 'write to this file (default stdout)')
    .option('--workers <n>', 'worker threads, each with its own copy of the pipeline (default: one per core, one for an input under 1 MiB; scope collection runs one)')
    .action(async (input: string, flags: AssessFlags, command: Command) => {
      if (!flags.pipeline) throw new InputError([{ file: '(command line)', message: '--pipeline CONFIG is required (e.g. pipelines/default.yaml)' }]);
      const dataRoot = dataRootOf(command);
      const workers = workersForInput(flags.workers, inputBytes(await listInputs(input, { dataRoot }), dataRoot));
      const pipeline = await createPipelineRunner(flags.pipeline, { workers });
      const documents: AssessedDocument[] = [];
      try {
        for await (const { doc, result, error } of pipeline.run(readDocuments(input, { dataRoot }))) {
          if (error) throw error;
          documents.push(assessed(doc.text, result));
        }
      } finally {
        await pipeline.close();
      }
      // Everything is computed before anything is written: a failure leaves no partial output.
      const header = { pipeline: flags.pipeline, indicator: pipeline.indicator, threshold: pipeline.threshold ?? null };
      await writeOutput(flags.out, flags.json ? `${JSON.stringify({ ...header, documents }, null, 2)}\n` : renderTable(header, documents));
    });
}

interface AssessedSpan {
  mentionId: string;
  entityId: string;
  /** Code points. */
  start: number;
  end: number;
  text: string;
  entityType: string;
  layer: string;
  confidence: number;
  risk: number | null;
  decision: 'mask' | 'keep';
  decidedBy: string;
}

interface AssessedDocument {
  id: string;
  counts: PipelineResult['counts'];
  spans: AssessedSpan[];
}

function assessed(text: string, result: PipelineResult): AssessedDocument {
  const offsets = offsetConverter(text);
  const spans = result.decisions.map((d, i) => ({
    mentionId: d.mentionId,
    entityId: d.entityId,
    start: offsets.toCodePoint(d.start),
    end: offsets.toCodePoint(d.end),
    text: text.slice(d.start, d.end),
    entityType: d.entityType,
    layer: result.mentions[i].layer,
    confidence: result.mentions[i].confidence,
    risk: d.risk,
    decision: d.mask ? ('mask' as const) : ('keep' as const),
    decidedBy: d.decidedBy,
  }));
  return { id: result.id, counts: result.counts, spans };
}

function renderTable(header: { indicator: string; threshold: number | null }, documents: readonly AssessedDocument[]): string {
  const shown = (s: string): string => {
    const flat = s.replace(/\s+/g, ' ');
    return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
  };
  const rows = documents.flatMap((d) =>
    d.spans.map((s) => [d.id, String(s.start), String(s.end), s.entityType, s.layer, s.confidence.toFixed(2), s.risk === null ? '-' : s.risk.toFixed(3), s.decision, s.decidedBy, shown(s.text)]),
  );
  const masked = documents.reduce((n, d) => n + d.counts.masked, 0);
  const kept = documents.reduce((n, d) => n + d.counts.kept, 0);
  const threshold = header.threshold === null ? '' : `, threshold ${header.threshold}`;
  return (
    formatTable(['document', 'start', 'end', 'type', 'layer', 'conf', 'risk', 'decision', 'by', 'text'], rows) +
    `\n${documents.length} document(s): ${masked} span(s) to mask, ${kept} kept in clear (indicator: ${header.indicator}${threshold})\n`
  );
}
