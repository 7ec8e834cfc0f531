// Browser tests run against a freshly started release server with a throw-away
// database. Browsers are never downloaded: Debian's Chromium is used.
import { defineConfig } from '@playwright/test';
import { chromium } from './chromium.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = process.env.SEAMS_E2E_PORT ?? '3199';
const baseURL = `http://127.0.0.1:${port}`;
// The server's data folder and its log, checked after the run and then removed by
// server-log-check.mjs. Made once by the main process; the test workers, which load
// this file too, inherit both.
if (!process.env.SEAMS_E2E_DATA_DIR) {
  process.env.SEAMS_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'seams-e2e-'));
  process.env.SEAMS_E2E_DATA_DIR_MADE = '1';
}
const dataDir = process.env.SEAMS_E2E_DATA_DIR;
const bin = process.env.SEAMS_BIN ?? '../target/release/seams';
const serverLog = (process.env.SEAMS_E2E_SERVER_LOG ??= join(dataDir, 'server.log'));

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalTeardown: './server-log-check.mjs',
  use: {
    baseURL,
    ...chromium,
  },
  webServer: {
    // The log (stderr) goes to the console and to the file; stdout is dropped.
    command: `"${bin}" serve --addr 127.0.0.1:${port} --data-dir "${dataDir}" 2>&1 >/dev/null | tee -a "${serverLog}" >&2`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      SEAMS_SITE_ROOT: process.env.SEAMS_SITE_ROOT ?? '../target/site',
      RUST_LOG: process.env.SEAMS_E2E_LOG ?? 'warn',
      SEAMS_METRICS_TOKEN: 'e2e-metrics',
      // Every test signs people up from this one address.
      SEAMS_SIGN_UPS_PER_HOUR: '100000',
    },
  },
});
