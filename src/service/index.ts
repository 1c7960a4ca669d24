/** The sanitization service: an HTTP API over one pipeline (`sanitext serve`). */
export { ServiceError, createService, deanonymize } from './app.ts';
export type { Service, ServiceLogEntry, ServiceOptions } from './app.ts';
export { SERVICE_TOKEN_ENV, checkBinding, isLoopback, listenService } from './listen.ts';
export { MappingStore } from './mapping-store.ts';
export type { MappingStoreOptions } from './mapping-store.ts';
export { openApiDocument } from './openapi.ts';
export { ServiceLimitsSchema, parseServiceLimits } from './schemas.ts';
export type { ServiceLimits, ServiceLimitsInput } from './schemas.ts';
export { CONVERSATION_HEADER, PROXY_STRATEGIES, checkUpstream, createProxy, type Proxy, type ProxyOptions, type ProxyStrategy } from './proxy.ts';
