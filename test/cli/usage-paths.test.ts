/**
 * Usage mistakes are caught before any work, with exit 2 (issue 10 item 3): every path and option of
 * `import` is checked before the export is parsed or anything is asked of the network. `--csv` naming an
 * existing file used to fail at the very end with "failed unexpectedly: EEXIST ... This is a bug".
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SAMPLE = 'fixtures/twitter-sample.zip';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-usage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** --finders map with no map: even the code before this change asked nothing of the network. */
const run = (args: string[]) => runCli(['import', SAMPLE, '--dry-run', '--finders', 'map', '--state', join(dir, 'state'), ...args], {
  env: { XDG_CONFIG_HOME: join(dir, 'config') },
});

describe('import checks its paths before any work', () => {
  it('--csv naming an existing file: exit 2 at once, not "This is a bug" after resolving', async () => {
    const file = join(dir, 'taken.csv');
    await writeFile(file, 'x');
    const r = await run(['--csv', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--csv ${file} is a file, not a folder.`);
    expect(r.stderr).not.toMatch(/EEXIST|This is a bug|Reading the export|Finding/);
  });

  it('--csv inside a file: exit 2', async () => {
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    const r = await run(['--csv', join(file, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file, so no folder can be made there/);
  });

  it('--report naming a folder: exit 2', async () => {
    const folder = join(dir, 'report.html');
    await mkdir(folder, { recursive: true });
    const r = await run(['--report', folder]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--report ${folder} is a folder, not a file.`);
  });

  it('a missing --map file: exit 2 before the export is read', async () => {
    const r = await run(['--map', join(dir, 'no-such-map.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read the map file/);
    expect(r.stderr).not.toMatch(/Reading the export/);
  });

  it('a --map file without its header: exit 2 before the export is read', async () => {
    const map = join(dir, 'bad-map.csv');
    await writeFile(map, 'jack,jack@example.social\n');
    const r = await run(['--map', map]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no "source,handle" header line/);
    expect(r.stderr).not.toMatch(/Reading the export/);
  });

  it('a missing archive is named before a bad --csv is looked at, and before any work', async () => {
    const r = await runCli(['import', join(dir, 'nope.zip'), '--dry-run', '--csv', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.zip: no such file or folder/);
  });

  it('--to @me: exit 2, saying what a handle looks like', async () => {
    const r = await run(['--to', '@me']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to "@me" names no server');
    expect(r.stderr).toMatch(/A handle looks like @you@your\.server/);
  });

  it('a good --csv folder still works: the files are written', async () => {
    const out = join(dir, 'csv-out');
    const r = await run(['--csv', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(join(out, 'following_accounts.csv'));
  });
});
