"""Fine-tunes e5-small-v2 (fp32, from load_base.py) as a bi-encoder on the written TRAIN writers' questions
(scripts/encoder/dump.ts), and keeps the epoch with the best validation re-ranking (hit@1, then hit@3).

Loss: InfoNCE at temperature TAU over, for each answerable question, one of its right sentences (the positive), its
K_NEG nearest wrong sentences by the base encoder (hard negatives: what plain dense ranks first wrongly) and the
batch's other questions' sentences (in-batch negatives); a batch sentence that is right for a question is masked out
of that question's negatives. With --unans W, a second term pushes each unanswerable train question's best cosine to
its article's sentences below the answerable questions' positive cosine (the answer decision reads the best cosine).
Only train articles' sentences are used: candidates from any other writer's article are dropped.

  python train.py --dump DUMP --base BASE_HF_DIR --tokenizer TOKENIZER_JSON --out OUT_DIR [--lr 2e-5 --epochs 3 --unans 1]
Writes OUT_DIR/best (the chosen epoch's weights), OUT_DIR/log.jsonl and OUT_DIR/summary.json."""
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn.functional as F
from transformers import BertModel, get_linear_schedule_with_warmup

from common import PP, QP, TRAIN_W, TorchEncoder, batch_tensors, load_splits, mean_pool, rerank_hits, seed_all

ap = argparse.ArgumentParser()
ap.add_argument('--dump', required=True)
ap.add_argument('--base', required=True, help='the fp32 base as a transformers BertModel folder (load_base.py)')
ap.add_argument('--tokenizer', required=True)
ap.add_argument('--out', required=True)
ap.add_argument('--lr', type=float, default=2e-5)
ap.add_argument('--epochs', type=int, default=3, help='the learning-rate schedule spans this many epochs')
ap.add_argument('--stop-after', type=int, default=None, help='stop after this epoch (the schedule is unchanged)')
ap.add_argument('--bs', type=int, default=16)
ap.add_argument('--k_neg', type=int, default=7)
ap.add_argument('--tau', type=float, default=0.05)
ap.add_argument('--unans', type=float, default=1.0, help='weight of the unanswerable term (0 = off)')
ap.add_argument('--u_bs', type=int, default=8)
ap.add_argument('--u_cands', type=int, default=4)
ap.add_argument('--max_len', type=int, default=128, help='tokens per text in training (the sentences are short)')
ap.add_argument('--seed', type=int, default=0)
args = ap.parse_args()

seed_all(args.seed)
os.makedirs(args.out, exist_ok=True)
log = open(f'{args.out}/log.jsonl', 'w')

train, val = load_splits(args.dump)
own = lambda c: c['article'][:2] in TRAIN_W  # noqa: E731
dropped = sum(not own(c) for r in train for c in r['cands'])
ex = []
for r in train:
    if r['abstain']:
        continue
    pos = [c['text'] for c in r['cands'] if c['hit'] and own(c)]
    neg = [c['text'] for c in r['cands'] if not c['hit'] and own(c)]
    if pos:
        ex.append({'q': r['q'], 'pos': pos, 'neg': neg[:args.k_neg]})
unans = [{'q': r['q'], 'cands': [c['text'] for c in r['cands'] if own(c)][:args.u_cands]} for r in train if r['abstain']]
unans = [u for u in unans if len(u['cands']) == args.u_cands]
print(f'train: {len(ex)} answerable questions with a right sentence among their candidates, {len(unans)} unanswerable; '
      f'validation: {len(val)} questions; candidates from other writers\' articles dropped: {dropped}', flush=True)

model = BertModel.from_pretrained(args.base, add_pooling_layer=False)
steps_per_epoch = math.ceil(len(ex) / args.bs)
opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps_per_epoch * args.epochs), steps_per_epoch * args.epochs)


def embed(texts):
    ids, mask = batch_tensors(args.tokenizer, texts, args.max_len)
    ids, mask = torch.from_numpy(ids), torch.from_numpy(mask)
    h = model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    return mean_pool(h, mask)


def validate():
    return rerank_hits(val, TorchEncoder(model, args.tokenizer))


m = validate()
print(f"epoch 0 validation hit@1 {m['hit1']:.3f} hit@3 {m['hit3']:.3f}", flush=True)
log.write(json.dumps({'epoch': 0, 'validation': m}) + '\n')
log.flush()
best = (m['hit1'], m['hit3'], 0)
t0 = time.time()
rng = random.Random(args.seed)
for ep in range(1, (args.stop_after or args.epochs) + 1):
    model.train()
    order = list(range(len(ex)))
    rng.shuffle(order)
    tot, nb = 0.0, 0
    for s in range(0, len(order), args.bs):
        b = [ex[i] for i in order[s:s + args.bs]]
        qv = embed([QP + e['q'] for e in b])
        ptexts, posidx = [], []
        for e in b:
            posidx.append(len(ptexts))
            ptexts.append(rng.choice(e['pos']))
            ptexts.extend(e['neg'])
        pv = embed([PP + t for t in ptexts])
        sim = qv @ pv.T / args.tau
        # a sentence right for question i other than its sampled positive is no negative of it
        mask = torch.zeros_like(sim, dtype=torch.bool)
        for i, e in enumerate(b):
            right = set(e['pos'])
            for j, t in enumerate(ptexts):
                if j != posidx[i] and t in right:
                    mask[i, j] = True
        sim = sim.masked_fill(mask, -1e4)
        loss = F.cross_entropy(sim, torch.tensor(posidx))
        if args.unans > 0 and unans:
            ub = rng.sample(unans, min(args.u_bs, len(unans)))
            uq = embed([QP + u['q'] for u in ub])
            uc = embed([PP + t for u in ub for t in u['cands']]).view(len(ub), args.u_cands, -1)
            s_u = torch.einsum('ud,ucd->uc', uq, uc).max(1).values  # each unanswerable question's best cosine
            s_a = (qv * pv[posidx]).sum(-1)  # each answerable question's positive cosine
            loss = loss + args.unans * F.softplus((s_u[:, None] - s_a[None, :]) / args.tau).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        tot += loss.item()
        nb += 1
        if nb % 10 == 0:
            print(f'epoch {ep} step {nb}/{steps_per_epoch} loss {tot / nb:.4f} {time.time() - t0:.0f}s', flush=True)
    m = validate()
    print(f"epoch {ep} loss {tot / nb:.4f} {time.time() - t0:.0f}s: validation hit@1 {m['hit1']:.3f} hit@3 {m['hit3']:.3f}", flush=True)
    log.write(json.dumps({'epoch': ep, 'loss': tot / nb, 'seconds': time.time() - t0, 'validation': m}) + '\n')
    log.flush()
    if (m['hit1'], m['hit3']) > best[:2]:
        best = (m['hit1'], m['hit3'], ep)
        model.save_pretrained(f'{args.out}/best')
summary = {'args': vars(args), 'best_epoch': best[2], 'validation_hit1': best[0], 'validation_hit3': best[1],
           'seconds': time.time() - t0}
json.dump(summary, open(f'{args.out}/summary.json', 'w'), indent=1)
print('chosen: epoch', best[2], flush=True)
