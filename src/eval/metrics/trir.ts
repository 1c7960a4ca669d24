/**
 * TRIR (Manzanares-Salor et al. 2024): an attacker trained on background knowledge {id: text}
 * (a superset of the individuals is allowed) links each anonymized document to an id; TRIR is the
 * share of the evaluated documents linked to their own id. A document whose id is absent from the
 * background knowledge cannot be linked and counts as not re-identified.
 */
import { z } from 'zod';
import { applyReplacements } from '../../corpus/index.ts';
import { LexicalAttacker } from './lexical-attacker.ts';
import { defineMetric } from './registry.ts';

const options = z
  .object({
    /** The name of a background-knowledge set of the run's config. */
    backgroundKnowledge: z.string(),
    attacker: z.literal('lexical').default('lexical'),
    seed: z.number().int().default(42),
    epochs: z.number().int().min(1).default(10),
    learningRate: z.number().positive().default(1),
    windowWords: z.number().int().min(1).default(100),
    windowStride: z.number().int().min(1).default(50),
    /** Also train on a copy of the background knowledge with the rule layer's spans suppressed (TAE's spaCy-anonymized copy). */
    addAnonymizedCopy: z.boolean().default(false),
  })
  .strict();

/** A copy of each text with the rule layer's detections suppressed (no spaCy). */
export async function anonymizedCopy(knowledge: ReadonlyMap<string, string>): Promise<[string, string][]> {
  const rules = (await import('../../detect/index.ts')).createRuleLayer();
  const out: [string, string][] = [];
  for (const [id, text] of knowledge) out.push([id, applyReplacements(text, await rules.detect({ id, text })).text]);
  return out;
}

export const trirMetric = defineMetric({
  name: 'trir',
  description: 'text re-identification risk: share of documents an attacker trained on background knowledge links to their individual',
  needs: ['backgroundKnowledge'],
  options,
  columns: () => ['TRIR'],
  async create(o, context) {
    const knowledge = await context.backgroundKnowledge(o.backgroundKnowledge);
    const extra = o.addAnonymizedCopy ? await anonymizedCopy(knowledge) : [];
    const attacker = LexicalAttacker.train(knowledge, o, extra);
    return {
      async evaluate(anonymization) {
        let linked = 0;
        for (const doc of anonymization.documents) if (knowledge.has(doc.id) && attacker.predict(doc.anonymized) === doc.id) linked++;
        return { TRIR: anonymization.documents.length === 0 ? null : linked / anonymization.documents.length };
      },
    };
  },
});
