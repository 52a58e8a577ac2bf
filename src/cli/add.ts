import { loadConfig } from '../config.js';
import { loadEmbedder } from '../embeddings/embedder.js';
import { dateText, paragraphCount, publisherOf } from '../answer/provenance.js';
import { addArticle, articleSource } from '../sources/add.js';
import { FETCH_DEFAULTS } from '../sources/fetch.js';
import { runCli } from './open.js';

/** `npm run add -- <url|file>`: one article into seeds/ and the index; a running bot picks it up by itself. */
runCli(async () => {
  const source = process.argv[2];
  if (!source || process.argv.length > 3) throw new Error('usage: npm run add -- <http(s) URL | .html, .md or .txt file>');
  const config = loadConfig();
  const embedder = await loadEmbedder(config);
  const added = await addArticle(articleSource(source), {
    seedsDir: config.seedsDir,
    embeddingsDir: config.embeddingsDir,
    embedder,
    fetch: { ...FETCH_DEFAULTS, allowPrivate: config.allowPrivateUrls },
  });
  const { article } = added;
  const stated = [publisherOf(article), dateText(article) ?? 'date not stated'].filter(Boolean).join(', ');
  process.stdout.write(
    `added [${added.number}] ${article.title} (${stated})${article.url ? ` ${article.url}` : ''}\n` +
      `  seeds/${article.file}: ${paragraphCount(article)}, ${added.sentences} sentences; index ${added.index}\n`,
  );
}, 'could not add the article');
