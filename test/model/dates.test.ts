import { describe, it, expect } from 'vitest';
import { toIsoUtc } from '../../src/model/dates.js';

describe('toIsoUtc', () => {
  it('reads Twitter created_at with its offset', () => {
    expect(toIsoUtc('Tue Jan 31 09:01:52 +0000 2017')).toBe('2017-01-31T09:01:52.000Z');
    expect(toIsoUtc('Wed Oct 10 20:19:24 +0200 2018')).toBe('2018-10-10T18:19:24.000Z');
    expect(toIsoUtc('Wed Oct 10 01:19:24 -0530 2018')).toBe('2018-10-10T06:49:24.000Z');
    expect(toIsoUtc('Sat Jun 1 15:51:42 +0000 2019')).toBe('2019-06-01T15:51:42.000Z');
  });

  it('reads ISO 8601 with a zone, spaced forms and bare dates, taking zone-less times as UTC', () => {
    expect(toIsoUtc('2016-07-30T05:00:24.567Z')).toBe('2016-07-30T05:00:24.567Z');
    expect(toIsoUtc('2016-07-30T07:00:24+02:00')).toBe('2016-07-30T05:00:24.000Z');
    expect(toIsoUtc('2015-01-24 02:02:37 +0000')).toBe('2015-01-24T02:02:37.000Z');
    expect(toIsoUtc('2023-01-15 12:34:56 UTC')).toBe('2023-01-15T12:34:56.000Z');
    expect(toIsoUtc('2023-01-15 12:34:56')).toBe('2023-01-15T12:34:56.000Z');
    expect(toIsoUtc('2023-01-15T12:34')).toBe('2023-01-15T12:34:00.000Z');
    expect(toIsoUtc('2023-01-15')).toBe('2023-01-15T00:00:00.000Z');
    expect(toIsoUtc('  2023-01-15  ')).toBe('2023-01-15T00:00:00.000Z');
  });

  it('truncates sub-millisecond fractions instead of rounding into the next second', () => {
    expect(toIsoUtc('2023-01-15T12:34:56.123456Z')).toBe('2023-01-15T12:34:56.123Z');
    expect(toIsoUtc('2023-01-15T12:34:56.9999Z')).toBe('2023-01-15T12:34:56.999Z');
    expect(toIsoUtc('2023-01-15T12:34:56.5Z')).toBe('2023-01-15T12:34:56.500Z');
  });

  it('reads LinkedIn-style day month year, with or without a time', () => {
    expect(toIsoUtc('12 Mar 2024')).toBe('2024-03-12T00:00:00.000Z');
    expect(toIsoUtc('1 September 2021 08:05')).toBe('2021-09-01T08:05:00.000Z');
  });

  it('reads epoch seconds and milliseconds, as numbers or strings', () => {
    expect(toIsoUtc(1700000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(toIsoUtc(1700000000123)).toBe('2023-11-14T22:13:20.123Z');
    expect(toIsoUtc('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIsoUtc(1700000000.5)).toBe('2023-11-14T22:13:20.500Z');
  });

  it('gives null for absent or impossible dates, never a made-up one', () => {
    for (const bad of [null, undefined, '', '   ', 'yesterday', 0, -5, Number.NaN, Infinity, {}, [], true,
      '2023-02-31', '2023-13-01', 'Fri Feb 31 10:00:00 +0000 2023', '2023-01-15 25:00:00', '2023-01-15T12:61:00Z',
      'Tue Foo 31 09:01:52 +0000 2017', '31 Feb 2023', '2023-01-15 12:00:00 +99:99x', 1e20]) {
      expect(toIsoUtc(bad), String(bad)).toBeNull();
    }
  });
});
