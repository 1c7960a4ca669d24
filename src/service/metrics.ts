/** Prometheus metrics of one service instance (its own registry: two services in a process never mix). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly duration: Histogram<'route'>;
  readonly documents: Counter<'route'>;
  readonly errors: Counter<'route' | 'code'>;
  readonly inFlight: Gauge;
  readonly queued: Gauge;
}

export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({ name: 'sanitext_http_requests_total', help: 'HTTP requests by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'sanitext_http_request_duration_seconds',
      help: 'Request latency by route pattern',
      labelNames: ['route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    documents: new Counter({ name: 'sanitext_documents_total', help: 'Documents processed by route', labelNames: ['route'], registers: [registry] }),
    errors: new Counter({ name: 'sanitext_errors_total', help: 'Error responses by route and error code', labelNames: ['route', 'code'], registers: [registry] }),
    inFlight: new Gauge({ name: 'sanitext_requests_in_flight', help: 'Requests doing pipeline work now', registers: [registry] }),
    queued: new Gauge({ name: 'sanitext_requests_queued', help: 'Requests waiting for a pipeline slot', registers: [registry] }),
  };
}
