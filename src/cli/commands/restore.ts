/** `sanitext restore <file> --mapping FILE`: put the originals back; report missing and altered placeholders. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, listInputs, readSource, type InputSource } from '../../corpus/index.ts';
import {
  DOCUMENT_FORMATS,
  OutputSession,
  checkOutputsAgainstInputs,
  decryptMapping,
  isDirectory,
  loadMaskKey,
  planOutputPaths,
  restore,
  sanitizedTextDigest,
  type DocumentFormat,
  type Mapping,
  type MappingPayload,
  type RestoreResult,
} from '../../mask/index.ts';
import { dataRootOf } from '../options.ts';

interface RestoreFlags {
  mapping: string;
  keyFile?: string;
  out?: string;
  to?: string;
  docId?: string;
  keepAltered?: boolean;
  strict?: boolean;
  allowPlainMapping?: boolean;
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('put the originals back into sanitized text (also after editing around the placeholders)')
    .argument('<input>', 'a sanitized .txt, .jsonl or TAB .json file, or a folder of them')
    .requiredOption('--mapping <file>', 'the mapping file written by sanitize --mapping')
    .option('--key-file <file>', 'the secret the mapping was encrypted with (default: $SANITEXT_MAPPING_KEY)')
    .option('--allow-plain-mapping', 'with a key, also read an unencrypted mapping (it is not authenticated: edits to it go unnoticed)')
    .option('--out <path>', 'output file (default stdout) or, for a folder input, output folder')
    .option('--to <format>', `output format: ${DOCUMENT_FORMATS.join(' | ')} (default: the input's)`)
    .option('--doc-id <id>', "the mapping's document for a plain-text input (default: the file name, or the only document)")
    .option('--keep-altered', 'leave altered placeholders as they are (they are reported either way)')
    .option('--strict', 'exit with status 3 when a placeholder is missing, altered or repeated')
    .action(async (input: string, flags: RestoreFlags, command: Command) => {
      await runRestore(input, flags, dataRootOf(command));
    });
}

async function runRestore(input: string, flags: RestoreFlags, dataRoot: string): Promise<void> {
  const to = flags.to as DocumentFormat | undefined;
  if (to !== undefined && !DOCUMENT_FORMATS.includes(to)) usage(`--to is one of ${DOCUMENT_FORMATS.join(', ')}, not "${flags.to}"`);
  const folderRun = isDirectory(input);
  if (folderRun && !flags.out) usage('a folder input needs --out FOLDER');
  // Decrypt first: with a wrong key or a modified mapping nothing is read or written.
  const mappings = await readMappings(flags.mapping, flags.keyFile, flags.allowPlainMapping ?? false);
  const documentOfDigest = new Map([...mappings].map(([id, m]) => [m.textSha256, id]));
  const sources = await listInputs(input, { dataRoot });
  const targets = folderRun && flags.out ? planOutputPaths(flags.out, sources, to) : sources.map(() => flags.out);
  // The restored text must never replace the sanitized input, the mapping or the key.
  checkOutputsAgainstInputs(
    [...new Set([flags.out, ...targets])].flatMap((path) => (path !== undefined ? [{ option: '--out', path }] : [])),
    {
      folder: folderRun ? input : undefined,
      files: [...sources.filter((s) => s.kind === 'file').map((s) => s.path), ...[flags.mapping, flags.keyFile].filter((f): f is string => f !== undefined && existsSync(f))],
    },
  );

  // Every document is restored (or refused) before anything appears.
  const output = new OutputSession();
  let problems = 0;
  try {
    for (const [index, source] of sources.entries()) {
      const writer = output.writer(targets[index], to ?? source.format, source.path);
      // A bad JSON-lines record refuses the whole file: a restore is all or nothing.
      for await (const doc of readSource(source, { dataRoot })) {
        const id = mappingIdOf(doc.id, source, mappings, flags.docId);
        const mapping = mappings.get(id);
        if (!mapping) throw new InputError([{ file: flags.mapping, docId: id, message: 'the mapping has no document with this id' }]);
        // A text that is exactly another document's sanitized text is refused by name.
        const digest = sanitizedTextDigest(doc.text);
        const owner = mapping.textSha256 === undefined || mapping.textSha256 === digest ? undefined : documentOfDigest.get(digest);
        if (owner !== undefined) {
          throw new InputError([{ file: source.path, docId: doc.id, message: `the text is the sanitized text of document ${owner} in ${flags.mapping}, not of ${id}; nothing restored` }]);
        }
        const result = restore(doc.text, mapping, { restoreAltered: !flags.keepAltered, source: { file: source.path, docId: doc.id, mapping: flags.mapping } });
        problems += report(id, result);
        // A TAB document keeps its annotations: they pointed at placeholders and move onto the originals.
        await writer.add({ id: doc.id, text: result.text, source: doc.source, offsetMap: result.offsetMap });
      }
      await writer.close();
    }
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
  if (flags.strict && problems > 0) process.exitCode = 3;
}

function usage(message: string): never {
  throw new InputError([{ file: '(command line)', message }]);
}

async function readMappings(path: string, keyFile: string | undefined, allowPlain: boolean): Promise<Map<string, Mapping>> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file: path, message: code === 'ENOENT' ? 'mapping file not found' : `cannot read mapping file (${code ?? String(error)})` }]);
  }
  const payload: MappingPayload = decryptMapping(content, loadMaskKey(keyFile), path, { allowPlain });
  return payload.kind === 'mapping' ? new Map([['', payload]]) : new Map(Object.entries(payload.documents));
}

/** The mapping document of an input document: --doc-id, the same id, or the only one there is. */
function mappingIdOf(docId: string, source: InputSource, mappings: Map<string, Mapping>, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  if (mappings.has(docId)) return docId;
  if (mappings.size === 1 && (source.format === 'text' || mappings.has(''))) return [...mappings.keys()][0];
  return docId;
}

/** Prints what went wrong in one document to stderr (placeholders only, never originals). */
function report(docId: string, result: RestoreResult): number {
  const lines: string[] = [];
  if (result.textCheck === 'changed') lines.push("the text changed since sanitization (its SHA-256 differs from the mapping's); every placeholder in it belongs to this mapping");
  if (result.textCheck === 'unverified') lines.push('the mapping holds no digest of the sanitized text (an older sanitext): checked by its placeholders only');
  if (result.missing.length > 0) lines.push(`${result.missing.length} placeholder(s) missing: ${result.missing.join(' ')}`);
  for (const a of result.altered) lines.push(`altered placeholder ${JSON.stringify(a.found)} for ${a.placeholder} at ${a.start}${a.restored ? ' (restored)' : ' (kept)'}`);
  for (const c of result.countChanged) lines.push(`${c.placeholder} was inserted ${c.inserted} time(s) and found ${c.found} time(s): restored with the entity's longest form`);
  for (const u of result.unknown) lines.push(`placeholder-like text ${JSON.stringify(u.found)} at ${u.start} is not in the mapping (kept)`);
  for (const line of lines) process.stderr.write(`${docId}: ${line}\n`);
  process.stderr.write(`${docId}: ${result.restored} placeholder(s) restored\n`);
  return result.missing.length + result.altered.length + result.countChanged.length;
}
