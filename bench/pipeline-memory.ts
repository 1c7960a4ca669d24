/**
 * Peak memory of the pipeline on a long generated stream (rules-only detection, numbered
 * placeholders): documents are generated on the fly, so what grows is the pipeline's own state.
 * Prints one JSON line: megabytes streamed, documents, seconds, MB/s, and after each tenth of the
 * stream the RSS and (after a full GC when run with --expose-gc) the live heap, in MB. Memory is
 * flat when the last samples do not exceed the early ones.
 *
 *   node --expose-gc --import tsx bench/pipeline-memory.ts --megabytes 1000 [--scope collection]
 *
 * test/pipeline/memory.test.ts runs it on a small stream.
 */
import { createPipeline } from '../src/pipeline/index.ts';
import { benchArgs } from './args.ts';

const values = benchArgs({
  megabytes: { type: 'string', default: '200' },
  scope: { type: 'string', default: 'document' },
});
const targetBytes = Number(values.megabytes) * 1e6;
if (!(targetBytes > 0)) throw new Error('--megabytes must be a positive number');
const scope = values.scope === 'collection' ? 'collection' : 'document';

const FIRST = ['Anna', 'Jan', 'Maria', 'Piotr', 'Olga', 'Henrik', 'Sofia', 'Lars', 'Ewa', 'Marek'];
const LAST = ['Kowalski', 'Nowak', 'Hansen', 'Berg', 'Lindqvist', 'Petrov', 'Novak', 'Dahl', 'Weber', 'Rossi'];
const MONTHS = ['January', 'March', 'May', 'July', 'September', 'November'];

/** A deterministic letter-like text of about 2 KB with names, dates, amounts, codes and e-mails. */
function documentText(n: number): string {
  const pick = <T>(list: readonly T[], k: number): T => list[(n * 7 + k * 13) % list.length];
  const name = `${pick(FIRST, 1)} ${pick(LAST, 2)}`;
  const sentences = [
    `Mr ${name} was born on ${1 + (n % 28)} ${pick(MONTHS, 3)} ${1950 + (n % 50)} and lodged application no. ${10000 + (n % 90000)}/${10 + (n % 10)} on ${1 + ((n + 5) % 28)} ${pick(MONTHS, 4)} 2004.`,
    `The applicant, ${name}, was ordered to pay 6,${String(n % 1000).padStart(3, '0')} hryvnias to the Ministry of Justice; he could be reached at ${pick(FIRST, 5).toLowerCase()}.${n}@example.org or +47 22 ${String(n % 100).padStart(2, '0')} 45 67.`,
    'The court considered the submissions of the parties and found that the complaint was not manifestly ill-founded within the meaning of the Convention.',
  ];
  let text = '';
  while (text.length < 2000) text += `${sentences.join(' ')}\n`;
  return text;
}

let generatedBytes = 0;
let documents = 0;
async function* stream(): AsyncGenerator<{ id: string; text: string }> {
  while (generatedBytes < targetBytes) {
    const text = documentText(documents);
    generatedBytes += Buffer.byteLength(text);
    yield { id: `doc-${documents++}`, text };
  }
}

const pipeline = await createPipeline({ detect: { layers: { rules: true } }, mask: { strategy: 'numbered', scope } });
const rssSamples: number[] = [];
const heapSamples: number[] = [];
const mb = (bytes: number): number => Math.round((bytes / 1e6) * 10) / 10;
const collect = (globalThis as { gc?: () => void }).gc;
const started = performance.now();
let nextSample = targetBytes / 10;
let replaced = 0;
for await (const result of pipeline.run(stream())) {
  replaced += result.counts.replacements;
  if (generatedBytes >= nextSample) {
    collect?.();
    const usage = process.memoryUsage();
    rssSamples.push(mb(usage.rss));
    heapSamples.push(mb(usage.heapUsed));
    nextSample += targetBytes / 10;
  }
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ megabytes: generatedBytes / 1e6, documents, replaced, seconds: Math.round(seconds * 10) / 10, mbPerSecond: Math.round((generatedBytes / 1e6 / seconds) * 100) / 100, scope, gc: collect !== undefined, rssMb: rssSamples, heapMb: heapSamples })}\n`,
);
