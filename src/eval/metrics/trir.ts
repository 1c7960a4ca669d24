/**
 * TRIR (Manzanares-Salor et al. 2024): an attacker trained on background knowledge {id: text}
 * (a superset of the individuals is allowed) links each anonymized document to an id; TRIR is the
 * share of the evaluated documents linked to their own id. A document whose id is absent from the
 * background knowledge cannot be linked and counts as not re-identified.
 *
 * Two attackers: `lexical` (TF-IDF + logistic regression, trained here in seconds) and `neural`
 * (the bundled encoder fine-tuned on background-knowledge windows by training/train_trir_attacker.py,
 * loaded from its artefact, which must have been trained on this very background-knowledge file).
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { applyReplacements, InputError } from '../../corpus/index.ts';
import { MODEL_DTYPES } from '../../models/index.ts';
import { LexicalAttacker } from './lexical-attacker.ts';
import { NeuralAttacker, readAttackerArtefact, sha256File } from './neural-attacker.ts';
import { defineMetric } from './registry.ts';
import type { MetricContext } from './types.ts';

/** Options of the lexical attacker, which trains at the start of the run (defaults in LexicalAttacker). */
const LEXICAL_ONLY = ['seed', 'epochs', 'learningRate', 'windowWords', 'windowStride', 'addAnonymizedCopy'] as const;
/** Options of the neural attacker, which is trained offline and loaded. */
const NEURAL_ONLY = ['model', 'dtype', 'threads'] as const;

const options = z
  .object({
    /** The name of a background-knowledge set of the run's config. */
    backgroundKnowledge: z.string(),
    attacker: z.enum(['lexical', 'neural']).default('lexical'),
    /** Lexical: seed of the SGD shuffle (default 42), epochs (10), learning rate (1), window of words (100) and stride (50). */
    seed: z.number().int().optional(),
    epochs: z.number().int().min(1).optional(),
    learningRate: z.number().positive().optional(),
    windowWords: z.number().int().min(1).optional(),
    windowStride: z.number().int().min(1).optional(),
    /** Lexical: also train on a copy of the background knowledge with the rule layer's spans suppressed (TAE's spaCy-anonymized copy). */
    addAnonymizedCopy: z.boolean().optional(),
    /** Neural: the attacker artefact, a model reference (bundled name, e.g. trir-attacker-tab-public, or a folder relative to the config). */
    model: z.string().min(1).optional(),
    /** Neural: q8 (default) loads onnx/model_quantized.onnx, fp32 onnx/model.onnx. */
    dtype: z.enum(MODEL_DTYPES).optional(),
    /** Neural: ONNX Runtime intra-op threads (default 2). */
    threads: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.attacker === 'neural' && o.model === undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'the neural attacker needs a model (e.g. trir-attacker-tab-public)' });
    const wrong = o.attacker === 'neural' ? LEXICAL_ONLY : NEURAL_ONLY;
    for (const key of wrong) {
      if (o[key] !== undefined) {
        const why = o.attacker === 'neural' ? 'the neural attacker is trained offline (training/train_trir_attacker.py)' : 'it applies to attacker: neural';
        ctx.addIssue({ code: 'custom', path: [key], message: `not an option of attacker: ${o.attacker} (${why})` });
      }
    }
  });

type TrirOptions = z.infer<typeof options>;

/** A copy of each text with the rule layer's detections suppressed (no spaCy). */
export async function anonymizedCopy(knowledge: ReadonlyMap<string, string>): Promise<[string, string][]> {
  const rules = (await import('../../detect/index.ts')).createRuleLayer();
  const out: [string, string][] = [];
  for (const [id, text] of knowledge) out.push([id, applyReplacements(text, await rules.detect({ id, text })).text]);
  return out;
}

/** A linker of texts to individual ids, trained or loaded once per run. */
interface Attacker {
  predict(text: string): Promise<string>;
}

/**
 * Checks that the neural attacker fits this run, from its config.json (no model loaded): trained on the
 * same background-knowledge file (SHA-256 of its bytes), and knowing every corpus document that the
 * background knowledge has.
 */
async function checkNeuralAttacker(o: TrirOptions, context: MetricContext): Promise<void> {
  const bkFile = context.backgroundKnowledgeFile(o.backgroundKnowledge);
  const { configFile, labels, training } = readAttackerArtefact({ model: o.model!, dtype: o.dtype, baseDir: context.baseDir });
  if (bkFile === undefined) {
    throw new InputError([{ file: configFile, message: `the neural attacker was trained on ${training.background_knowledge_file}; background knowledge "${o.backgroundKnowledge}" is not a file, so it cannot be checked against it` }]);
  }
  const digest = sha256File(bkFile);
  if (digest !== training.background_knowledge_sha256) {
    throw new InputError([
      {
        file: configFile,
        message: `the neural attacker was trained on ${training.background_knowledge_file} (SHA-256 ${training.background_knowledge_sha256.slice(0, 12)}…), not on the run's background knowledge "${o.backgroundKnowledge}", ${bkFile} (SHA-256 ${digest.slice(0, 12)}…${basename(bkFile) === training.background_knowledge_file ? '; same name, different content' : ''}); train one on it with training/train_trir_attacker.py`,
      },
    ]);
  }
  const knowledge = await context.backgroundKnowledge(o.backgroundKnowledge);
  const known = new Set(labels);
  const unknown = context.corpus.documents.filter((d) => knowledge.has(d.id) && !known.has(d.id)).map((d) => d.id);
  if (unknown.length > 0) {
    throw new InputError([{ file: configFile, message: `the neural attacker has no label for ${unknown.length} document(s) of the corpus that the background knowledge has (e.g. ${unknown.slice(0, 3).join(', ')})` }]);
  }
}

export const trirMetric = defineMetric({
  name: 'trir',
  description: 'text re-identification risk: share of documents an attacker trained on background knowledge links to their individual',
  needs: ['backgroundKnowledge'],
  options,
  columns: () => ['TRIR'],
  async check(o, context) {
    if (o.attacker === 'neural') await checkNeuralAttacker(o, context);
  },
  async create(o, context) {
    const knowledge = await context.backgroundKnowledge(o.backgroundKnowledge);
    let attacker: Attacker;
    let neural: NeuralAttacker | undefined;
    if (o.attacker === 'neural') {
      await checkNeuralAttacker(o, context);
      neural = await NeuralAttacker.load({ model: o.model!, dtype: o.dtype, threads: o.threads, baseDir: context.baseDir });
      attacker = neural;
    } else {
      const extra = o.addAnonymizedCopy ? await anonymizedCopy(knowledge) : [];
      const lexical = LexicalAttacker.train(knowledge, o, extra);
      attacker = { predict: async (text) => lexical.predict(text) };
    }
    return {
      async evaluate(anonymization) {
        let linked = 0;
        for (const doc of anonymization.documents) if (knowledge.has(doc.id) && (await attacker.predict(doc.anonymized)) === doc.id) linked++;
        return { TRIR: anonymization.documents.length === 0 ? null : linked / anonymization.documents.length };
      },
      dispose: async () => neural?.dispose(),
    };
  },
});
