/** The LinkedIn module on a real September 2022 export (samples/real-exports/linkedin-2022-09, as it is). */
import { describe, it, expect } from 'vitest';
import { mergeParsed } from '../../../src/model/merge.js';
import { cleanCommentary } from '../../../src/sources/linkedin/shares.js';
import { linkedinSource } from '../../../src/sources/linkedin/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
import { detectAndParse, realExportFiles } from '../helpers.js';

async function parseReal() {
  const parsed = await detectAndParse(linkedinSource, memoryArchive(realExportFiles('linkedin-2022-09'), 'Complete_LinkedInDataExport_09-12-2022.zip'));
  expect(modelSchemaErrors(mergeParsed([parsed.result]))).toEqual([]);
  return parsed;
}

describe('linkedin-2022-09 Shares.csv (real)', () => {
  it('makes one post per share: repeated rows once, one row per image as one post with every image', async () => {
    const { result } = await parseReal();
    const ids = result.posts.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 38 rows, 28 shares: nine copies of one, two of another, two rows (two images) of a third; two are empty.
    expect(result.posts).toHaveLength(26);
    expect(result.posts.find((p) => p.id === 'urn:li:share:6614438244723589120')).toBeDefined();
    const twoImages = result.posts.find((p) => p.id === 'urn:li:share:6665859123923550208')!;
    expect(twoImages.media).toEqual([
      { path: null, type: 'image', alt: null, archive: null },
      { path: null, type: 'image', alt: null, archive: null },
    ]);
    expect(twoImages.links).toContain('https://www.thestar.com.my/opinion/letters/2020/05/12/reach-out-and-help-to-make-others-feel-better?fbclid=IwAR30m1GnU4zt6K-5_mGznRBByb71ZKg4-IopQ8zDOy6n2M6WoxC39KB4bZ8');
  });

  it('drops the quotes LinkedIn wraps around each line, and the CRs', async () => {
    const { result } = await parseReal();
    const first = result.posts.find((p) => p.id === 'urn:li:share:6973492690202112000')!;
    expect(first.text).toBe([
      "It's always super interesting to carry out explanatory data analysis on issues that matter to me the most, especially in regards to home demolishments in Palestine.",
      '',
      'In my recent project, I performed EDA on a dataset on Forced Home Demolitions in Palestine from the years 2004-2021.',
      '',
      'I also used Logistic Regression, a supervised learning classification model (for categorical variables) that works best on small datasets. I trained the model to predict the area of demolishments.',
      '',
      'Link to project on my github:',
      '',
      'https://lnkd.in/guS9z9Rh',
      '',
      '#dataanalysis #eda #datascience #classification #logisticregression',
    ].join('\n'));
    expect(first.hashtags).toEqual(['dataanalysis', 'eda', 'datascience', 'classification', 'logisticregression']);
    expect(first.links).toEqual(['https://lnkd.in/guS9z9Rh']);
    for (const post of result.posts) {
      expect(post.text).not.toMatch(/\r/);
      expect(post.text).not.toMatch(/(^|\n)"|"($|\n)/);
    }
    // A quote inside a line is the author's and stays.
    expect(result.posts.find((p) => p.id === 'urn:li:share:6969031096520892416')!.text).toContain('returning a "best fit" hyperplane');
  });

  it('leaves out a share with no text, link or media, and says so', async () => {
    const { result, warnings } = await parseReal();
    expect(result.posts.find((p) => p.id === 'urn:li:share:6958800758003703810')).toBeUndefined();
    expect(result.posts.every((p) => p.text !== '' || p.links.length > 0 || p.media.length > 0 || p.repostOfUrl !== null)).toBe(true);
    expect(warnings.map((w) => w.message)).toContain('2 share(s) in Shares.csv have no text, link or media; left out.');
  });
});

describe('cleanCommentary', () => {
  it('leaves a text alone unless every line shows the wrapping', () => {
    expect(cleanCommentary('one line "quoted"')).toBe('one line "quoted"');
    expect(cleanCommentary('He said "hi"\r\nand left')).toBe('He said "hi"\nand left');
    expect(cleanCommentary('first"\r\n""\r\n"second')).toBe('first\n\nsecond');
    expect(cleanCommentary('')).toBe('');
  });
});
