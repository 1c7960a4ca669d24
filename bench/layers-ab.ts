/**
 * The rule + gazetteer layers of the working tree against those of a git revision, in ONE process:
 * the revision's `src/` and gazetteer lists are unpacked to a temporary folder and imported next to
 * the working tree's, and their passes over a corpus alternate (A B, B A, …), so that the shared
 * machine's changes of speed (±30–50% from one run to the next here) hit both alike. Reports the
 * median, over the rounds, of the revision's time over the working tree's (above 1: the working tree
 * is faster) with the quartiles, and checks that both find the same mentions. For changes too small
 * for detect-throughput.ts to show. Writes ab.json to out/layers-ab/ (or --out DIR).
 *
 *   SANITEXT_DATA_DIR=/work/shared/datasets npx tsx bench/layers-ab.ts [--base HEAD] [--sets wiki-test,tab144:test] [--rounds 31] [--out DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDataset, REPO_ROOT, resolveDataRoot, writeFileAtomic, type Document } from '../src/corpus/index.ts';
import * as workingTree from '../src/detect/index.ts';
import { benchArgs, listOption, wholeNumber } from './args.ts';
import { benchOutDir } from './out-dir.ts';

type DetectModule = typeof workingTree;

const args = benchArgs({
  base: { type: 'string', default: 'HEAD' },
  sets: { type: 'string', default: 'wiki-test,tab144:test' },
  rounds: { type: 'string', default: '31' },
  out: { type: 'string' },
});
const base = args.base;
const sets = listOption(args.sets);
const rounds = wholeNumber('rounds', args.rounds, 3);

/** The revision's detection code and gazetteer lists, unpacked where its module paths resolve as in the repository. */
function unpack(revision: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanitext-ab-'));
  const archive = execFileSync('git', ['archive', revision, 'src', 'models/gazetteers', 'package.json'], { cwd: REPO_ROOT, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** One pass of a module's layers over the documents, as detect-throughput.ts runs them (merged spans); the spans found. */
function layersOf(detect: DetectModule, documents: readonly Document[]): () => string {
  const rules = detect.createRuleLayer();
  const gazetteers = detect.createGazetteerLayer();
  return () => {
    const found: string[] = [];
    for (const doc of documents) {
      const input = { id: doc.id, text: doc.text };
      const merged = detect.mergeMentions([...(rules.detect(input) as workingTree.DetectedMention[]), ...(gazetteers.detect(input) as workingTree.DetectedMention[])]);
      found.push(merged.map((m) => `${m.start}-${m.end}-${m.entityType}`).join(','));
    }
    return found.join('\n');
  };
}

const folder = unpack(base);
try {
  const revision = (await import(pathToFileURL(join(folder, 'src', 'detect', 'index.ts')).href)) as DetectModule;
  const results: Record<string, unknown> = {};
  for (const name of sets) {
    const documents = (await loadDataset(name, resolveDataRoot())).documents;
    const ours = layersOf(workingTree, documents);
    const theirs = layersOf(revision, documents);
    const same = ours() === theirs();
    // Warm-up, then passes of at least ~100 ms each (a pass of the biographies takes ~10 ms).
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      ours();
      theirs();
    }
    const loops = Math.max(1, Math.ceil(100 / ((performance.now() - started) / 20)));
    const timed = (pass: () => string): number => {
      const t = performance.now();
      for (let i = 0; i < loops; i++) pass();
      return (performance.now() - t) / loops;
    };
    const ratios: number[] = [];
    let oursTotal = 0;
    let theirsTotal = 0;
    for (let round = 0; round < rounds; round++) {
      // Each goes first in every other round.
      let a: number;
      let b: number;
      if (round % 2 === 0) {
        a = timed(ours);
        b = timed(theirs);
      } else {
        b = timed(theirs);
        a = timed(ours);
      }
      ratios.push(b / a);
      oursTotal += a;
      theirsTotal += b;
    }
    ratios.sort((x, y) => x - y);
    const at = (q: number): number => ratios[Math.round(q * (ratios.length - 1))];
    const result = { documents: documents.length, sameMentions: same, loops, rounds, revisionOverWorkingTree: { median: at(0.5), lowerQuartile: at(0.25), upperQuartile: at(0.75) }, msPerPass: { workingTree: oursTotal / rounds, revision: theirsTotal / rounds } };
    results[name] = result;
    process.stdout.write(
      `${name}: ${base} time / working tree time, median ${at(0.5).toFixed(3)} [quartiles ${at(0.25).toFixed(3)}, ${at(0.75).toFixed(3)}] over ${rounds} rounds; ms per pass ${result.msPerPass.workingTree.toFixed(2)} vs ${result.msPerPass.revision.toFixed(2)}; same mentions: ${same ? 'yes' : 'NO'}\n`,
    );
  }
  const out = benchOutDir('layers-ab', args.out);
  mkdirSync(out, { recursive: true });
  await writeFileAtomic(join(out, 'ab.json'), JSON.stringify({ base, results }, null, 2) + '\n');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
