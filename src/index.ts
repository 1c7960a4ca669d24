/**
 * The library's public surface (`import { … } from 'sanitext'`): each stage's API as a namespace, so names
 * that two stages share never collide.
 */
export * as corpus from './corpus/index.ts';
export * as detect from './detect/index.ts';
export * as indicators from './indicators/index.ts';
export * as lm from './lm/index.ts';
export * as mask from './mask/index.ts';
export * as evaluation from './eval/index.ts';
export * as report from './report/index.ts';
export * as experiment from './experiment/index.ts';
export * as models from './models/index.ts';
export * as pipeline from './pipeline/index.ts';
export { createPipeline } from './pipeline/index.ts';
