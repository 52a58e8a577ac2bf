"""Shared by the encoder scripts: the dump's splits, tokenising, mean pooling, encoding with torch or onnxruntime, and
the re-ranking metric the epoch is chosen by. One thread everywhere: the machine is shared, and one thread keeps a
re-run's arithmetic in the same order."""
import json
import random

import numpy as np
import torch
from tokenizers import Tokenizer

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

QP, PP = 'query: ', 'passage: '  # e5's prefixes (models/*/encoder.json)
# The written articles' writers per split, as scripts/questions.ts has them: trained on train, chosen on validation.
TRAIN_W = {'wA', 'wB', 'wD', 'wG', 'wH'}
VAL_W = {'wC', 'wE', 'wI'}


def seed_all(s=0):
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


def load_splits(dump):
    """The dump's (scripts/encoder/dump.ts) train and validation questions. A question's writer is its id's first two
    characters (the id names its article); a row of any other writer stops the run."""
    rows = [json.loads(line) for line in open(dump) if line.strip()]
    rows = [r for r in rows if not r.get('none') and r.get('cands')]
    train = [r for r in rows if r['id'][:2] in TRAIN_W]
    val = [r for r in rows if r['id'][:2] in VAL_W]
    assert len(train) + len(val) == len(rows), 'a question from a writer outside train and validation'
    return train, val


_tok = {}


def tokenizer(path, max_len):
    if path not in _tok:
        _tok[path] = Tokenizer.from_file(path)
    t = _tok[path]
    t.enable_truncation(max_length=max_len)
    t.no_padding()
    return t


def batch_tensors(tok_path, texts, max_len=512):
    encs = tokenizer(tok_path, max_len).encode_batch(texts)
    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(texts), width), dtype=np.int64)
    mask = np.zeros((len(texts), width), dtype=np.int64)
    for i, e in enumerate(encs):
        ids[i, :len(e.ids)] = e.ids
        mask[i, :len(e.ids)] = 1
    return ids, mask


def mean_pool(h, mask):
    """Mean over the real tokens, then unit length: what src/embeddings/embedder.ts does with 'mean' pooling."""
    m = mask.unsqueeze(-1).to(h.dtype)
    v = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(v, dim=-1)


class _Batched:
    """Encodes texts in batches of about one length (padding costs as much as text), back in the given order."""

    def __init__(self, tok_path, bs=64, max_len=512):
        self.tok_path, self.bs, self.max_len = tok_path, bs, max_len

    def __call__(self, texts):
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = [None] * len(texts)
        for s in range(0, len(order), self.bs):
            idx = order[s:s + self.bs]
            ids, mask = batch_tensors(self.tok_path, [texts[i] for i in idx], self.max_len)
            v = mean_pool(torch.from_numpy(self.hidden(ids, mask)), torch.from_numpy(mask)).numpy()
            for j, i in enumerate(idx):
                out[i] = v[j]
        return np.stack(out)


class TorchEncoder(_Batched):
    def __init__(self, model, tok_path, **kw):
        super().__init__(tok_path, **kw)
        self.model = model

    @torch.no_grad()
    def hidden(self, ids, mask):
        self.model.eval()
        ids, mask = torch.from_numpy(ids), torch.from_numpy(mask)
        return self.model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state.numpy()


class OrtEncoder(_Batched):
    def __init__(self, path, tok_path, **kw):
        super().__init__(tok_path, **kw)
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])

    def hidden(self, ids, mask):
        return self.sess.run(None, {'input_ids': ids, 'attention_mask': mask, 'token_type_ids': np.zeros_like(ids)})[0]


def rerank_hits(rows, encoder):
    """hit@1 and hit@3 of the answerable questions' 30 candidates re-ordered by `encoder`'s cosine. Every row's
    question and candidates are encoded (batches as when the shipped model's epoch was chosen)."""
    sents = sorted({c['text'] for r in rows for c in r['cands']})
    at = {t: i for i, t in enumerate(sents)}
    qv = encoder([QP + r['q'] for r in rows])
    sv = encoder([PP + t for t in sents])
    n = h1 = h3 = 0
    for k, r in enumerate(rows):
        if r['abstain']:
            continue
        order = np.argsort(-(sv[[at[c['text']] for c in r['cands']]] @ qv[k]), kind='stable')
        hits = [r['cands'][i]['hit'] for i in order]
        n += 1
        h1 += hits[0]
        h3 += any(hits[:3])
    return {'n': n, 'hit1': h1 / n, 'hit3': h3 / n}
