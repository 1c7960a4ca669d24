/**
 * The built-in masking strategies and the registry. Every built-in is made by `defineStrategy`
 * from one function that names the replacement of a mention; the shared engine applies the overlap
 * policy, groups mentions into entities, builds the mapping and (for reversible strategies) checks
 * that no text already in the input could be mistaken for one of its placeholders.
 */
import { createHmac } from 'node:crypto';
import { InputError } from '../corpus/index.ts';
import { fictionalStrategy } from './fictional/strategy.ts';
import { generalize } from './generalize.ts';
import { KEY_ENV_VARIABLE, type MaskKey } from './keys.ts';
import { candidateKeys, numberedKey, numberedPlaceholder, placeholderLabel, reservedKeys, scanPlaceholders, wildKey, wildTag } from './placeholders.ts';
import { PseudonymSession } from './session.ts';
import { groupEntities, mergeSpans } from './spans.ts';
import { applyEdits } from './offset-map.ts';
import type { EntityMention, MappingEntry, MaskEntity, MaskingStrategy, MaskSpan, StrategyContext, StrategyResult } from './types.ts';

/** What a strategy's replacement function sees besides the mention. */
export interface ReplacementEnvironment {
  session: PseudonymSession;
  /** True when the session is shared by several documents (collection-wide consistency). */
  sharedSession: boolean;
  /** Restore keys the input text already holds in some form: never to be used. */
  reserved: ReadonlySet<string>;
  key?: MaskKey;
}

export interface ReplacementText {
  text: string;
  /** Restore key (see placeholders.ts); required for reversible strategies. */
  key?: string;
}

export interface StrategyDefinition {
  name: string;
  description: string;
  reversible: boolean;
  needsKey?: boolean;
  replace(entity: MaskEntity, mention: EntityMention, env: ReplacementEnvironment): ReplacementText;
}

/** The pseudonym-table key of an entity: per document its group, across a collection its surface. */
export function tableKey(entity: MaskEntity, env: ReplacementEnvironment): string {
  const label = placeholderLabel(entity.entityType);
  return env.sharedSession ? `${label}|${entity.canonicalKey}` : `${label}|${entity.groupKey}`;
}

/** Builds a strategy object from a per-mention replacement function. */
export function defineStrategy(definition: StrategyDefinition): MaskingStrategy {
  const needsKey = definition.needsKey ?? false;
  return {
    name: definition.name,
    description: definition.description,
    reversible: definition.reversible,
    needsKey,
    apply(text: string, spans: readonly MaskSpan[], context: StrategyContext = {}): StrategyResult {
      if (needsKey && !context.key) {
        throw new InputError([
          { file: '(key)', docId: context.docId, message: `strategy ${definition.name} needs a secret key: pass --key-file FILE or set $${KEY_ENV_VARIABLE}` },
        ]);
      }
      const entities = groupEntities(text, mergeSpans(text, spans, context.docId));
      const env: ReplacementEnvironment = {
        session: context.session ?? new PseudonymSession(),
        sharedSession: context.session !== undefined,
        reserved: definition.reversible ? reservedKeys(text) : new Set(),
        key: context.key,
      };
      // A placeholder that the surrounding text turns into a different match is reserved and the
      // document redone; each round reserves at least one more key, so this ends.
      for (;;) {
        const result = buildResult(definition, text, entities, env);
        if (!definition.reversible) return result;
        const collisions = findCollisions(result, context.docId);
        if (collisions.length === 0) return result;
        env.reserved = new Set([...env.reserved, ...collisions]);
      }
    },
  };
}

function buildResult(definition: StrategyDefinition, text: string, entities: readonly MaskEntity[], env: ReplacementEnvironment): StrategyResult {
  const planned = entities
    .flatMap((entity) => entity.mentions.map((mention) => ({ entity, mention, replacement: definition.replace(entity, mention, env) })))
    .sort((a, b) => a.mention.start - b.mention.start);
  const entries = new Map<string, MappingEntry>();
  for (const { entity, mention, replacement } of planned) {
    const entry = entries.get(replacement.text);
    if (entry) entry.occurrences.push(mention.original);
    else {
      entries.set(replacement.text, {
        placeholder: replacement.text,
        ...(replacement.key !== undefined ? { key: replacement.key } : {}),
        entityType: entity.entityType,
        original: entity.original,
        occurrences: [mention.original],
      });
    }
  }
  const { text: output, replacements } = applyEdits(
    text,
    planned.map(({ mention, replacement }) => ({ start: mention.start, end: mention.end, insert: replacement.text, placeholder: replacement.text })),
  );
  return {
    text: output,
    mapping: { kind: 'mapping', version: 1, strategy: definition.name, reversible: definition.reversible, entries: [...entries.values()] },
    replacements,
  };
}

/** Keys of the mapping that the scanner finds anywhere but exactly at an insertion. */
function findCollisions(result: StrategyResult, docId?: string): string[] {
  const ours = new Set(result.mapping.entries.map((e) => e.key));
  const insertions = new Map(result.replacements.map((r) => [r.outputStart, r]));
  const collisions: string[] = [];
  let found = 0;
  for (const match of scanPlaceholders(result.text)) {
    const insertion = insertions.get(match.start);
    if (insertion && insertion.outputEnd === match.end) found++;
    else collisions.push(...candidateKeys(match).filter((k) => ours.has(k)));
  }
  if (collisions.length === 0 && found !== result.replacements.length) {
    throw new Error(`${docId ?? 'document'}: ${result.replacements.length - found} placeholder(s) are not recognizable in the output`);
  }
  return collisions;
}

// ---------------------------------------------------------------------------------------------
// Built-in strategies

export function createRedactStrategy(replacement = '***'): MaskingStrategy {
  return defineStrategy({
    name: 'redact',
    description: `replace every span by ${JSON.stringify(replacement)}`,
    reversible: false,
    replace: () => ({ text: replacement }),
  });
}

export const typeTagStrategy = defineStrategy({
  name: 'type-tag',
  description: 'replace every span by its entity type, e.g. [PERSON]',
  reversible: false,
  replace: (entity) => ({ text: `[${placeholderLabel(entity.entityType)}]` }),
});

export const numberedStrategy = defineStrategy({
  name: 'numbered',
  description: 'one numbered placeholder per entity, e.g. [PERSON_1]; reversible',
  reversible: true,
  replace(entity, _mention, env) {
    const label = placeholderLabel(entity.entityType);
    const n = env.session.numberFor(label, tableKey(entity, env), (k) => env.reserved.has(numberedKey(label, k)));
    return { text: numberedPlaceholder(label, n), key: numberedKey(label, n) };
  },
});

/** HMAC-SHA-256 of type and normalized entity under the wild-tag subkey, as hex. */
export function entityHmac(key: MaskKey, label: string, canonicalKey: string): string {
  return createHmac('sha256', key.tagKey()).update(`${label}\u0000${canonicalKey}`, 'utf8').digest('hex');
}

export const keyedTagStrategy = defineStrategy({
  name: 'keyed-tag',
  description: 'CleanText wild tag per entity, <PERSON "a1b2c3d4">: a keyed HMAC of the entity; reversible, needs a key',
  reversible: true,
  needsKey: true,
  replace(entity, _mention, env) {
    const label = placeholderLabel(entity.entityType);
    // needsKey guarantees env.key.
    const hmac = entityHmac(env.key as MaskKey, label, entity.canonicalKey);
    const hex = env.session.tagFor(tableKey(entity, env), hmac, (h) => env.reserved.has(wildKey(h)));
    return { text: wildTag(label, hex), key: wildKey(hex) };
  },
});

export const generalizeStrategy = defineStrategy({
  name: 'generalize',
  description: 'dates to their year, amounts and numbers to "an amount"/"a number"; other spans to the type tag',
  reversible: false,
  replace: (entity, mention) => ({ text: generalize(mention.original, entity.entityType) ?? `[${placeholderLabel(entity.entityType)}]` }),
});

// ---------------------------------------------------------------------------------------------
// Registry

export class StrategyRegistry {
  private readonly strategies = new Map<string, MaskingStrategy>();

  register(strategy: MaskingStrategy): this {
    this.strategies.set(strategy.name, strategy);
    return this;
  }

  has(name: string): boolean {
    return this.strategies.has(name);
  }

  /** The strategy called `name`; an InputError lists the known names otherwise. */
  get(name: string): MaskingStrategy {
    const strategy = this.strategies.get(name);
    if (!strategy) throw new InputError([{ file: '(strategy)', message: `unknown masking strategy "${name}" (known: ${this.names().join(', ')})` }]);
    return strategy;
  }

  names(): string[] {
    return [...this.strategies.keys()];
  }

  list(): MaskingStrategy[] {
    return [...this.strategies.values()];
  }
}

/** A registry holding the built-ins; `redactWith` sets the redaction string. */
export function createStrategyRegistry(options: { redactWith?: string } = {}): StrategyRegistry {
  return new StrategyRegistry()
    .register(createRedactStrategy(options.redactWith))
    .register(typeTagStrategy)
    .register(numberedStrategy)
    .register(keyedTagStrategy)
    .register(generalizeStrategy)
    .register(fictionalStrategy);
}
