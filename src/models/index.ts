export {
  ModelReferenceSchema,
  MODEL_DTYPES,
  BUNDLED_MODELS,
  BUNDLED_MODELS_DIR,
  DEFAULT_MASKED_LM,
  DEFAULT_SPAN_ENCODER,
  DEFAULT_NER_MODEL,
  MULTILINGUAL_NER_MODEL,
  DEFAULT_MASK_LABELLER,
  ModelNotFoundError,
  ModelFolderError,
  isBundledModel,
  resolveModelReference,
  checkModelReference,
  locateModel,
  loadTarget,
  portableModelName,
  describeLoadFailure,
  onnxFile,
  defaultDtype,
} from './reference.ts';
export type { ModelReference, ModelDtype, ModelLocation } from './reference.ts';
export { acquireModel, acquireOnnxSession, loadedModelKeys } from './cache.ts';
export type { ModelLease, OnnxSession } from './cache.ts';
export { setDefaultModelThreads, modelThreads } from './threads.ts';
