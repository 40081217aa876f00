export * from './events.js';
export * from './fingerprint.js';
export * from './journal.js';
export * from './lock.js';
