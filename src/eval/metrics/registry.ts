/** The open metric registry: `registerMetric(defineMetric({...}))`, looked up by name in configs. */
import type { z } from 'zod';
import type { MetricDefinition } from './types.ts';

const registry = new Map<string, MetricDefinition>();

/** Keeps the options' type attached to `columns` and `create`. */
export function defineMetric<Schema extends z.ZodTypeAny>(definition: MetricDefinition<Schema>): MetricDefinition<Schema> {
  return definition;
}

export function registerMetric<Schema extends z.ZodTypeAny>(definition: MetricDefinition<Schema>): void {
  if (registry.has(definition.name)) throw new Error(`metric "${definition.name}" is already registered`);
  registry.set(definition.name, definition as unknown as MetricDefinition);
}

export function getMetric(name: string): MetricDefinition {
  const metric = registry.get(name);
  if (!metric) throw new Error(`unknown metric "${name}"; known: ${[...registry.keys()].sort().join(', ')}`);
  return metric;
}

export function registeredMetrics(): string[] {
  return [...registry.keys()].sort();
}
