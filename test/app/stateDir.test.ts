import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateDir } from '../../src/app/stateDir.js';

describe('stateDir', () => {
  it('uses --state (relative to cwd), then an absolute XDG_STATE_HOME, then ~/.local/state', () => {
    expect(stateDir('st', {}, '/work', '/home/u')).toBe(join('/work', 'st'));
    expect(stateDir(null, { XDG_STATE_HOME: '/x/state' }, '/work', '/home/u')).toBe('/x/state/leave-platform');
    expect(stateDir(null, { XDG_STATE_HOME: 'relative' }, '/work', '/home/u')).toBe('/home/u/.local/state/leave-platform');
    expect(stateDir(null, {}, '/work', '/home/u')).toBe('/home/u/.local/state/leave-platform');
  });
});
