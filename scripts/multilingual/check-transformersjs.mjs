// transformers.js's view of the trimmed model, for check.py: the ids its tokenizer gives each text and the vector
// (mean pooling, normalised) of each, read from the model folder with no network, as src/embeddings loads models.
//   node scripts/multilingual/check-transformersjs.mjs MODEL_DIR TEXTS_JSON OUT_JSON
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { env, pipeline } from '@xenova/transformers';

const [modelDir, textsFile, outFile] = process.argv.slice(2);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${dirname(resolve(modelDir))}/`;
const extractor = await pipeline('feature-extraction', basename(resolve(modelDir)), { quantized: true });
const items = JSON.parse(readFileSync(textsFile, 'utf8'));
const out = [];
for (const { input } of items) {
  const ids = [...extractor.tokenizer(input).input_ids.data].map(Number);
  const vector = [...(await extractor(input, { pooling: 'mean', normalize: true })).data];
  out.push({ ids, vector });
}
writeFileSync(outFile, JSON.stringify(out));
console.log(`transformers.js: ${out.length} texts`);
