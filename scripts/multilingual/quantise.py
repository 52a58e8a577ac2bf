"""int8 of the float32 linear layers with onnxruntime's dynamic quantisation, as the shipped e5-small-v2 is stored
(Xenova's export: signed int8 weights, a scale per output column, 7-bit range).

- per channel: a scale for each output column of a layer rather than one for the whole matrix (on the check texts the
  vectors' worst cosine with the float32 graph is 0.991 per channel, 0.979 per tensor);
- reduce_range: weights in -64..64. On CPUs without VNNI (AVX2 only: many AMD and older Intel ones) onnxruntime
  multiplies uint8 activations by int8 weights with an instruction whose 16-bit sums can saturate at full range;
  7-bit weights cannot, so the vectors do not depend on the CPU's instruction set (it costs 0.0003 of mean cosine
  on a VNNI Xeon);
- only MatMul with a constant weight (the 72 linear layers); the attention products stay float32. int8_all also
  quantises the Gathers (the word, position and type embeddings), for check.py's comparison."""
import logging

from onnxruntime.quantization import QuantType, quantize_dynamic

SETTINGS = dict(weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's advice to run its shape pre-processing: not needed


def int8_layers(src, dst):
    quantize_dynamic(src, dst, op_types_to_quantize=['MatMul'], **SETTINGS)


def int8_all(src, dst):
    quantize_dynamic(src, dst, op_types_to_quantize=['MatMul', 'Gather'], **SETTINGS)
