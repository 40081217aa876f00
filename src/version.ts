/** The package version, read once from the package's package.json. */
import { readFileSync } from 'node:fs';
import { packageFile } from './packageFile.js';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
export const VERSION: string = pkg.version;
