/**
 * `sanitext datasets download`: fetches the official dataset files for users with a network,
 * validates them with the corpus parser, and writes them under the data root.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, describeJsonSyntaxError } from './errors.ts';
import { parseCorpus } from './parse.ts';

export interface DownloadSource {
  file: string;
  urls: string[];
}

const TAB_REPO = 'https://raw.githubusercontent.com/NorskRegnesentral/text-anonymization-benchmark';
const WIKI_REPO = 'https://raw.githubusercontent.com/anthipapa/bootstrapping-anonymization';
const branches = (repo: string, path: string): string[] => ['master', 'main'].map((b) => `${repo}/${b}/${path}`);

export const DOWNLOADS: Record<'tab' | 'wikipedia', DownloadSource[]> = {
  tab: ['train', 'dev', 'test'].map((split) => ({ file: `tab/echr_${split}.json`, urls: branches(TAB_REPO, `echr_${split}.json`) })),
  wikipedia: [{ file: 'wikipedia/wiki_test.json', urls: branches(WIKI_REPO, 'wiki-replace/wiki_test.json') }],
};

export interface DownloadReport {
  file: string;
  documents: number;
  url: string;
}

export async function downloadDataset(
  which: 'tab' | 'wikipedia',
  dataRoot: string,
  fetchImpl: typeof fetch = fetch,
  log: (line: string) => void = () => {},
): Promise<DownloadReport[]> {
  const reports: DownloadReport[] = [];
  for (const source of DOWNLOADS[which]) {
    const { body, url } = await fetchFirst(source, fetchImpl);
    const json = parseJson(body, url);
    const corpus = parseCorpus(json, url); // validates offsets, span texts, identifier types
    const target = join(dataRoot, source.file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body, 'utf8');
    log(`${target}: ${corpus.documents.length} documents from ${url}`);
    reports.push({ file: target, documents: corpus.documents.length, url });
  }
  return reports;
}

async function fetchFirst(source: DownloadSource, fetchImpl: typeof fetch): Promise<{ body: string; url: string }> {
  const failures: string[] = [];
  for (const url of source.urls) {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(60_000) });
      if (response.ok) return { body: await response.text(), url };
      failures.push(`${url}: HTTP ${response.status}`);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      failures.push(`${url}: ${cause}`);
    }
  }
  throw new InputError([
    {
      file: source.file,
      message: `download failed (no network, or the file moved): ${failures.join('; ')}. ` +
        'Offline, copy the files by hand and point SANITEXT_DATA_DIR at their folder.',
    },
  ]);
}

function parseJson(body: string, url: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InputError([{ file: url, message: `downloaded file is not JSON: ${describeJsonSyntaxError(error, body)}` }]);
  }
}
