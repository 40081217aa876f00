export * from './types.js';
export * from './buildReport.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export * from './writeReport.js';
