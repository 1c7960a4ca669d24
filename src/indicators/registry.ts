import type { RiskIndicatorFactory } from './types.ts';

const factories = new Map<string, RiskIndicatorFactory>();

/** Adds an indicator under a name; later stages look it up by that name (configs, CLI). */
export function registerIndicator(name: string, factory: RiskIndicatorFactory): void {
  if (factories.has(name)) throw new Error(`risk indicator "${name}" is registered twice`);
  factories.set(name, factory);
}

export function indicatorFactory(name: string): RiskIndicatorFactory {
  const factory = factories.get(name);
  if (!factory) throw new Error(`unknown risk indicator "${name}" (known: ${[...factories.keys()].join(', ') || 'none'})`);
  return factory;
}

export function indicatorNames(): string[] {
  return [...factories.keys()];
}
