export * from './mastodonCsv.js';
