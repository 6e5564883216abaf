/**
 * A throwaway ClickHouse server for tests and benches: loopback only, free ports, its own
 * config, users and data under os.tmpdir(). Never touches the system instance (/etc, /var/lib).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ClickHouseServer {
  /** http://127.0.0.1:PORT */
  url: string;
  httpPort: number;
  tcpPort: number;
  dir: string;
  /** A non-default user with a generated password, for clients that authenticate. */
  user: string;
  key: string;
  /** SIGTERM, then SIGKILL; removes `dir` unless KEEP_CLICKHOUSE is set or `keep` is asked for. */
  stop(opts?: { keep?: boolean }): Promise<void>;
  /** Starts again after stop({ keep: true }): same ports, same data. */
  start(): Promise<void>;
  /** POSTs `sql` as the default user; throws with ClickHouse's message on a non-200 answer. */
  query(sql: string): Promise<string>;
}

export interface ClusterSpec {
  name: string;
  shards: { host: string; tcpPort: number }[];
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** The server binary: CLICKHOUSE_SERVER, clickhouse-server on PATH, or Debian's /usr/sbin one. */
export function clickhouseBinary(): string | undefined {
  const fromEnv = process.env.CLICKHOUSE_SERVER;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'clickhouse-server'))) return join(dir, 'clickhouse-server');
  }
  return existsSync('/usr/sbin/clickhouse-server') ? '/usr/sbin/clickhouse-server' : undefined;
}

export function clickhouseAvailable(): boolean {
  return clickhouseBinary() !== undefined;
}

/** A port the kernel just handed out on 127.0.0.1 (free now; the server binds it moments later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function configXml(dir: string, httpPort: number, tcpPort: number, cluster?: ClusterSpec): string {
  const p = (sub: string) => escapeXml(join(dir, sub));
  const remote = cluster
    ? `  <remote_servers>
    <${cluster.name}>
${cluster.shards
  .map(
    (s) =>
      `      <shard><replica><host>${escapeXml(s.host)}</host><port>${s.tcpPort}</port></replica></shard>`,
  )
  .join('\n')}
    </${cluster.name}>
  </remote_servers>
`
    : '';
  // No interserver_http_port, https or secure TCP port: only the two ports asked for are opened.
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <log>${p('server.log')}</log>
    <errorlog>${p('server.err.log')}</errorlog>
    <size>100M</size>
    <count>1</count>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>50</max_concurrent_queries>
  <uncompressed_cache_size>134217728</uncompressed_cache_size>
  <mark_cache_size>134217728</mark_cache_size>
  <path>${p('data/')}</path>
  <tmp_path>${p('tmp/')}</tmp_path>
  <user_files_path>${p('user_files/')}</user_files_path>
  <format_schema_path>${p('format_schemas/')}</format_schema_path>
  <users_config>${p('users.xml')}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
${remote}</yandex>
`;
}

function usersXml(user: string, key: string): string {
  const loopback = '<networks><ip>127.0.0.1</ip><ip>::1</ip></networks>';
  const quota = `<interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>`;
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <load_balancing>in_order</load_balancing>
    </default>
    <${user}>
      <max_memory_usage>1000000000</max_memory_usage>
      <max_execution_time>30</max_execution_time>
      <load_balancing>in_order</load_balancing>
    </${user}>
  </profiles>
  <users>
    <default>
      <password></password>
      ${loopback}
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <${user}>
      <password>${escapeXml(key)}</password>
      ${loopback}
      <profile>${user}</profile>
      <quota>${user}</quota>
    </${user}>
  </users>
  <quotas>
    <default>${quota}</default>
    <${user}>${quota}</${user}>
  </quotas>
</yandex>
`;
}

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Live servers and their directories, killed and removed if this process exits without stop(). */
const running = new Map<ChildProcess, string>();
const leftDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dir] of running) {
      child.kill('SIGKILL');
      leftDirs.add(dir);
    }
    if (!process.env.KEEP_CLICKHOUSE)
      for (const dir of leftDirs) rmSync(dir, { recursive: true, force: true });
  });
  // A signal's default action skips 'exit' handlers: exit instead, as the signal would have.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => process.exit(code));
}

/** The command line: under setpriv, the server is also killed if this process dies abruptly. */
function command(binary: string, config: string): [string, string[]] {
  const args = [`--config-file=${config}`];
  if (process.platform === 'linux' && existsSync('/usr/bin/setpriv'))
    return ['/usr/bin/setpriv', ['--pdeathsig', 'SIGKILL', binary, ...args]];
  return [binary, args];
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return res.status === 200 && (await res.text()).trim() === 'Ok.';
  } catch {
    return false;
  }
}

async function launch(binary: string, dir: string, url: string): Promise<ChildProcess> {
  const [cmd, args] = command(binary, join(dir, 'config.xml'));
  const out = join(dir, 'stdout.log');
  writeFileSync(out, '');
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => chunks.push(b));
  child.stderr?.on('data', (b: Buffer) => chunks.push(b));
  child.once('exit', () => writeFileSync(out, Buffer.concat(chunks)));
  running.set(child, dir);
  child.once('exit', () => running.delete(child));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await ping(url)) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  const died = child.exitCode !== null || child.signalCode !== null;
  child.kill('SIGKILL');
  await exited(child);
  const log = [tail(join(dir, 'server.err.log')), tail(out)].filter(Boolean).join('\n');
  throw new Error(
    `clickhouse-server ${died ? `exited (${child.exitCode ?? child.signalCode})` : 'did not answer /ping'} in ${dir}:\n${log}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
}

async function postQuery(url: string, sql: string): Promise<string> {
  const post = () => fetch(`${url}/`, { method: 'POST', body: sql });
  // The server closes idle kept-alive connections after 3 s: one retry on a fresh one.
  const res = await post().catch(() => new Promise<void>((r) => setTimeout(r, 250)).then(post));
  const text = await res.text();
  if (res.status !== 200) throw new Error(`ClickHouse ${res.status}: ${text.trim()}`);
  return text;
}

export async function startClickHouse(
  opts: { cluster?: ClusterSpec; tcpPort?: number; httpPort?: number } = {},
): Promise<ClickHouseServer> {
  const binary = clickhouseBinary();
  if (!binary) throw new Error('clickhouse-server not found (set CLICKHOUSE_SERVER)');
  installExitHook();
  const user = 'centre';
  const key = randomBytes(18).toString('base64url');
  const fixedPorts = opts.httpPort !== undefined && opts.tcpPort !== undefined;
  // A port found free may be taken before the server binds it: a few tries with fresh ones.
  for (let attempt = 1; ; attempt++) {
    const httpPort = opts.httpPort ?? (await freePort());
    const tcpPort = opts.tcpPort ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'clickhouse-'));
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'config.xml'), configXml(dir, httpPort, tcpPort, opts.cluster));
    writeFileSync(join(dir, 'users.xml'), usersXml(user, key));
    const url = `http://127.0.0.1:${httpPort}`;
    let child: ChildProcess;
    try {
      child = await launch(binary, dir, url);
    } catch (err) {
      const busy = /Address already in use|bind/i.test(String(err));
      if (!process.env.KEEP_CLICKHOUSE) rmSync(dir, { recursive: true, force: true });
      if (busy && !fixedPorts && attempt < 3) continue;
      throw err;
    }
    let current: ChildProcess | undefined = child;
    const server: ClickHouseServer = {
      url,
      httpPort,
      tcpPort,
      dir,
      user,
      key,
      async stop(stopOpts = {}) {
        if (current) await stopChild(current);
        current = undefined;
        if (stopOpts.keep || process.env.KEEP_CLICKHOUSE) leftDirs.add(dir);
        else rmSync(dir, { recursive: true, force: true });
      },
      async start() {
        if (current) return;
        if (!existsSync(join(dir, 'config.xml')))
          throw new Error(`${dir} was removed on stop: stop({ keep: true }) to restart`);
        current = await launch(binary, dir, url);
        leftDirs.delete(dir);
      },
      query: (sql) => postQuery(url, sql),
    };
    return server;
  }
}

/** Two servers, each with the cluster `pair` of two shards (a, then b; one replica each). */
export async function startClickHousePair(): Promise<{
  a: ClickHouseServer;
  b: ClickHouseServer;
  cluster: string;
}> {
  const name = 'pair';
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const [aHttp, aTcp, bHttp, bTcp] = ports as [number, number, number, number];
  const cluster: ClusterSpec = {
    name,
    shards: [
      { host: '127.0.0.1', tcpPort: aTcp },
      { host: '127.0.0.1', tcpPort: bTcp },
    ],
  };
  const started = await Promise.allSettled([
    startClickHouse({ cluster, httpPort: aHttp, tcpPort: aTcp }),
    startClickHouse({ cluster, httpPort: bHttp, tcpPort: bTcp }),
  ]);
  const [a, b] = started;
  if (a.status === 'fulfilled' && b.status === 'fulfilled')
    return { a: a.value, b: b.value, cluster: name };
  for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
  throw started.find((s) => s.status === 'rejected')?.reason;
}
