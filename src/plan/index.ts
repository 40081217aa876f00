export * from './types.js';
export * from './keys.js';
export * from './labels.js';
export * from './planGraph.js';
export * from './planActions.js';
export * from './reasons.js';
export * from './estimate.js';
