// Starts the cluster the browser test runs against: a fresh database on the
// PostgreSQL that SEAMS_TEST_POSTGRES_URL names, three `seams serve` on it and
// HAProxy in front with deploy/haproxy.cfg (its addresses replaced, and a
// response header naming the instance that answered, so the test can see its
// requests spread). The instances' process ids reach the test as
// SEAMS_CLUSTER_PIDS; the returned function stops everything and, like
// server-log-check.mjs, fails the run when an instance logged an error or a
// panic (its logs are then kept, and named).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

async function ready(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready within ${seconds} s`);
}

export default async function startCluster(config) {
  const admin = process.env.SEAMS_TEST_POSTGRES_URL;
  if (!admin) throw new Error('SEAMS_TEST_POSTGRES_URL must name a PostgreSQL where databases may be created');
  const database = `seams_it_e2e_cluster_${process.pid}_${Date.now()}`;
  execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${database}`]);
  const databaseUrl = `${admin.slice(0, admin.lastIndexOf('/'))}/${database}`;

  const dir = mkdtempSync(join(tmpdir(), 'seams-e2e-cluster-'));
  const bin = process.env.SEAMS_BIN ?? join(ROOT, 'target/release/seams');
  const proxyPort = Number(new URL(config.projects[0].use.baseURL).port);
  const ports = [1, 2, 3].map((n) => proxyPort - 80 + n);
  const instances = ports.map((port, n) =>
    spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SEAMS_CLIENT_ADDRESS_HEADER: 'X-Forwarded-For',
        SEAMS_DRAIN_SECONDS: '2',
        SEAMS_SITE_ROOT: process.env.SEAMS_SITE_ROOT ?? join(ROOT, 'target/site'),
        SEAMS_DATA_DIR: join(dir, `instance${n + 1}`),
        SEAMS_SIGN_UPS_PER_HOUR: '100000',
        RUST_LOG: 'warn',
      },
      stdio: ['ignore', 'ignore', openSync(join(dir, `instance${n + 1}.log`), 'w')],
    }),
  );
  const haproxyConfig = readFileSync(join(ROOT, 'deploy/haproxy.cfg'), 'utf8')
    .replace('127.0.0.1:3080', `127.0.0.1:${proxyPort}`)
    .replace('127.0.0.1:3001', `127.0.0.1:${ports[0]}`)
    .replace('127.0.0.1:3002', `127.0.0.1:${ports[1]}`)
    .replace('127.0.0.1:3003', `127.0.0.1:${ports[2]}`)
    .replace('backend instances\n', 'backend instances\n    http-response set-header X-Seams-Instance %s\n');
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig);
  const proxy = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], {
    stdio: ['ignore', 'ignore', openSync(join(dir, 'haproxy.log'), 'w')],
  });

  const stop = async () => {
    for (const child of [...instances, proxy]) child.kill('SIGKILL');
    try {
      execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    } catch {
      // .ci/run drops every seams_it_ database after the run anyway
    }
  };
  try {
    for (const port of ports) await ready(`http://127.0.0.1:${port}/readyz`, 60);
    await ready(`http://127.0.0.1:${proxyPort}/readyz`, 30);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}; the logs are in ${dir}`);
  }
  process.env.SEAMS_CLUSTER_PIDS = instances.map((child) => child.pid).join(',');
  process.env.SEAMS_CLUSTER_LOGS = dir;
  return async () => {
    await stop();
    const errors = ports.flatMap((_, n) =>
      readFileSync(join(dir, `instance${n + 1}.log`), 'utf8')
        .split('\n')
        .map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))
        .filter((line) => /\bERROR\b|panicked at/.test(line))
        .map((line) => `instance${n + 1}: ${line}`),
    );
    if (errors.length > 0) {
      throw new Error(`the instances logged ${errors.length} error(s) or panic(s) (logs kept in ${dir}):\n${errors.join('\n')}`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
