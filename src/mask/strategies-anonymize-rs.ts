/**
 * The anonymize-rs replacement: `LABELn` with a counter per label from 0 (`FRUIT_FLASH0`,
 * `PERSON1`), one number per entity. anonymize-rs returns the originals as an `items` map
 * (placeholder → original) and deanonymizes by replacing each placeholder back; `restore` does
 * not read these bare placeholders, so for `restore` the strategy is one-way.
 */
import { placeholderLabel } from './placeholders.ts';
import { defineStrategy, tableKey } from './strategies.ts';

export const anonymizeRsStrategy = defineStrategy({
  name: 'anonymize-rs',
  description: 'anonymize-rs placeholders, LABEL0, LABEL1, … one per entity (numbered per label from 0); the mapping gives the items map',
  reversible: false,
  replace(entity, _mention, env) {
    const label = placeholderLabel(entity.entityType);
    // The session numbers from 1 (shared with `numbered`); anonymize-rs counts from 0.
    const n = env.session.numberFor(`anonymize-rs:${label}`, `anonymize-rs:${tableKey(entity, env)}`, () => false);
    return { text: `${label}${n - 1}` };
  },
});
