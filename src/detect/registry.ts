/**
 * The layer registry: a new layer is one factory and one `registerLayer` call. The neural layer is
 * loaded lazily from ./neural.ts so the recognizer works whether or not that module (or its model)
 * is present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, REPO_ROOT } from '../corpus/index.ts';
import { createGazetteerLayer } from './gazetteer/index.ts';
import { createRuleLayer } from './rules/index.ts';
import type { DetectorLayer } from './types.ts';

export type LayerFactory = () => Promise<DetectorLayer> | DetectorLayer;

const factories = new Map<string, LayerFactory>();

export function registerLayer(name: string, factory: LayerFactory): void {
  factories.set(name, factory);
}

export function registeredLayers(): string[] {
  return [...factories.keys()];
}

export async function createLayer(name: string): Promise<DetectorLayer> {
  const factory = factories.get(name);
  if (!factory) throw new InputError([{ file: name, message: `unknown detector layer "${name}" (known: ${registeredLayers().join(', ')})` }]);
  return factory();
}

/** Folder under models/ that holds the fine-tuned token classifier of the neural layer. */
export const NEURAL_MODEL_NAME = 'minibert-tab-ner';
export const NEURAL_MODEL_DIR = join(REPO_ROOT, 'models', NEURAL_MODEL_NAME);

const NEURAL_MODULE = new URL('./neural.ts', import.meta.url);

interface NeuralModule {
  createNeuralLayer: (options?: { model?: string; dtype?: 'fp32' | 'q8'; labelMap?: Record<string, string> }) => Promise<DetectorLayer>;
}

function isNeuralModule(value: unknown): value is NeuralModule {
  return typeof value === 'object' && value !== null && typeof (value as { createNeuralLayer?: unknown }).createNeuralLayer === 'function';
}

async function loadNeuralLayer(): Promise<DetectorLayer> {
  let loaded: unknown;
  try {
    // A URL held in a variable: the type checker does not require the module to exist.
    loaded = await import(NEURAL_MODULE.href);
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? 'the module is not installed' : String(error);
    throw new InputError([{ file: NEURAL_MODULE.pathname, message: `the "neural" detector layer is unavailable: ${reason}; use --layers rules,gazetteers` }]);
  }
  if (!isNeuralModule(loaded)) throw new InputError([{ file: NEURAL_MODULE.pathname, message: 'does not export createNeuralLayer()' }]);
  return loaded.createNeuralLayer();
}

export function neuralModelAvailable(): boolean {
  return existsSync(NEURAL_MODEL_DIR) && existsSync(new URL(NEURAL_MODULE));
}

registerLayer('rules', () => createRuleLayer());
registerLayer('gazetteers', () => createGazetteerLayer());
registerLayer('neural', loadNeuralLayer);

/** `rules,gazetteers`, plus `neural` when its module and model folder exist. */
export function defaultLayerNames(): string[] {
  return neuralModelAvailable() ? ['rules', 'gazetteers', 'neural'] : ['rules', 'gazetteers'];
}
