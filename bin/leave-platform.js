#!/usr/bin/env node
// Thin shim: the CLI is dist/leave-platform.js, built by `npm run build` (tsc, then one bundle: see
// scripts/bundle.mjs), which `prepare` runs on install from a clone.
import { main } from '../dist/leave-platform.js';

process.exitCode = await main(process.argv);
