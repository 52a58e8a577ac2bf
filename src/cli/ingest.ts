import { loadConfig } from '../config.js';
import { loadEmbedder } from '../embeddings/embedder.js';
import { openArticles } from '../engine/open.js';
import { progressReporter } from './progress.js';
import { runCli } from './open.js';

runCli(async () => {
  const config = loadConfig();
  // The model loaded before the index's lock is taken, as Engine.open does: a running bot or `npm run add`
  // writing meanwhile is waited for only while the index is brought up to date.
  const embedder = await loadEmbedder(config);
  const { index } = await openArticles(
    {
      ...config,
      // skipped seed files and what is done to the index, as `ask` shows them (cli/open.ts)
      log: (line) => process.stderr.write(`${line}\n`),
      force: process.argv.includes('--force'),
      progress: progressReporter('ingest'),
    },
    embedder,
  );
  const c = index.manifest.counts;
  process.stderr.write(
    `${index.built ? 'index built' : 'index is up to date, nothing to do'}: ${c.articles} articles, ${c.passages} passages, ` +
      `${c.sentences} sentences, model ${index.manifest.model.id} (${index.manifest.model.dims}d)\n`,
  );
});
