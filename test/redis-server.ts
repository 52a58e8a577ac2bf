import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './helpers.js';

/** A real redis-server on loopback, nothing saved to disk; it can be stopped and started again on the same port. */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error("redis-server is not installed: `.ci/run` installs Debian's package (apt-get install redis-server)");
  }
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      await new Promise<void>((ready, failed) => {
        let out = '';
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) ready();
        });
        proc.once('exit', (code) => failed(new Error(`redis-server exited with ${code}: ${out}`)));
      });
    },
    stop: async () => {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      await new Promise((gone) => (proc.once('exit', gone), proc.kill('SIGKILL')));
    },
  };
  await server.start();
  return server;
}
