/** The local test fediverse: `startFediverse(spec)`; see server.ts, handlers.ts, types.ts. */
export { startFediverse, type Fediverse } from './server.js';
export type { AccountSpec, Behaviour, BehaviourRule, FediverseSpec, HostSpec, RequestRecord, Route } from './types.js';
