// The browser test of a workshop spread over several instances (run by
// `make cluster-test`): three release servers on one PostgreSQL database behind
// HAProxy with deploy/haproxy.cfg, started by cluster-setup.mjs.
import { defineConfig } from '@playwright/test';
import { chromium } from './chromium.mjs';

const proxyPort = process.env.SEAMS_CLUSTER_PROXY_PORT ?? '3290';

export default defineConfig({
  testDir: './cluster',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './cluster-setup.mjs',
  use: {
    baseURL: `http://127.0.0.1:${proxyPort}`,
    ...chromium,
  },
});
