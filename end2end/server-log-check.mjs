// After the browser tests: fails the run when the server logged an error or a
// panic while they ran. A server-side failure that the pages happened to
// survive (a request handled after its context was gone, say) is still a failure.
// The server's data folder is removed when the log is clean, kept for reading
// when it is not.
import { existsSync, readFileSync, rmSync } from 'node:fs';

export default function checkServerLog() {
  const path = process.env.SEAMS_E2E_SERVER_LOG;
  if (!path || !existsSync(path)) {
    throw new Error(`the server log ${path ?? '(not set)'} is missing: was the test server started?`);
  }
  const errors = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))
    .filter((line) => /\bERROR\b|panicked at/.test(line));
  if (errors.length > 0) {
    throw new Error(`the server logged ${errors.length} error(s) or panic(s) during the browser tests (its data is kept in ${process.env.SEAMS_E2E_DATA_DIR}):\n${errors.join('\n')}`);
  }
  // Only the folder playwright.config.mjs made (never one a user named).
  if (process.env.SEAMS_E2E_DATA_DIR_MADE === '1') {
    rmSync(process.env.SEAMS_E2E_DATA_DIR, { recursive: true, force: true });
  }
}
