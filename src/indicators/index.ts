export type { RiskIndicator, RiskIndicatorFactory, SpanDocument } from './types.ts';
export { registerIndicator, indicatorFactory, indicatorNames } from './registry.ts';
