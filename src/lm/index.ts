export { MaskedLm, DEFAULT_MODEL_DIR, logProbAt } from './model.ts';
export type { MaskedLmOptions, MaskedLmPrecision, ModelSequence, BatchLogits, SpecialIds } from './model.ts';
export { WordPieceTokenizer, piecesOverlapping, wordPieceConfigFromJson } from './wordpiece.ts';
export type { TokenizedText, TokenizerJson, WordPieceConfig } from './wordpiece.ts';
export { MaskedLmEngine, centralWindow } from './engine.ts';
export type { MaskedLmEngineOptions, SpanRequest, SpanLogProbs, SpanScoringJob, TextDocument } from './engine.ts';
export { MlmWeighting, createMlmWeighting, WEIGHTING_CHUNK_LENGTH } from './weighting.ts';
export type { MlmWeightingOptions } from './weighting.ts';
export { createTokenClassifier, OffsetTokenizer, preTokenize, pieceWindows, resolveModelPath, argmax, type TokenClassifier, type TokenClassifierOptions, type TokenClassifierDtype, type TokenClassification, type ClassifiedPiece, type TextPiece, type PieceWindow, type TokenizedText as PieceTokenization } from './token-classifier.ts';
