/** `sanitext sanitize <file|dir|dataset>`: mask spans with a strategy, save the mapping (encrypted). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError, anonymizationToJson, inputBytes, listInputs, readSource, type InputProblem, type InputSource } from '../../corpus/index.ts';
import {
  DOCUMENT_FORMATS,
  MAPPING_FILE_MODE,
  OutputSession,
  checkOutputsAgainstInputs,
  createStrategyRegistry,
  encryptMapping,
  isDirectory,
  loadMaskKey,
  planOutputPaths,
  plainMappingFile,
  type DocumentFormat,
  type Mapping,
  type OffsetMap,
} from '../../mask/index.ts';
import { LLM_MASK_STRATEGIES } from '../../pipeline/config.ts';
import type { PipelineConfig, PipelineConfigInput, PipelineRunner } from '../../pipeline/index.ts';
import { dataRootOf } from '../options.ts';
import { registerRestore } from './restore.ts';

interface SanitizeFlags {
  strategy: string;
  spans?: string;
  layers?: string;
  language?: string;
  out?: string;
  to?: string;
  format: string;
  from?: string;
  mapping?: string;
  plainMapping?: boolean;
  keyFile?: string;
  scope: string;
  redactWith: string;
  pipeline?: string;
  workers?: string;
  llmUrl?: string;
  llmModel?: string;
  llmGguf?: string;
  allowExternalLlm?: boolean;
}

export function registerSanitize(program: Command): void {
  program
    .command('sanitize')
    .description('replace spans by placeholders, type tags, keyed wild tags or generalizations; save the mapping to restore them')
    .argument('<input>', 'a .txt, .jsonl or TAB .json file, - for standard input, a folder of them, or a dataset name such as tab144:test')
    .option('--strategy <name>', `masking strategy: ${[...createStrategyRegistry().names(), ...LLM_MASK_STRATEGIES].join(' | ')} (llm-…: with --llm-url and --llm-model, or --llm-gguf)`, 'numbered')
    .option('--spans <source>', 'gold (TAB DIRECT/QUASI mentions) | detected (the recognizer) | FILE ({doc_id: [[start, end]]} code points, or TAB JSON); default: gold for TAB input, detected otherwise')
    .option('--layers <names>', 'detector layers for --spans detected, comma-separated')
    .option('--language <code>', "the documents' language for --spans detected: en | de | es | nl | fr | pl | auto (guessed per document); default en")
    .option('--out <path>', 'output file (default stdout) or, for a folder input or an existing folder, output folder')
    .option('--from <format>', `input format of a file or of standard input: ${DOCUMENT_FORMATS.join(' | ')} (default: by extension; text for -)`)
    .option('--to <format>', `output format: ${DOCUMENT_FORMATS.join(' | ')} (default: the input's)`)
    .option('--format <kind>', 'documents (the sanitized texts, see --to) | anonymization ({doc_id: [[start, end, replacement]]} in code points of the input, what `sanitext evaluate` reads)', 'documents')
    .option('--mapping <file>', 'save the placeholder → original mapping here (AES-256-GCM encrypted with the key)')
    .option('--plain-mapping', 'save the mapping unencrypted (it holds the originals in clear)')
    .option('--key-file <file>', 'secret for keyed tags and mapping encryption (default: $SANITEXT_MAPPING_KEY)')
    .option('--scope <scope>', 'pseudonym consistency: document | collection', 'document')
    .option('--redact-with <text>', 'replacement of the redact strategy', '***')
    .option('--pipeline <config>', 'detect, assess and mask as a pipeline config says (pipelines/*.yaml); replaces --spans, --layers, --strategy, --scope')
    .option('--llm-url <url>', 'OpenAI-compatible endpoint of an llm-… strategy, e.g. http://127.0.0.1:8080/v1 (key from the environment)')
    .option('--llm-model <name>', 'model name at --llm-url')
    .option('--llm-gguf <file>', 'a local GGUF model for an llm-… strategy, run in this process by llama.cpp on the CPU (instead of --llm-url/--llm-model)')
    .option('--allow-external-llm', 'allow an --llm-url off this machine: the documents (personal data) are sent there')
    .option('--workers <n>', 'worker threads, each with its own copy of the pipeline (default: one per core, one for an input under 1 MiB; --scope collection runs one)')
    .action(async (input: string, flags: SanitizeFlags, command: Command) => {
      await runSanitize(input, flags, dataRootOf(command));
    });
  // Its inverse comes with it (one registration line in commands/index.ts for the pair).
  registerRestore(program);
}

async function runSanitize(input: string, flags: SanitizeFlags, dataRoot: string): Promise<void> {
  const registry = createStrategyRegistry({ redactWith: flags.redactWith });
  const llmStrategy = (LLM_MASK_STRATEGIES as readonly string[]).includes(flags.strategy);
  // An LLM strategy is no registry strategy (it is async): the pipeline runs it.
  const strategy = llmStrategy ? { name: flags.strategy, needsKey: false, reversible: flags.strategy === 'llm-fictional' } : registry.get(flags.strategy);
  const llmFlags = [flags.llmUrl !== undefined && '--llm-url', flags.llmModel !== undefined && '--llm-model', flags.llmGguf !== undefined && '--llm-gguf', flags.allowExternalLlm && '--allow-external-llm'].filter((f): f is string => typeof f === 'string');
  if (flags.pipeline && llmFlags.length > 0) usage(`--pipeline sets its LLM in mask.llm: drop ${llmFlags.join(', ')}`);
  if (!flags.pipeline && !llmStrategy && llmFlags.length > 0) usage(`${llmFlags.join(', ')} apply to the strategies ${LLM_MASK_STRATEGIES.join(', ')}, not to ${flags.strategy}`);
  if (flags.llmGguf !== undefined && (flags.llmUrl !== undefined || flags.llmModel !== undefined || flags.allowExternalLlm)) usage('--llm-gguf (a local model) excludes --llm-url, --llm-model and --allow-external-llm (an endpoint): give one');
  if (!flags.pipeline && llmStrategy && flags.llmGguf === undefined && (flags.llmUrl === undefined || flags.llmModel === undefined)) usage(`strategy ${flags.strategy} needs --llm-url URL and --llm-model NAME (an OpenAI-compatible endpoint) or --llm-gguf FILE (a local model)`);
  const to = parseFormat(flags.to, '--to');
  const from = parseFormat(flags.from, '--from');
  if (flags.format !== 'documents' && flags.format !== 'anonymization') usage(`--format is "documents" or "anonymization", not "${flags.format}"`);
  const anonymization = flags.format === 'anonymization';
  if (anonymization && to) usage('--to sets the format of sanitized documents: --format anonymization writes one JSON object instead');
  if (flags.scope !== 'document' && flags.scope !== 'collection') usage(`--scope is "document" or "collection", not "${flags.scope}"`);
  const key = loadMaskKey(flags.keyFile);
  if (strategy.needsKey && !key) usage(`strategy ${strategy.name} needs a secret key: pass --key-file FILE or set $SANITEXT_MAPPING_KEY`);
  if (flags.mapping && !key && !flags.plainMapping) {
    usage('--mapping needs a key to encrypt it (--key-file FILE or $SANITEXT_MAPPING_KEY); --plain-mapping saves it in clear instead');
  }
  const folderInput = isDirectory(input);
  if (folderInput && !flags.out) usage(`a folder input needs --out ${anonymization ? 'FILE' : 'FOLDER'}`);
  if (anonymization && flags.out !== undefined && isDirectory(flags.out)) usage(`--format anonymization writes one JSON file: --out ${flags.out} is a folder`);
  if (folderInput && from) usage('--from applies to one file or to standard input, not to a folder');

  const sources = await listInputs(input, { dataRoot, format: from });
  // An anonymization is one JSON object for the whole run, written to --out (a file) or stdout.
  const targets = anonymization ? [] : outputTargets(sources, flags.out, to, folderInput);
  checkOutputsAgainstInputs(
    [
      ...(flags.out !== undefined ? [{ option: '--out', path: flags.out }] : []),
      ...targets.flatMap((t) => (t.path !== undefined ? [{ option: '--out', path: t.path }] : [])),
      ...(flags.mapping !== undefined ? [{ option: '--mapping', path: flags.mapping }] : []),
    ],
    {
      folder: folderInput ? input : undefined,
      files: [...sources.filter((s) => s.kind === 'file').map((s) => s.path), ...[flags.spans, flags.keyFile].filter((f): f is string => f !== undefined && existsSync(f))],
    },
  );
  // Every mode is a pipeline: a config file's, or one the flags describe.
  if (flags.pipeline && (flags.spans || flags.layers)) usage('--pipeline decides the spans itself: drop --spans and --layers');
  if (flags.pipeline && flags.language) usage('--pipeline sets detect.language itself: drop --language');
  // Loaded here, not at start-up: the pipeline brings the detector.
  const { createPipelineRunner, detectLayers, readPipelineConfig, workersForInput } = await import('../../pipeline/index.ts');
  const workers = workersForInput(flags.workers, inputBytes(sources, dataRoot));
  let pipeline: PipelineRunner;
  if (flags.pipeline) {
    const [config, origin] = await configWithKeyFlag(flags.pipeline, flags.keyFile, readPipelineConfig);
    pipeline = await createPipelineRunner(config, { ...origin, workers });
  } else {
    pipeline = await createPipelineRunner(pipelineOfFlags(flags, sources, detectLayers), { file: '(command line)', workers });
  }
  const mappings = new Map<string, Mapping>();
  const seen = new Set<string>();
  const skipped: InputProblem[] = [];
  const progress = startProgress();
  const output = new OutputSession();
  const replacements: Record<string, (number | string)[][]> = {};
  let masked = 0;
  let llmLeaks = 0;
  // What the documents were masked with: a pipeline config's strategies, not the --strategy flag's default.
  const usedStrategies = new Set<string>();
  let anyReversible = false;
  try {
    for (const [index, source] of sources.entries()) {
      const writer = anonymization ? undefined : output.writer(targets[index].path, targets[index].format, source.path);
      for await (const { doc, result, error } of pipeline.run(readSource(source, { dataRoot, format: from, onProblem: (p) => skipped.push(p) }))) {
        if (seen.has(doc.id)) throw new InputError([{ file: source.path, docId: doc.id, message: `${doc.line ? `line ${doc.line}: ` : ''}document id occurs twice in this run` }]);
        if (error) throw error;
        masked += result.counts.replacements;
        usedStrategies.add(result.mapping.strategy);
        anyReversible ||= result.mapping.reversible;
        if (result.llm) llmLeaks += result.llm.leaks;
        seen.add(doc.id);
        // Kept only when saved: without --mapping memory stays bounded by one document.
        if (flags.mapping) mappings.set(doc.id, result.mapping);
        if (writer) await writer.add({ id: doc.id, text: result.text, source: doc.source, offsetMap: result.offsetMap });
        // Converted to code points now: only the spans and replacements are kept, not the text.
        else Object.assign(replacements, anonymizationToJson([{ id: doc.id, text: doc.text, replacements: replacementsOf(result) }]));
        progress?.increment();
      }
      await writer?.close();
    }
    // Spans of skipped records would look unknown: check only when every record was read.
    if (skipped.length === 0) await pipeline.finish(sources.map((s) => s.path).join(', '));
    if (seen.size === 0) throw new InputError(skipped.length > 0 ? skipped : [{ file: input, message: 'no documents to sanitize' }]);
    if (anonymization) await output.writeFile(flags.out, JSON.stringify(replacements) + '\n', '--out');
    if (flags.mapping) {
      const payload = { kind: 'mapping-set' as const, version: 1 as const, strategy: strategyNames(usedStrategies, strategy.name), documents: Object.fromEntries(mappings) };
      const content = key && !flags.plainMapping ? encryptMapping(payload, key) : plainMappingFile(payload);
      await output.writeFile(flags.mapping, content, '--mapping', { mode: MAPPING_FILE_MODE });
    }
    progress?.stop();
    // Everything is staged before anything appears: a failure above leaves no partial output.
    await output.commit();
  } catch (error) {
    progress?.stop();
    await output.abort();
    throw error;
  } finally {
    await pipeline.close();
  }
  const reversible = flags.pipeline ? anyReversible : strategy.reversible;
  const mappingNote = flags.mapping ? `; mapping saved to ${flags.mapping}${key && !flags.plainMapping ? ' (encrypted)' : ' (NOT encrypted)'}` : reversible ? '; no --mapping: the text cannot be restored' : '';
  if (skipped.length > 0) {
    // The rule for bad records: the good documents are written, every bad one is listed, exit 2.
    process.stderr.write(`sanitext: bad input\n${new InputError(skipped).message}\n`);
    process.exitCode = 2;
  }
  const skippedNote = skipped.length > 0 ? `; ${skipped.length} bad record(s) skipped (listed above), exit status 2` : '';
  // Leaks are counted only (their text is what had to go); each was masked with its type tag.
  const leakNote = llmLeaks > 0 ? `; ${llmLeaks} original(s) found again in the LLM output and masked with a type tag` : '';
  process.stderr.write(`sanitized ${seen.size} document(s), ${masked} span(s) replaced with ${strategyNames(usedStrategies, strategy.name)}${leakNote}${mappingNote}${skippedNote}\n`);
}

/** Each replaced region of the input and the text that took its place in the output. */
function replacementsOf(result: { text: string; offsetMap: OffsetMap }): { start: number; end: number; replacement: string }[] {
  return result.offsetMap.segments.map((s) => ({ start: s.inputStart, end: s.inputEnd, replacement: result.text.slice(s.outputStart, s.outputEnd) }));
}

function usage(message: string): never {
  throw new InputError([{ file: '(command line)', message }]);
}

function parseFormat(value: string | undefined, option: string): DocumentFormat | undefined {
  if (value === undefined) return undefined;
  if (!DOCUMENT_FORMATS.includes(value as DocumentFormat)) usage(`${option} is one of ${DOCUMENT_FORMATS.join(', ')}, not "${value}"`);
  return value as DocumentFormat;
}

/**
 * Where each input's output goes: stdout or --out for one input, or a path below --out for a
 * folder input (or when --out is an existing folder).
 */
function outputTargets(sources: readonly InputSource[], out: string | undefined, to: DocumentFormat | undefined, folderInput: boolean): { path?: string; format: DocumentFormat }[] {
  if (out !== undefined && (folderInput || isDirectory(out))) {
    return planOutputPaths(out, sources, to).map((path, i) => ({ path, format: to ?? sources[i].format }));
  }
  return sources.map((s) => ({ path: out, format: to ?? s.format }));
}

/**
 * The pipeline the flags describe: the span source (gold annotations, the recognizer with
 * --layers, or a span file) as its detect stage, no risk assessment, and the masking flags.
 */
function pipelineOfFlags(flags: SanitizeFlags, sources: readonly InputSource[], detectLayers: (names: string[] | undefined) => PipelineConfigInput['detect']): PipelineConfigInput {
  const source = flags.spans ?? (sources.every((f) => f.format === 'tab') ? 'gold' : 'detected');
  const layers = flags.layers?.split(',').map((l) => l.trim());
  const detect = source === 'gold' ? { given: 'gold' as const } : source === 'detected' ? detectLayers(layers) : { given: { file: source } };
  // An unknown language is the config schema's error: "(command line): detect.language: one of …".
  const language = flags.language !== undefined ? { language: flags.language as NonNullable<PipelineConfigInput['detect']>['language'] } : {};
  return {
    detect: { ...detect, ...language },
    assess: 'none',
    mask: {
      strategy: flags.strategy,
      scope: flags.scope as 'document' | 'collection',
      redactWith: flags.redactWith,
      ...(flags.keyFile !== undefined ? { key: { file: flags.keyFile } } : {}),
      ...(flags.llmUrl !== undefined && flags.llmModel !== undefined ? { llm: { url: flags.llmUrl, model: flags.llmModel, ...(flags.allowExternalLlm ? { allowExternalLlm: true } : {}) } } : {}),
      ...(flags.llmGguf !== undefined ? { llm: { modelPath: flags.llmGguf } } : {}),
    },
  };
}

/**
 * A config file to run, with --key-file in place of its `mask.key` (the command line wins, as for
 * the mapping's encryption: one key for keyed tags and mapping alike). Without the flag, the file as
 * it is.
 */
async function configWithKeyFlag(
  path: string,
  keyFile: string | undefined,
  read: (path: string) => Promise<{ config: PipelineConfig; baseDir: string; file: string }>,
): Promise<[PipelineConfigInput | string, { baseDir?: string; file?: string }]> {
  if (keyFile === undefined) return [path, {}];
  const { config, baseDir, file } = await read(path);
  return [{ ...config, mask: { ...config.mask, key: { file: resolve(keyFile) } } }, { baseDir, file }];
}

/** A document counter on a TTY (documents stream in, so their total is not known in advance). */
function startProgress(): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'sanitize {value} document(s)', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  bar.start(0, 0);
  return bar;
}

/** The strategies the documents' mappings name (a pipeline's by-type masks: "fictional+redact"), or the flag's. */
function strategyNames(used: ReadonlySet<string>, fallback: string): string {
  return used.size > 0 ? [...used].sort().join(', ') : fallback;
}
