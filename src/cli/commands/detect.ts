/** `sanitext detect <input>`: privacy-oriented entity recognition on any input the one reader takes. */
import type { Command } from 'commander';
import {
  DOCUMENT_FORMATS,
  InputError,
  documentToTabJson,
  inputBytes,
  isDirectory,
  jsonArrayChunk,
  jsonCollectionEnd,
  jsonObjectChunk,
  listInputs,
  readSource,
  spansToCodePoints,
  type Document,
  type DocumentFormat,
  type InputDocument,
  type InputProblem,
} from '../../corpus/index.ts';
import { LANGUAGE_SETTINGS, defaultLayerNames, type LanguageSetting, type RecognizedSpan } from '../../detect/index.ts';
import { OutputSession, checkOutputsAgainstInputs } from '../../mask/index.ts';
import { dataRootOf } from '../options.ts';
import { terminalProgress } from '../progress.ts';
import { formatTable } from '../table.ts';

export const DETECT_ANNOTATOR = 'sanitext';

interface DetectFlags {
  layers?: string;
  language?: string;
  json?: boolean;
  out?: string;
  format: string;
  from?: string;
  workers?: string;
  conventions?: string;
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('detect spans that could identify a person (TAB mention format, code-point offsets)')
    .argument('<input>', 'a .txt, .jsonl or TAB .json file, - for standard input, a folder of them, or a dataset name such as sample or tab144:test')
    .option('--layers <names>', `comma-separated detector layers (default: ${defaultLayerNames().join(',')})`)
    .option('--language <code>', `the documents' language: ${LANGUAGE_SETTINGS.join(' | ')} (auto: guessed per document; default en)`)
    .option('--conventions <name>', "annotation conventions: tab (default: drops what TAB's annotators never mark, e.g. \"lawyer\", \"the Court\"), none, or a lexicon file")
    .option('--format <format>', 'tab: TAB documents with typed mentions and entity ids; spans: {doc_id: [[start, end], ...]} for "sanitext evaluate"', 'tab')
    .option('--from <format>', `input format of a file or of standard input: ${DOCUMENT_FORMATS.join(' | ')} (default: by extension; text for -)`)
    .option('--json', 'print the output JSON instead of a summary')
    .option('--out <file>', 'write the output JSON to a file')
    .option('--workers <n>', 'worker threads, each with its own copy of the detector (default: one per core, one for an input under 1 MiB)')
    .action(async (input: string, flags: DetectFlags, command: Command) => {
      await runDetect(input, flags, dataRootOf(command));
    });
}

async function runDetect(input: string, flags: DetectFlags, dataRoot: string): Promise<void> {
  if (flags.format !== 'tab' && flags.format !== 'spans') throw new InputError([{ file: '(command line)', message: `unknown --format "${flags.format}" (tab | spans)` }]);
  if (flags.from !== undefined && !DOCUMENT_FORMATS.includes(flags.from as DocumentFormat)) {
    throw new InputError([{ file: '(command line)', message: `--from is one of ${DOCUMENT_FORMATS.join(', ')}, not "${flags.from}"` }]);
  }
  const from = flags.from as DocumentFormat | undefined;
  const folderInput = isDirectory(input);
  const sources = await listInputs(input, { dataRoot, format: from });
  if (flags.out !== undefined) {
    checkOutputsAgainstInputs([{ option: '--out', path: flags.out }], { folder: folderInput ? input : undefined, files: sources.filter((s) => s.kind === 'file').map((s) => s.path) });
  }
  const progress = terminalProgress({ lines: false }); // stderr of a pipe stays for errors
  progress.phase('loading detector layers');
  const layerNames = flags.layers?.split(',').map((l) => l.trim()).filter((l) => l !== '');
  // The pipeline's detect stage, as `sanitize` and the benchmark use it (loaded only when it runs).
  const { createDetectorRunner, detectLayers, workersForInput } = await import('../../pipeline/index.ts');
  // An unknown language is the config schema's error: "(command line): detect.language: one of …".
  const language = flags.language !== undefined ? { language: flags.language as LanguageSetting } : {};
  const conventions = flags.conventions !== undefined ? { conventions: flags.conventions } : {};
  const detector = await createDetectorRunner({ ...detectLayers(layerNames), ...language, ...conventions }, { file: '(command line)', workers: workersForInput(flags.workers, inputBytes(sources, dataRoot)) });
  const output = new OutputSession();
  const file = flags.out !== undefined ? await output.open(flags.out, '--out') : undefined;
  const emit = async (chunk: string): Promise<void> => {
    await file?.append(chunk);
    if (flags.json) output.toStdout(chunk);
  };
  const counts = new TypeCounts();
  const skipped: InputProblem[] = [];
  const seen = new Set<string>();
  const kind = flags.format === 'spans' ? 'object' : 'array';
  try {
    progress.start(undefined, 'detect');
    // Documents stream through: one in memory at a time, the output JSON written as it grows.
    for (const source of sources) {
      for await (const { doc, result: spans, error } of detector.run(readSource(source, { dataRoot, format: from, onProblem: (p) => skipped.push(p) }))) {
        if (seen.has(doc.id)) throw new InputError([{ file: source.path, docId: doc.id, message: `${doc.line ? `line ${doc.line}: ` : ''}document id occurs twice in this run` }]);
        if (error) throw error;
        counts.add(spans);
        progress.tick({ docs: 1, spans: spans.length });
        await emit(
          kind === 'object'
            ? jsonObjectChunk(seen.size, doc.id, spansToCodePoints(doc.text, spans))
            : jsonArrayChunk(seen.size, documentToTabJson(withDetections(asDocument(doc), spans))),
        );
        seen.add(doc.id);
      }
    }
    if (seen.size === 0) throw new InputError(skipped.length > 0 ? skipped : [{ file: input, message: 'no documents to detect in' }]);
    await emit(jsonCollectionEnd(seen.size, kind) + '\n');
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  } finally {
    progress.stop();
    await detector.close();
  }
  if (!flags.json) process.stdout.write(summary(seen.size, layerNames ?? [...detector.layers], counts) + (flags.out ? `\nwrote ${flags.out}\n` : ''));
  if (skipped.length > 0) {
    // As in sanitize: the good documents are written, every bad record is listed, exit status 2.
    process.stderr.write(`sanitext: bad input\n${new InputError(skipped).message}\n${skipped.length} bad record(s) skipped, exit status 2\n`);
    process.exitCode = 2;
  }
}

function asDocument(doc: InputDocument): Document {
  return doc.source ?? { id: doc.id, text: doc.text, goldKind: 'tab', annotations: [] };
}

/** The document with its gold annotations replaced by the detected mentions. */
export function withDetections(doc: Document, spans: readonly RecognizedSpan[]): Document {
  const mentions = spans.map((s) => ({
    start: s.start,
    end: s.end,
    mentionId: s.mentionId,
    entityId: s.entityId,
    entityType: s.entityType,
    ...(s.subtype ? { subtype: s.subtype } : {}),
    spanText: doc.text.slice(s.start, s.end),
  }));
  return { id: doc.id, text: doc.text, split: doc.split, goldKind: 'tab', annotations: [{ annotator: DETECT_ANNOTATOR, mentions }] };
}

/** Mentions and distinct entities per type, accumulated over the streamed documents. */
class TypeCounts {
  private readonly byType = new Map<string, { mentions: number; entities: Set<string> }>();
  private documentIndex = 0;

  add(spans: readonly RecognizedSpan[]): void {
    this.documentIndex++;
    for (const s of spans) {
      const entry = this.byType.get(s.entityType) ?? { mentions: 0, entities: new Set<string>() };
      entry.mentions++;
      // An entity belongs to its document: counted per document whatever its id looks like.
      entry.entities.add(`${this.documentIndex}\u0000${s.entityId}`);
      this.byType.set(s.entityType, entry);
    }
  }

  rows(): string[][] {
    return [...this.byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, e]) => [type, String(e.mentions), String(e.entities.size)]);
  }
}

function summary(documentCount: number, layers: string[], counts: TypeCounts): string {
  return `${documentCount} document(s), layers ${layers.join(', ')}\n\n` + formatTable(['type', 'mentions', 'entities'], counts.rows());
}
