import { loadConfig } from '../config.js';
import { loadCorpus } from '../corpus/articles.js';
import { splitArticle } from '../passages/split.js';
import { loadEmbedder } from '../embeddings/embedder.js';
import { buildIndex, corpusHash, staleReason } from '../index/store.js';
import { progressReporter } from './progress.js';
import { runCli } from './open.js';

runCli(async () => {
  const config = loadConfig();
  const force = process.argv.includes('--force');
  const corpus = loadCorpus(config.seedsDir);
  for (const w of corpus.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!corpus.articles.length) throw new Error(`no readable articles in ${config.seedsDir}`);
  const embedder = await loadEmbedder(config);
  const stale = staleReason(config.embeddingsDir, corpusHash(corpus.articles), embedder);
  if (!stale && !force) {
    process.stderr.write(`index is up to date (${corpus.articles.length} articles, model ${embedder.id}); nothing to do\n`);
    return;
  }
  const splits = corpus.articles.map(splitArticle);
  const manifest = await buildIndex(
    config.embeddingsDir,
    { articles: corpus.articles, passages: splits.flatMap((s) => s.passages), sentences: splits.flatMap((s) => s.sentences) },
    embedder,
    progressReporter('ingest'),
  );
  const c = manifest.counts;
  process.stderr.write(
    `index built: ${c.articles} articles, ${c.passages} passages, ${c.sentences} sentences, model ${manifest.model.id} (${manifest.model.dims}d)\n`,
  );
});
