import { describe, it, expect } from 'vitest';
import { listItems, readListedItem } from '../../../src/sources/meta/stringList.js';

describe('readListedItem', () => {
  it('reads the value shape', () => {
    const item = readListedItem({
      title: '', media_list_data: [],
      string_list_data: [{ href: 'https://www.instagram.com/jane', value: 'jane', timestamp: 1733433674 }],
    });
    expect(item).toMatchObject({ title: null, value: 'jane', href: 'https://www.instagram.com/jane', timestamp: '2024-12-05T21:21:14.000Z' });
  });

  it('reads the title + _u href shape', () => {
    const item = readListedItem({ title: 'jane', string_list_data: [{ href: 'https://www.instagram.com/_u/jane', timestamp: 1714239838 }] });
    expect(item).toMatchObject({ title: 'jane', value: null, href: 'https://www.instagram.com/_u/jane' });
    expect(item?.timestamp).toBe('2024-04-27T17:43:58.000Z');
  });

  it('reads the generic label_values shape', () => {
    const item = readListedItem({
      timestamp: 1751439108, media: [],
      label_values: [{ label: 'URL', value: 'http://example.com' }, { label: 'Name', value: 'Jane D' }, { label: 'Username', value: 'jane' }],
      fbid: '17841400000000000',
    });
    expect(item?.labels.get('Username')).toBe('jane');
    expect(item?.labels.get('Name')).toBe('Jane D');
    expect(item?.fbid).toBe('17841400000000000');
    expect(item?.timestamp).toBe('2025-07-02T06:51:48.000Z');
  });

  it('returns null for records with none of the fields', () => {
    expect(readListedItem({ foo: 1 })).toBeNull();
    expect(readListedItem('jane')).toBeNull();
    expect(readListedItem({ title: '', string_list_data: [] })).toBeNull();
  });
});

describe('listItems', () => {
  it('accepts a bare array, a keyed list, a single generic record, and null as an empty list', () => {
    expect(listItems([1, 2], ['k'])).toEqual([1, 2]);
    expect(listItems({ k: [1] }, ['x', 'k'])).toEqual([1]);
    expect(listItems({ k: null }, ['k'])).toEqual([]);
    const single = { timestamp: 1, label_values: [] };
    expect(listItems(single, ['k'])).toEqual([single]);
  });

  it('returns null for anything else', () => {
    expect(listItems({ other: [1] }, ['k'])).toBeNull();
    expect(listItems('text', ['k'])).toBeNull();
    expect(listItems(null, ['k'])).toBeNull();
  });
});
