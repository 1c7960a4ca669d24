/**
 * Dataset names → files under a data root. The root is `--data-dir`, else `SANITEXT_DATA_DIR`,
 * else `datasets/` in the repository; the repository's own `datasets/` is always searched last so
 * the bundled sample is found whatever the root.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.ts';
import { readCorpus } from './files.ts';
import type { Corpus } from './types.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const REPO_DATASETS = join(REPO_ROOT, 'datasets');

export interface DatasetInfo {
  name: string;
  /** Path relative to the data root. */
  file: string;
  description: string;
  /** Where `sanitext datasets download` gets it, when it can. */
  download?: 'tab' | 'wikipedia';
}

export const DATASETS: readonly DatasetInfo[] = [
  { name: 'sample', file: 'sample/sample.json', description: 'bundled invented court-case and biography paragraphs (TAB format)' },
  { name: 'tab144', file: 'tab/tab144.json', description: 'TAB subset, one annotator per document (train 92, dev 21, test 31)' },
  { name: 'tab-masked', file: 'tab/tab_masked_spans_dev_test.json', description: 'TAB dev+test (127+127) masked spans, no identifier types' },
  { name: 'tab-masked-train', file: 'tab/tab_masked_spans_train.json', description: 'TAB train (205) masked spans, no identifier types' },
  { name: 'tab-train-full', file: 'tab/tab_train_full.json', description: 'the first 100 TAB train documents, every annotator (21 with several)' },
  { name: 'wiki-test', file: 'wikipedia/wiki_test.json', description: 'Wikipedia biographies test split (100, TAB format)', download: 'wikipedia' },
  { name: 'wiki-train-masked', file: 'wikipedia/wiki_train_masked_spans.json', description: 'Wikipedia biographies, 453 with masked spans only' },
  { name: 'echr-train', file: 'tab/echr_train.json', description: 'full TAB train split (official release)', download: 'tab' },
  { name: 'echr-dev', file: 'tab/echr_dev.json', description: 'full TAB dev split (official release, several annotators)', download: 'tab' },
  { name: 'echr-test', file: 'tab/echr_test.json', description: 'full TAB test split (official release, several annotators)', download: 'tab' },
  { name: 'pii', file: 'pii/pii-v1.json', description: 'bundled general-PII set: 300 invented e-mails, tickets, chats, notes, invoices (scripts/make-pii-set.ts)' },
];

export function resolveDataRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit ?? env.SANITEXT_DATA_DIR ?? REPO_DATASETS);
}

/** A dataset selector: `name`, `name:split` (e.g. `tab144:test`), or a path to a JSON file. */
export interface DatasetSelector {
  name: string;
  split?: string;
  path: string;
}

export function resolveDataset(selector: string, dataRoot: string): DatasetSelector {
  const [name, split] = splitSelector(selector);
  const info = DATASETS.find((d) => d.name === name);
  if (!info) {
    if (existsSync(name)) return { name, split, path: resolve(name) };
    const known = DATASETS.map((d) => d.name).join(', ');
    throw new InputError([{ file: selector, message: `unknown dataset and no such file (known datasets: ${known})` }]);
  }
  for (const root of [dataRoot, REPO_DATASETS]) {
    const path = join(root, info.file);
    if (existsSync(path)) return { name, split, path };
  }
  const hint = info.download
    ? `run "sanitext datasets download ${info.download}" (needs a network) or point SANITEXT_DATA_DIR at a folder that holds it`
    : 'point --data-dir or SANITEXT_DATA_DIR at a folder that holds it';
  throw new InputError([{ file: join(dataRoot, info.file), message: `dataset ${name} not found: ${hint}` }]);
}

function splitSelector(selector: string): [string, string | undefined] {
  const colon = selector.lastIndexOf(':');
  // "C:\..." or a path with a colon in a folder name is not a split selector.
  if (colon <= 1 || selector.slice(colon + 1).includes('/')) return [selector, undefined];
  return [selector.slice(0, colon), selector.slice(colon + 1)];
}

/** Loads a dataset by selector, keeping only the requested split. */
export async function loadDataset(selector: string, dataRoot = resolveDataRoot()): Promise<Corpus> {
  const resolved = resolveDataset(selector, dataRoot);
  const corpus = await readCorpus(resolved.path, resolved.name);
  if (!resolved.split) return corpus;
  const documents = corpus.documents.filter((d) => d.split === resolved.split);
  if (documents.length === 0) {
    const splits = [...new Set(corpus.documents.map((d) => d.split ?? '(none)'))].join(', ');
    throw new InputError([{ file: resolved.path, message: `no documents in split "${resolved.split}" (splits: ${splits})` }]);
  }
  return { ...corpus, name: `${resolved.name}:${resolved.split}`, documents };
}
