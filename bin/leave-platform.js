#!/usr/bin/env node
// Thin shim: the CLI lives in the compiled dist/ (built by `npm run build`, run by `prepare` on install).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
