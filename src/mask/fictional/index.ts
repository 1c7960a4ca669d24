export { FICTIONAL_KEY_PREFIX, FICTIONAL_STRATEGY, createFictionalStrategy, fictionalStrategy, loadFictionalStrategy } from './strategy.ts';
export type { FictionalOptions } from './strategy.ts';
export { FICTIONAL_LOCALES, loadFictionalLocale } from './locale.ts';
export type { FictionalLocale, FictionalLocaleCode } from './locale.ts';
export { isFictionalMapping, restoreFictional } from './restore.ts';
export { locateSubstitutes } from './match.ts';
export type { SubstituteMatch } from './match.ts';
