/** postLanguage: only codes a server takes are sent; Twitter's pseudo-languages send none. */
import { describe, expect, it } from 'vitest';
import { postLanguage } from '../../../src/plan/posts/language.js';

describe('postLanguage', () => {
  it.each([
    ['en', 'en'], ['DE', 'de'], ['pt-BR', 'pt'], ['zh_Hant', 'zh'],
    ['und', null], ['zxx', null], ['qme', null], ['qht', null], ['', null], [null, null], ['english', null],
  ])('%s → %s', (code, expected) => {
    expect(postLanguage(code)).toBe(expected);
  });
});
