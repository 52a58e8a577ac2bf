// Run from a folder laid out as the container image (package.json, node_modules, dist, models, seeds, an empty
// embeddings/): the image's CMD against the mock Bot API, with the image's HEALTH_PORT and HEALTHCHECK command.
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

const { MockBotApi } = await import(pathToFileURL('dist/mock/server.js').href);
// A free loopback port (other runs may share this machine).
const HEALTH_PORT = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(String(port)));
  });
});
const env = { ...process.env, HEALTH_PORT, LOG_LEVEL: 'info', NODE_ENV: 'production' };
const fail = (why) => {
  console.error(`production: ${why}\n${out}`);
  process.exit(1);
};
const healthy = () => promisify(execFile)(process.execPath, ['dist/cli/healthcheck.js'], { env }).then(() => true, () => false);

const mock = await new MockBotApi().start();
let out = '';
const bot = spawn(process.execPath, ['dist/main.js'], { env: { ...env, TELEGRAM_BOT_TOKEN: mock.token, TELEGRAM_API_ROOT: mock.apiRoot } });
bot.stdout.on('data', (d) => (out += d));
bot.stderr.on('data', (d) => (out += d));
const exited = new Promise((resolve) => bot.on('close', resolve));
try {
  const started = Date.now();
  while (!(await healthy())) {
    if (Date.now() - started > 60_000) fail('the HEALTHCHECK command never passed');
    await new Promise((r) => setTimeout(r, 500));
  }
  mock.userSays('What did Vance sign in Baku?', { userId: 4242 });
  const [reply] = await mock.repliesTo(4242, 1, 20_000);
  if (!reply.text.includes('strategic partnership agreement')) fail(`unexpected reply: ${reply.text}`);
  const metrics = await (await fetch(`http://127.0.0.1:${HEALTH_PORT}/metrics`)).text();
  if (!/^trip_bot_answers_total\{result="answered"\} 1$/m.test(metrics)) fail('/metrics did not count the answer');
  bot.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) fail(`node dist/main.js exited with ${code} on SIGTERM`);
  if (out.includes(mock.token)) fail('the token was printed');
  console.log(`production: the image layout (node dist/main.js) passed its HEALTHCHECK, answered, counted it in /metrics and stopped on SIGTERM, as uid ${process.getuid()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  bot.kill('SIGKILL');
  await mock.stop();
}
