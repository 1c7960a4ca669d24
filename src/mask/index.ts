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
export { sanitize, sanitizedTextDigest, bindMapping } from './sanitize.ts';
export type { SanitizeOptions, SanitizeResult } from './sanitize.ts';
export { restore } from './restore.ts';
export type { AlteredPlaceholder, CountChange, RestoreOptions, RestoreResult, TextCheck, UnknownPlaceholder } from './restore.ts';
export { OffsetMap, applyEdits } from './offset-map.ts';
export type { OffsetBias, OffsetSegment, TextEdit } from './offset-map.ts';
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
export { MaskKey, loadMaskKey, KEY_ENV_VARIABLE, MIN_PASSPHRASE_LENGTH, MIN_PASSPHRASE_DISTINCT } from './keys.ts';
export type { KeyKind } from './keys.ts';
export { encryptMapping, decryptMapping, plainMappingFile, MAPPING_FORMAT, MAPPING_FORMAT_VERSION, MAPPING_FILE_MODE } from './mapping-file.ts';
export type { DecryptOptions, MappingPayload } from './mapping-file.ts';
export { generalize, generalizeDate, generalizeNumber } from './generalize.ts';
export { mergeSpans, groupEntities, normalizeSurface, DEFAULT_ENTITY_TYPE } from './spans.ts';
export type { MergedSpan } from './spans.ts';
export { scanPlaceholders, isExactPlaceholder, reservedKeys, placeholderLabel, numberedPlaceholder, wildTag } from './placeholders.ts';
export type { PlaceholderMatch } from './placeholders.ts';
export {
  readInputs,
  parseJsonLines,
  renderDocuments,
  toTabJson,
  writeOutput,
  outputPathIn,
  planOutputPaths,
  checkOutputsAgainstInputs,
  realPathOf,
  OutputSession,
  DocumentWriter,
  formatOfPath,
  isDirectory,
  DOCUMENT_FORMATS,
} from './files.ts';
export type { DocumentFormat, InputDocument, InputFile, OutputDocument } from './files.ts';
export { anonymizeRsStrategy } from './strategies-anonymize-rs.ts';
export { FICTIONAL_LOCALES, FICTIONAL_STRATEGY, createFictionalStrategy, fictionalStrategy, isFictionalMapping, loadFictionalLocale, loadFictionalStrategy, locateSubstitutes, restoreFictional } from './fictional/index.ts';
export type { FictionalLocale, FictionalLocaleCode, FictionalOptions, SubstituteMatch } from './fictional/index.ts';
