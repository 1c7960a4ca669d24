/** `sanitext sanitize <file|dir|dataset>`: mask spans with a strategy, save the mapping (encrypted). */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError, goldCandidates, parseCorpus, parseSystemSpans, readJsonFile, type Corpus, type Document } from '../../corpus/index.ts';
import {
  DOCUMENT_FORMATS,
  PseudonymSession,
  createStrategyRegistry,
  encryptMapping,
  isDirectory,
  loadMaskKey,
  outputPathIn,
  plainMappingFile,
  readInputs,
  renderDocuments,
  sanitize,
  writeOutput,
  type DocumentFormat,
  type InputDocument,
  type InputFile,
  type Mapping,
  type MaskKey,
  type MaskSpan,
  type OutputDocument,
} from '../../mask/index.ts';
import { dataRootOf } from '../options.ts';
import { registerRestore } from './restore.ts';

interface SanitizeFlags {
  strategy: string;
  spans?: string;
  layers?: string;
  out?: string;
  to?: string;
  mapping?: string;
  plainMapping?: boolean;
  keyFile?: string;
  scope: string;
  redactWith: string;
}

export function registerSanitize(program: Command): void {
  program
    .command('sanitize')
    .description('replace spans by placeholders, type tags, keyed wild tags or generalizations; save the mapping to restore them')
    .argument('<input>', 'a .txt, .jsonl or TAB .json file, a folder of them, or a dataset name such as tab144:test')
    .option('--strategy <name>', `masking strategy: ${createStrategyRegistry().names().join(' | ')}`, 'numbered')
    .option('--spans <source>', 'gold (TAB DIRECT/QUASI mentions) | detected (the recognizer) | FILE ({doc_id: [[start, end]]} code points, or TAB JSON); default: gold for TAB input, detected otherwise')
    .option('--layers <names>', 'detector layers for --spans detected, comma-separated')
    .option('--out <path>', 'output file (default stdout) or, for a folder input, output folder')
    .option('--to <format>', `output format: ${DOCUMENT_FORMATS.join(' | ')} (default: the input's)`)
    .option('--mapping <file>', 'save the placeholder → original mapping here (AES-256-GCM encrypted with the key)')
    .option('--plain-mapping', 'save the mapping unencrypted (it holds the originals in clear)')
    .option('--key-file <file>', 'secret for keyed tags and mapping encryption (default: $SANITEXT_MAPPING_KEY)')
    .option('--scope <scope>', 'pseudonym consistency: document | collection', 'document')
    .option('--redact-with <text>', 'replacement of the redact strategy', '***')
    .action(async (input: string, flags: SanitizeFlags, command: Command) => {
      await runSanitize(input, flags, dataRootOf(command));
    });
  // Its inverse comes with it (one registration line in commands/index.ts for the pair).
  registerRestore(program);
}

async function runSanitize(input: string, flags: SanitizeFlags, dataRoot: string): Promise<void> {
  const registry = createStrategyRegistry({ redactWith: flags.redactWith });
  const strategy = registry.get(flags.strategy);
  const to = parseFormat(flags.to);
  if (flags.scope !== 'document' && flags.scope !== 'collection') usage(`--scope is "document" or "collection", not "${flags.scope}"`);
  const key = loadMaskKey(flags.keyFile);
  if (strategy.needsKey && !key) usage(`strategy ${strategy.name} needs a secret key: pass --key-file FILE or set $SANITEXT_MAPPING_KEY`);
  if (flags.mapping && !key && !flags.plainMapping) {
    usage('--mapping needs a key to encrypt it (--key-file FILE or $SANITEXT_MAPPING_KEY); --plain-mapping saves it in clear instead');
  }
  const folderRun = isDirectory(input);
  if (folderRun && !flags.out) usage('a folder input needs --out FOLDER');

  const files = await readInputs(input, dataRoot);
  const documents = files.flatMap((f) => f.documents);
  const spansOf = await spanSource(flags.spans, files, flags.layers);
  const session = flags.scope === 'collection' ? new PseudonymSession() : undefined;
  const mappings: Record<string, Mapping> = {};
  const progress = startProgress(documents.length);
  let masked = 0;
  const outputs = new Map<InputFile, OutputDocument[]>();
  for (const file of files) {
    const done: OutputDocument[] = [];
    for (const doc of file.documents) {
      const spans = await spansOf(doc);
      const result = sanitize(doc.text, spans, { strategy: strategy.name, registry, key, session, docId: doc.id });
      masked += result.offsetMap.segments.length;
      if (mappings[doc.id] !== undefined) throw new InputError([{ file: file.path, docId: doc.id, message: 'document id occurs twice in this run' }]);
      mappings[doc.id] = result.mapping;
      done.push({ id: doc.id, text: result.text, source: doc.source, offsetMap: result.offsetMap });
      progress?.increment();
    }
    outputs.set(file, done);
  }
  progress?.stop();

  // Everything is computed before anything is written: a failure leaves no partial output.
  if (flags.mapping) {
    const payload = { kind: 'mapping-set' as const, version: 1 as const, strategy: strategy.name, documents: mappings };
    await writeOutput(flags.mapping, key && !flags.plainMapping ? encryptMapping(payload, key) : plainMappingFile(payload));
  }
  for (const [file, done] of outputs) await writeFileOutput(file, done, to ?? file.format, flags.out, folderRun);
  const mappingNote = flags.mapping ? `; mapping saved to ${flags.mapping}${key && !flags.plainMapping ? ' (encrypted)' : ' (NOT encrypted)'}` : strategy.reversible ? '; no --mapping: the text cannot be restored' : '';
  process.stderr.write(`sanitized ${documents.length} document(s), ${masked} span(s) replaced with ${strategy.name}${mappingNote}\n`);
}

function usage(message: string): never {
  throw new InputError([{ file: '(command line)', message }]);
}

function parseFormat(value: string | undefined): DocumentFormat | undefined {
  if (value === undefined) return undefined;
  if (!DOCUMENT_FORMATS.includes(value as DocumentFormat)) usage(`--to is one of ${DOCUMENT_FORMATS.join(', ')}, not "${value}"`);
  return value as DocumentFormat;
}

async function writeFileOutput(file: InputFile, docs: OutputDocument[], format: DocumentFormat, out: string | undefined, folderRun: boolean): Promise<void> {
  const target = folderRun && out ? outputPathIn(out, file, format) : out;
  if (format === 'text' && docs.length > 1) {
    // One text file per document, in a folder named after the target.
    if (!target) usage('plain-text output of several documents needs --out FOLDER');
    const folder = target.replace(/\.txt$/, '');
    for (const d of docs) await writeOutput(`${folder}/${d.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}.txt`, d.text);
    return;
  }
  await writeOutput(target, renderDocuments(docs, format));
}

type SpansOf = (doc: InputDocument) => Promise<MaskSpan[]>;

/** The spans to mask for each document, from gold annotations, the recognizer or a file. */
async function spanSource(option: string | undefined, files: readonly InputFile[], layers: string | undefined): Promise<SpansOf> {
  const source = option ?? (files.every((f) => f.format === 'tab') ? 'gold' : 'detected');
  if (source === 'gold') {
    return async (doc) => {
      if (!doc.source) {
        throw new InputError([{ file: '(--spans gold)', docId: doc.id, message: 'gold spans need documents with TAB annotations; use --spans detected or --spans FILE' }]);
      }
      return goldCandidates(doc.source);
    };
  }
  if (source === 'detected') return detectedSpans(layers);
  return fileSpans(source, files);
}

async function detectedSpans(layers: string | undefined): Promise<SpansOf> {
  let detect: typeof import('../../detect/index.ts');
  try {
    detect = await import('../../detect/index.ts');
  } catch (error) {
    throw new Error(`detector not available (${(error as Error).message}); use --spans gold or --spans FILE`);
  }
  const recognizer = await detect.createRecognizer(layers ? { layers: layers.split(',').map((l) => l.trim()) } : {});
  return (doc) => recognizer.recognize({ id: doc.id, text: doc.text });
}

/** `{doc_id: [[start, end], …]}` (code points) or a TAB file whose DIRECT/QUASI mentions are masked. */
async function fileSpans(path: string, files: readonly InputFile[]): Promise<SpansOf> {
  const json = await readJsonFile(path);
  const inputs: Document[] = files.flatMap((f) => f.documents).map((d) => d.source ?? { id: d.id, text: d.text, goldKind: 'tab', annotations: [] });
  const inputCorpus: Corpus = { name: 'input', source: files.map((f) => f.path).join(', '), documents: inputs };
  if (Array.isArray(json) || (typeof json === 'object' && json !== null && Array.isArray((json as { documents?: unknown }).documents))) {
    const gold = new Map(parseCorpus(json, path).documents.map((d) => [d.id, d]));
    return async (doc) => {
      const annotated = gold.get(doc.id);
      if (!annotated) return [];
      if (annotated.text !== doc.text) throw new InputError([{ file: path, docId: doc.id, message: 'the text differs from the input document with this id' }]);
      return goldCandidates(annotated);
    };
  }
  const { spans } = parseSystemSpans(json, path, inputCorpus);
  return async (doc) => spans.get(doc.id) ?? [];
}

function startProgress(total: number): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY || total < 2) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'sanitize [{bar}] {value}/{total} documents · ETA {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
