import { firstLine, loadModel, ModelLoadError, type ModelPlace } from '../embeddings/models.js';

/**
 * The second stage: a cross-encoder that reads the question and one candidate sentence together and gives a logit
 * for "this sentence states the answer". Fine-tuned here on the train split's candidates (scripts/reader/train.py)
 * and committed under models/ with its provenance (models/trip-reader/README.md).
 */
export interface Reader {
  id: string;
  /** One logit per sentence, in the order given. */
  score(question: string, sentences: string[]): Promise<number[]>;
}

/** The reader committed under models/ (npm run build:reader). */
export const SHIPPED_READER = 'trip-reader';

type Tokenizer = (texts: string[], opts: { text_pair: string[]; padding: boolean; truncation: boolean }) => Record<string, unknown>;
type Classifier = (inputs: Record<string, unknown>) => Promise<{ logits: { data: Float32Array } }>;

/** Loads the shipped reader from the models folder; never from the network. */
export async function loadReader(place: ModelPlace, name = SHIPPED_READER): Promise<Reader> {
  try {
    const [tokenizer, model] = await loadModel(place, false, (t) =>
      Promise.all([t.AutoTokenizer.from_pretrained(name), t.AutoModelForSequenceClassification.from_pretrained(name, { quantized: true })]),
    );
    const tokenize = tokenizer as unknown as Tokenizer;
    const classify = model as unknown as Classifier;
    return {
      id: name,
      // One pair at a time: int8 activations are scaled over a whole batch, so in a batch a sentence's logit moved
      // with its neighbours' (by up to 2.4); alone it is its own, and with no padding a little faster (55 ms for
      // five against 65 ms as one batch, measured here).
      async score(question, sentences) {
        const out: number[] = [];
        for (const sentence of sentences) {
          const inputs = tokenize([question], { text_pair: [sentence], padding: false, truncation: true });
          out.push((await classify(inputs)).logits.data[0]);
        }
        return out;
      },
    };
  } catch (e) {
    throw new ModelLoadError(`Could not load the reader "${name}" from ${place.modelsDir}: ${firstLine(e)}. Restore models/${name} from the repository or run npm run build:reader.`);
  }
}
