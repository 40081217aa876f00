import { describe, expect, it } from 'vitest';
import { readStatus } from '../../../src/destinations/mastodon/entities.js';

/** A status as snac 2.75 answers it (observed): the text unescaped inside `content`, the source in `text`. */
const snacStatus = {
  id: '1796443811750085f837df00efdf65cd2b0f6ce8fa',
  created_at: '2026-12-05T04:10:11.000Z',
  in_reply_to_id: '17964437862f9d976da1791d1f3fa9005d4292a1df',
  content: 'Crash two: if a < b and b > c, then this one was held.<br>',
  text: 'Crash two: if a < b and b > c, then this one was held.',
  visibility: 'public',
  media_attachments: [],
};

describe('readStatus', () => {
  it('takes the plain-text source where the server gives it: snac leaves `<` and `>` unescaped in its HTML', () => {
    expect(readStatus(snacStatus)?.text).toBe('Crash two: if a < b and b > c, then this one was held.');
    // What the HTML alone would have given: the middle read as a tag and lost.
    expect(readStatus({ ...snacStatus, text: undefined })?.text).toBe('Crash two: if a  c, then this one was held.');
  });

  it('reads the HTML content where there is no source (Mastodon), or an empty one', () => {
    const mastodon = { ...snacStatus, content: '<p>if a &lt; b and b &gt; c</p><p>next<br>line</p>', text: undefined };
    expect(readStatus(mastodon)?.text).toBe('if a < b and b > c\n\nnext\nline');
    expect(readStatus({ ...mastodon, text: null })?.text).toBe('if a < b and b > c\n\nnext\nline');
    expect(readStatus({ ...mastodon, text: '' })?.text).toBe('if a < b and b > c\n\nnext\nline');
  });
});
