import { loadConfig } from '../config.js';
import { loadCorpus } from '../corpus/articles.js';
import { NoArticlesError } from '../errors.js';
import { splitCorpus } from '../corpus/sentences.js';
import { loadEmbedder } from '../embeddings/embedder.js';
import { ensureIndex } from '../index/store.js';
import { withIndexLock } from '../index/lock.js';
import { progressReporter } from './progress.js';
import { runCli } from './open.js';

runCli(async () => {
  const config = loadConfig();
  const embedder = await loadEmbedder(config);
  // Under the index's lock (the model loaded before, as Engine.open does): a running bot or `npm run add` writing
  // meanwhile is waited for.
  const { manifest, built } = await withIndexLock(config.embeddingsDir, async () => {
    const corpus = await loadCorpus(config.seedsDir);
    for (const w of corpus.warnings) process.stderr.write(`warning: ${w}\n`);
    if (!corpus.articles.length) throw new NoArticlesError(`no readable articles in ${config.seedsDir}`, config.seedsDir);
    return ensureIndex(config.embeddingsDir, { articles: corpus.articles, ...splitCorpus(corpus.articles) }, embedder, {
      force: process.argv.includes('--force'),
      progress: progressReporter('ingest'),
    });
  });
  const c = manifest.counts;
  process.stderr.write(
    `${built ? 'index built' : 'index is up to date, nothing to do'}: ${c.articles} articles, ${c.passages} passages, ` +
      `${c.sentences} sentences, model ${manifest.model.id} (${manifest.model.dims}d)\n`,
  );
});
