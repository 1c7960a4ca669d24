/**
 * The LLM strategies. Strategies in the registry are synchronous (`apply(text, spans)`), an LLM is
 * not, so these are one async step: `llmSanitize(text, spans, {mode, client})`.
 *
 * - `llm-fictional`: the LLM proposes a context-fitting substitute per entity; each is checked by the
 *   fictional strategy's rules (not an original, holds none as whole words, no two entities share
 *   one, same format: digits, @, letters where the original had them); a rejected one becomes a
 *   keyed token ("Person-3f9a2c1b"). Reversible: the mapping restores with `restore` as `fictional`.
 * - `llm-generalize`: a true but vaguer description per entity ("a specific date in the mid-1990s");
 *   rejected ones fall back to the `generalize` strategy's text. One-way.
 * - `llm-rewrite`: the whole text rewritten without the personal data. One-way.
 *
 * After every LLM step the leak check (leaks.ts) runs: no original survives in the output.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Recognizer } from '../../detect/index.ts';
import type { LlmClient, LlmJsonSchema } from '../../llm/index.ts';
import { FICTIONAL_KEY_PREFIX } from '../fictional/names.ts';
import { locateSubstitutes } from '../fictional/match.ts';
import { containsWords } from '../fictional/text.ts';
import { generalize } from '../generalize.ts';
import { applyEdits } from '../offset-map.ts';
import { placeholderLabel } from '../placeholders.ts';
import { bindMapping } from '../sanitize.ts';
import { groupEntities, mergeSpans, normalizeSurface } from '../spans.ts';
import type { Mapping, MappingEntry, MaskEntity, MaskSpan } from '../types.ts';
import { maskLeaks, type LeakReport } from './leaks.ts';
import { loadPrompt, renderPrompt } from './prompts.ts';
import type { LlmStrategyName } from './options.ts';


export interface LlmSanitizeOptions {
  mode: LlmStrategyName;
  client: LlmClient;
  /** Runs on every LLM output (rules + gazetteers suffice); without it only the search looks for leaks. */
  recognizer?: Recognizer;
  /** Named in errors and given to the recognizer. */
  docId?: string;
  /** Folder of the prompt files (default: the repository's prompts/). */
  promptDir?: string;
  /** Prompt version (default 1): prompts/<mode>.v<N>.md. */
  promptVersion?: number;
  temperature?: number;
}

export interface LlmSanitizeResult {
  text: string;
  mapping: Mapping;
  /** Originals found in the LLM's output and masked by their type tag. */
  leaks: LeakReport[];
  /** Entities whose LLM proposal broke a rule and got the fallback instead. */
  rejected: number;
}

const replacementsSchema: LlmJsonSchema<{ replacements: { id: string; text: string }[] }> = {
  name: 'replacements',
  jsonSchema: {
    type: 'object',
    properties: {
      replacements: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } }, required: ['id', 'text'], additionalProperties: false },
      },
    },
    required: ['replacements'],
    additionalProperties: false,
  },
  validate: z.object({ replacements: z.array(z.object({ id: z.string(), text: z.string() })) }),
};

const rewriteSchema: LlmJsonSchema<{ text: string }> = {
  name: 'rewrite',
  jsonSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
  validate: z.object({ text: z.string() }),
};

export async function llmSanitize(text: string, spans: readonly MaskSpan[], options: LlmSanitizeOptions): Promise<LlmSanitizeResult> {
  const entities = groupEntities(text, mergeSpans(text, spans, options.docId));
  const originals = entities.flatMap((e) => e.mentions.map((m) => ({ text: m.original, entityType: e.entityType })));
  const template = loadPrompt(options.mode, options.promptVersion, options.promptDir);
  let output: string;
  let mapping: Mapping;
  let rejected = 0;
  if (entities.length === 0) {
    output = text;
    mapping = { kind: 'mapping', version: 1, strategy: options.mode, reversible: options.mode === 'llm-fictional', entries: [] };
  } else if (options.mode === 'llm-rewrite') {
    const entityList = entities.map((e) => `- ${placeholderLabel(e.entityType)}: ${e.mentions.map((m) => m.original).join(' | ')}`).join('\n');
    const answer = await options.client.complete({ messages: renderPrompt(template, { text, entities: entityList }), schema: rewriteSchema, temperature: options.temperature });
    output = (answer.json as { text: string }).text;
    mapping = { kind: 'mapping', version: 1, strategy: options.mode, reversible: false, entries: [] };
  } else {
    const marked = markEntities(text, entities);
    const entityList = entities.map((e, i) => `E${i + 1} (${placeholderLabel(e.entityType)}): ${e.original}`).join('\n');
    const answer = await options.client.complete({ messages: renderPrompt(template, { text: marked, entities: entityList }), schema: replacementsSchema, temperature: options.temperature });
    const proposed = new Map((answer.json as { replacements: { id: string; text: string }[] }).replacements.map((r) => [r.id, r.text.trim()]));
    const planned = options.mode === 'llm-fictional' ? planFictional(entities, proposed) : planGeneralize(entities, proposed);
    rejected = planned.rejected;
    ({ output, mapping } = applyPlan(text, entities, planned.substitutes, options.mode));
  }
  const checked = await maskLeaks(output, originals, options.recognizer, options.docId);
  return { text: checked.text, mapping: bindMapping(mapping, checked.text, []), leaks: checked.leaks, rejected };
}

/** The text with each mention wrapped as <E1>…</E1> (entity number, shared by its mentions). */
function markEntities(text: string, entities: readonly MaskEntity[]): string {
  const mentions = entities.flatMap((e, i) => e.mentions.map((m) => ({ ...m, tag: `E${i + 1}` }))).sort((a, b) => a.start - b.start);
  return applyEdits(text, mentions.map((m) => ({ start: m.start, end: m.end, insert: `<${m.tag}>${m.original}</${m.tag}>`, placeholder: m.tag }))).text;
}

const MAX_SUBSTITUTE_LENGTH = 120;

/** The originals a substitute may not equal or contain (three or more letters or digits, as in `fictional`). */
function originalsOf(entities: readonly MaskEntity[]): { exact: Set<string>; words: string[] } {
  const all = entities.flatMap((e) => e.mentions.map((m) => normalizeSurface(m.original)));
  return { exact: new Set(all), words: [...new Set(all)].filter((o) => (o.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3) };
}

function holdsOriginal(candidate: string, originals: { exact: Set<string>; words: string[] }): boolean {
  const normal = normalizeSurface(candidate);
  return originals.exact.has(normal) || originals.words.some((o) => containsWords(normal, o));
}

/** Same format: digits, an @ and letters exactly where the original has them. */
function sameFormat(original: string, substitute: string): boolean {
  const has = (re: RegExp) => [re.test(original), re.test(substitute)];
  return [/\d/u, /@/u, /\p{L}/u].every((re) => {
    const [a, b] = has(re);
    return a === b;
  });
}

function usable(candidate: string | undefined): candidate is string {
  return candidate !== undefined && candidate !== '' && candidate.length <= MAX_SUBSTITUTE_LENGTH && !/[\n\r<>]/u.test(candidate);
}

function planFictional(entities: readonly MaskEntity[], proposed: Map<string, string>): { substitutes: string[]; rejected: number } {
  const originals = originalsOf(entities);
  const taken = new Set<string>();
  let rejected = 0;
  const substitutes = entities.map((entity, i) => {
    const candidate = proposed.get(`E${i + 1}`);
    const ok = usable(candidate) && !holdsOriginal(candidate, originals) && sameFormat(entity.original, candidate) && !taken.has(normalizeSurface(candidate));
    const substitute = ok ? candidate : keyedToken(entity);
    if (!ok) rejected++;
    taken.add(normalizeSurface(substitute));
    return substitute;
  });
  return { substitutes, rejected };
}

function planGeneralize(entities: readonly MaskEntity[], proposed: Map<string, string>): { substitutes: string[]; rejected: number } {
  const originals = originalsOf(entities);
  let rejected = 0;
  const substitutes = entities.map((entity, i) => {
    const candidate = proposed.get(`E${i + 1}`);
    if (usable(candidate) && !holdsOriginal(candidate, originals)) return candidate;
    rejected++;
    const fallback = generalize(entity.original, entity.entityType);
    return fallback !== undefined && !holdsOriginal(fallback, originals) ? fallback : `[${placeholderLabel(entity.entityType)}]`;
  });
  return { substitutes, rejected };
}

/** One random alphanumeric word: holds no original, clashes with nothing, found again by restore. */
function keyedToken(entity: MaskEntity): string {
  const label = placeholderLabel(entity.entityType);
  return `${label.charAt(0)}${label.slice(1).toLowerCase()}-${randomBytes(4).toString('hex')}`;
}

function applyPlan(text: string, entities: readonly MaskEntity[], substitutes: readonly string[], mode: LlmStrategyName): { output: string; mapping: Mapping } {
  const build = (chosen: readonly string[]): { output: string; mapping: Mapping; inserted: number } => {
    const planned = entities
      .flatMap((entity, i) => entity.mentions.map((mention) => ({ entity, mention, substitute: chosen[i] })))
      .sort((a, b) => a.mention.start - b.mention.start);
    const entries = new Map<string, MappingEntry>();
    for (const { entity, mention, substitute } of planned) {
      const entry = entries.get(substitute);
      if (entry) entry.occurrences.push(mention.original);
      else {
        entries.set(substitute, {
          placeholder: substitute,
          ...(mode === 'llm-fictional' ? { key: `${FICTIONAL_KEY_PREFIX}${entries.size + 1}` } : {}),
          entityType: entity.entityType,
          original: entity.original,
          occurrences: [mention.original],
        });
      }
    }
    const { text: output } = applyEdits(text, planned.map((p) => ({ start: p.mention.start, end: p.mention.end, insert: p.substitute, placeholder: p.substitute })));
    const mapping: Mapping = { kind: 'mapping', version: 1, strategy: mode, reversible: mode === 'llm-fictional', entries: [...entries.values()] };
    return { output, mapping, inserted: planned.length };
  };
  let result = build(substitutes);
  // Restore finds substitutes by search: when the search would not find exactly what was inserted
  // (a substitute that also occurs in the text, or glued to a word), every entity gets a keyed token.
  if (mode === 'llm-fictional' && locateSubstitutes(result.output, result.mapping.entries).length !== result.inserted) {
    result = build(entities.map(keyedToken));
  }
  return result;
}
