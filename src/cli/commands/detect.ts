/** `sanitext detect <input>`: privacy-oriented entity recognition on a text file or a dataset. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { documentToTabJson, InputError, loadDataset, spansToCodePoints, writeJsonFile, type Document } from '../../corpus/index.ts';
import { createRecognizer, defaultLayerNames, type RecognizedSpan } from '../../detect/index.ts';
import { dataRootOf } from '../options.ts';
import { formatTable } from '../table.ts';

export const DETECT_ANNOTATOR = 'sanitext';

interface DetectFlags {
  layers?: string;
  json?: boolean;
  out?: string;
  format: string;
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('detect spans that could identify a person (TAB mention format, code-point offsets)')
    .argument('<input>', 'a plain text file, a TAB-format JSON file, or a dataset name such as sample or tab144:test')
    .option('--layers <names>', `comma-separated detector layers (default: ${defaultLayerNames().join(',')})`)
    .option('--format <format>', 'tab: TAB documents with typed mentions and entity ids; spans: {doc_id: [[start, end], ...]} for "sanitext evaluate"', 'tab')
    .option('--json', 'print the output JSON instead of a summary')
    .option('--out <file>', 'write the output JSON to a file')
    .action(async (input: string, flags: DetectFlags, command: Command) => {
      if (flags.format !== 'tab' && flags.format !== 'spans') throw new InputError([{ file: input, message: `unknown --format "${flags.format}" (tab | spans)` }]);
      const documents = await readInput(input, dataRootOf(command));
      const recognizer = await createRecognizer({ layers: flags.layers?.split(',').map((l) => l.trim()).filter((l) => l !== '') });
      const detected = new Map<string, RecognizedSpan[]>();
      for (const doc of documents) detected.set(doc.id, await recognizer.recognize(doc));
      const output = flags.format === 'spans' ? toSpansJson(documents, detected) : documents.map((d) => documentToTabJson(withDetections(d, detected.get(d.id) ?? [])));
      if (flags.out) await writeJsonFile(flags.out, output);
      if (flags.json) process.stdout.write(JSON.stringify(output, null, 2) + '\n');
      else process.stdout.write(summary(documents.length, recognizer.layers.map((l) => l.name), detected) + (flags.out ? `\nwrote ${flags.out}\n` : ''));
    });
}

/** Plain text files become one document named after the file; anything else goes through loadDataset. */
async function readInput(input: string, dataRoot: string): Promise<Document[]> {
  if (existsSync(input) && !input.toLowerCase().endsWith('.json')) {
    const text = await readFile(input, 'utf8');
    return [{ id: basename(input).replace(/\.[^.]*$/, ''), text, goldKind: 'tab', annotations: [] }];
  }
  return (await loadDataset(input, dataRoot)).documents;
}

/** The document with its gold annotations replaced by the detected mentions. */
export function withDetections(doc: Document, spans: readonly RecognizedSpan[]): Document {
  const mentions = spans.map((s) => ({
    start: s.start,
    end: s.end,
    mentionId: s.mentionId,
    entityId: s.entityId,
    entityType: s.entityType,
    spanText: doc.text.slice(s.start, s.end),
  }));
  return { id: doc.id, text: doc.text, split: doc.split, goldKind: 'tab', annotations: [{ annotator: DETECT_ANNOTATOR, mentions }] };
}

function toSpansJson(documents: readonly Document[], detected: Map<string, RecognizedSpan[]>): Record<string, [number, number][]> {
  return Object.fromEntries(documents.map((d) => [d.id, spansToCodePoints(d.text, detected.get(d.id) ?? [])]));
}

function summary(documentCount: number, layers: string[], detected: Map<string, RecognizedSpan[]>): string {
  const byType = new Map<string, { mentions: number; entities: Set<string> }>();
  for (const spans of detected.values()) {
    for (const s of spans) {
      const entry = byType.get(s.entityType) ?? { mentions: 0, entities: new Set<string>() };
      entry.mentions++;
      entry.entities.add(s.entityId);
      byType.set(s.entityType, entry);
    }
  }
  const rows = [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, e]) => [type, String(e.mentions), String(e.entities.size)]);
  return `${documentCount} document(s), layers ${layers.join(', ')}\n\n` + formatTable(['type', 'mentions', 'entities'], rows);
}
