export type {
  EntityMention,
  Mapping,
  MappingEntry,
  MappingSet,
  MaskEntity,
  MaskingStrategy,
  MaskSpan,
  Replacement,
  StrategyContext,
  StrategyResult,
} from './types.ts';
export { sanitize } from './sanitize.ts';
export type { SanitizeOptions, SanitizeResult } from './sanitize.ts';
export { restore } from './restore.ts';
export type { AlteredPlaceholder, CountChange, RestoreOptions, RestoreResult, UnknownPlaceholder } from './restore.ts';
export { OffsetMap } from './offset-map.ts';
export type { OffsetBias, OffsetSegment } from './offset-map.ts';
export {
  StrategyRegistry,
  createStrategyRegistry,
  createRedactStrategy,
  defineStrategy,
  entityHmac,
  generalizeStrategy,
  keyedTagStrategy,
  numberedStrategy,
  tableKey,
  typeTagStrategy,
} from './strategies.ts';
export type { ReplacementEnvironment, ReplacementText, StrategyDefinition } from './strategies.ts';
export { PseudonymSession } from './session.ts';
export { MaskKey, loadMaskKey, KEY_ENV_VARIABLE, MIN_PASSPHRASE_LENGTH } from './keys.ts';
export type { KeyKind } from './keys.ts';
export { encryptMapping, decryptMapping, plainMappingFile, MAPPING_FORMAT, MAPPING_FORMAT_VERSION } from './mapping-file.ts';
export type { MappingPayload } from './mapping-file.ts';
export { generalize, generalizeDate, generalizeNumber } from './generalize.ts';
export { mergeSpans, groupEntities, normalizeSurface, DEFAULT_ENTITY_TYPE } from './spans.ts';
export type { MergedSpan } from './spans.ts';
export { scanPlaceholders, reservedKeys, placeholderLabel, numberedPlaceholder, wildTag } from './placeholders.ts';
export type { PlaceholderMatch } from './placeholders.ts';
export { readInputs, parseJsonLines, renderDocuments, writeOutput, outputPathIn, formatOfPath, isDirectory, DOCUMENT_FORMATS } from './files.ts';
export type { DocumentFormat, InputDocument, InputFile, OutputDocument } from './files.ts';
