// `npm run build` (and before `npm start`): transpiles src/ to dist/ so production runs plain `node dist/main.js`.
// esbuild only strips types, file by file (type-checking is `npm run typecheck`, in CI); it takes a fraction of a
// second, so `npm start` always runs the current source, and it is a runtime dependency, so an
// `npm ci --omit=dev` install can build too. JSON files under src/ (the fitted model) are copied beside the code
// that reads them.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

process.chdir(join(import.meta.dirname, '..'));
const files = readdirSync('src', { recursive: true, encoding: 'utf8' });
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => join('src', f)),
  outdir: 'dist',
  outbase: 'src',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
for (const f of files.filter((f) => f.endsWith('.json'))) cpSync(join('src', f), join('dist', f));
