export * from './types.ts';
export { offsetConverter, codePointLength } from './offsets.ts';
export type { OffsetConverter } from './offsets.ts';
export { InputError, describeJsonSyntaxError, formatProblem } from './errors.ts';
export type { InputProblem } from './errors.ts';
export { parseCorpus, parseSystemSpans, spansToCodePoints, documentToTabJson, MASKED_SPANS_ANNOTATOR } from './parse.ts';
export type { SystemSpanNotes } from './parse.ts';
export {
  readCorpus,
  readSystemSpans,
  readJsonFile,
  readConfigFile,
  writeJsonFile,
  readTextFile,
  decodeUtf8,
  writeFileAtomic,
  StagedWrites,
  safeFileName,
  boundedFileName,
  shortHash,
  jsonArrayChunk,
  jsonObjectChunk,
  jsonCollectionEnd,
} from './files.ts';
export type { StagedFile, TextLocation, WriteOptions } from './files.ts';
export {
  readDocuments,
  readSource,
  readInputs,
  listInputs,
  inputBytes,
  parseJsonLines,
  formatOfPath,
  extensionOf,
  isDirectory,
  DOCUMENT_FORMATS,
  STDIN_INPUT,
} from './input.ts';
export type { DocumentFormat, InputDocument, InputFile, InputSource, ReadDocument, ReadOptions } from './input.ts';
export { DATASETS, REPO_ROOT, REPO_DATASETS, resolveDataRoot, resolveDataset, loadDataset } from './registry.ts';
export type { DatasetInfo, DatasetSelector } from './registry.ts';
export { downloadDataset, DOWNLOADS } from './download.ts';
export type { DownloadReport } from './download.ts';
export { goldCandidates } from './candidates.ts';
export { applyReplacements, parseAnonymization, anonymizationToJson, DEFAULT_SUPPRESSION_MARK } from './anonymization.ts';
export type { Replacement, Anonymization, AnonymizedRegion, AppliedAnonymization, ApplyOptions } from './anonymization.ts';
