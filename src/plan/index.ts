export * from './types.js';
export * from './keys.js';
export * from './labels.js';
export * from './planActions.js';
export * from './estimate.js';
