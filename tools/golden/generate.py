#!/usr/bin/python3
"""Golden fixtures for @convstudio/core, computed with PyTorch.

Run from the repository root (Debian's python3-torch and numpy live under /usr/bin/python3):

    /usr/bin/python3 tools/golden/generate.py

Writes packages/core/src/testing/fixtures/<op>.json (one file per op) and, through
worked_example.py, packages/core/src/testing/fixtures/worked-example.json.

Every case draws float32 inputs from its own numpy RandomState (seeded from the op and case
name, so adding or editing one case never changes another), casts them to float64, runs the op
in torch with autograd, calls out.backward(dy) with a fixed random float32 upstream gradient
and records the output and the .grad of every differentiable input. Rerunning gives
byte-identical files.
"""

import json
import os
import sys
import warnings
import zlib

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, 'packages', 'core', 'src', 'testing', 'fixtures')
GENERATOR = 'tools/golden/generate.py'

# Inputs are float32 values: 9 significant digits round-trip any float32 exactly.
INPUT_FORMAT = '%.9g'
# Outputs and gradients are float64 references; 10 digits is far below float32 noise.
OUTPUT_FORMAT = '%.10g'


# ---------------------------------------------------------------------------------------------
# JSON writing: indented structure, but each tensor's shape and data on one line so the files
# stay compact and diffs stay readable.
# ---------------------------------------------------------------------------------------------

class Raw:
    """Pre-formatted JSON text, emitted verbatim by dump()."""

    def __init__(self, text):
        self.text = text


def encode(array, fmt):
    """{"shape": [...], "data": [...]} for an array, numbers written with `fmt`."""
    array = np.asarray(array)
    if np.issubdtype(array.dtype, np.integer):
        data = ','.join(str(int(v)) for v in array.reshape(-1))
    else:
        values = array.astype(np.float64).reshape(-1)
        assert np.all(np.isfinite(values)), 'JSON has no inf/nan'
        data = ','.join(fmt % v for v in values)
    return Raw('{"shape":%s,"data":[%s]}' % (json.dumps(list(array.shape)).replace(' ', ''), data))


def dump(obj, indent=0):
    pad = '  ' * indent
    inner = '  ' * (indent + 1)
    if isinstance(obj, Raw):
        return obj.text
    if isinstance(obj, dict):
        if not obj:
            return '{}'
        if all(not isinstance(v, (dict, list, Raw)) or _is_flat_list(v) for v in obj.values()) and indent > 0:
            # Small leaf dicts such as params stay on one line.
            return '{' + ', '.join('%s: %s' % (json.dumps(k), json.dumps(v)) for k, v in obj.items()) + '}'
        items = ['%s%s: %s' % (inner, json.dumps(k), dump(v, indent + 1)) for k, v in obj.items()]
        return '{\n' + ',\n'.join(items) + '\n' + pad + '}'
    if isinstance(obj, list):
        if _is_flat_list(obj):
            return json.dumps(obj)
        return '[\n' + ',\n'.join(inner + dump(v, indent + 1) for v in obj) + '\n' + pad + ']'
    return json.dumps(obj)


def _is_flat_list(v):
    return isinstance(v, list) and all(not isinstance(e, (dict, list, Raw)) for e in v)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(dump(obj) + '\n')


# ---------------------------------------------------------------------------------------------
# Random inputs and the autograd driver.
# ---------------------------------------------------------------------------------------------

def case_rng(op, name):
    """A RandomState per case, seeded by a stable hash (crc32) of op and case name."""
    return np.random.RandomState(zlib.crc32(('%s/%s' % (op, name)).encode()))


def uniform(rng, shape, low=-1.0, high=1.0):
    return rng.uniform(low, high, size=shape).astype(np.float32)


def away_from_zero(rng, shape, low=0.05, high=2.0):
    """float32 values with |v| in [low, high]: relu's kink at 0 has no well-defined gradient."""
    magnitude = rng.uniform(low, high, size=shape)
    sign = rng.choice([-1.0, 1.0], size=shape)
    return (magnitude * sign).astype(np.float32)


def distinct(rng, shape, low=-1.0, high=1.0):
    """float32 values with no repeats, so min/max (normalize) have a single arg-min/arg-max."""
    while True:
        values = uniform(rng, shape, low, high)
        if np.unique(values).size == values.size:
            return values


def leaf(array):
    """float64 leaf tensor that records its gradient."""
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


def run_case(op, name, params, inputs, forward, rng, dy=None):
    """
    Computes one case. `inputs` maps names to float32 arrays, or lists of arrays (concat's xs);
    None values are left out (no bias). `forward(tensors, params)` builds the output from float64
    leaf tensors. dy defaults to uniform float32 noise of the output's shape.
    """
    inputs = {k: v for k, v in inputs.items() if v is not None}
    tensors = {k: [leaf(a) for a in v] if isinstance(v, list) else leaf(v) for k, v in inputs.items()}
    out = forward(tensors, params)
    if dy is None:
        dy = uniform(rng, tuple(out.shape))
    dy = np.asarray(dy, dtype=np.float32)
    out.backward(torch.tensor(dy.astype(np.float64)))

    def enc_in(v):
        return [encode(a, INPUT_FORMAT) for a in v] if isinstance(v, list) else encode(v, INPUT_FORMAT)

    def enc_grad(t):
        return [encode(e.grad.numpy(), OUTPUT_FORMAT) for e in t] if isinstance(t, list) else encode(t.grad.numpy(), OUTPUT_FORMAT)

    return {
        'name': name,
        'params': params,
        'inputs': {k: enc_in(v) for k, v in inputs.items()},
        'output': encode(out.detach().numpy(), OUTPUT_FORMAT),
        'dy': encode(dy, INPUT_FORMAT),
        'grads': {k: enc_grad(t) for k, t in tensors.items()},
    }


def fixture(op, cases):
    return {'op': op, 'generator': GENERATOR, 'torch': torch.__version__, 'cases': cases}


def pair(v):
    """Our API's number-or-[h, w] to torch's tuple."""
    return tuple(v) if isinstance(v, list) else v


# ---------------------------------------------------------------------------------------------
# conv2d
# ---------------------------------------------------------------------------------------------

def conv2d_forward(t, p):
    x, w, b = t['x'], t['weight'], t.get('bias')
    padding = p.get('padding', 0)
    if isinstance(padding, list) and len(padding) == 4:
        # Our [top, bottom, left, right]; F.pad lists the last axis first: (left, right, top, bottom).
        top, bottom, left, right = padding
        x = F.pad(x, (left, right, top, bottom))
        padding = 0
    return F.conv2d(x, w, b, stride=pair(p.get('stride', 1)), padding=pair(padding),
                    dilation=pair(p.get('dilation', 1)), groups=p.get('groups', 1))


def check_same_padding_side():
    """
    torch's padding='same' splits an odd total padding with the extra row/column at the
    bottom/right (total = dilation * (k - 1); top = total // 2). Our 'same' relies on it.
    """
    rng = np.random.RandomState(0)
    warnings.filterwarnings('ignore', message="Using padding='same'")  # torch's perf note, expected here
    x = torch.tensor(rng.randn(1, 1, 5, 6))
    w = torch.tensor(rng.randn(1, 1, 4, 3))
    same = F.conv2d(x, w, padding='same', dilation=(1, 2))
    # H: total 3 -> top 1, bottom 2.  W: total 2 * 2 = 4 -> 2 and 2.
    explicit = F.conv2d(F.pad(x, (2, 2, 1, 2)), w, dilation=(1, 2))
    assert torch.equal(same, explicit), "torch 'same' no longer pads bottom/right"
    w2 = torch.tensor(rng.randn(1, 1, 2, 2))
    assert torch.equal(F.conv2d(x, w2, padding='same'), F.conv2d(F.pad(x, (0, 1, 0, 1)), w2))


def conv2d_cases():
    op = 'conv2d'
    # (name, x shape, weight shape, bias?, params)
    specs = [
        ('stride1_pad1_multichannel', [1, 3, 6, 6], [4, 3, 3, 3], True, {'padding': 1}),
        ('batch2_multichannel_valid_default', [2, 3, 5, 5], [2, 3, 3, 3], True, {}),
        ('stride2_pad1_multichannel', [2, 3, 7, 7], [4, 3, 3, 3], True, {'stride': 2, 'padding': 1}),
        ('stride3_pad2_no_bias', [1, 2, 10, 10], [3, 2, 3, 3], False, {'stride': 3, 'padding': 2}),
        ('pad2_stride1', [1, 1, 4, 4], [2, 1, 3, 3], True, {'padding': 2}),
        ('stride_pair_pad_pair_nonsquare_input', [1, 2, 7, 5], [3, 2, 3, 3], True, {'stride': [2, 1], 'padding': [1, 0]}),
        ('kernel3x2_nonsquare_input', [2, 2, 6, 8], [3, 2, 3, 2], True, {}),
        ('kernel2x3_stride_1x2_pad_0x1', [1, 3, 5, 9], [2, 3, 2, 3], False, {'stride': [1, 2], 'padding': [0, 1]}),
        ('dilation2_pad2', [1, 2, 9, 9], [2, 2, 3, 3], True, {'dilation': 2, 'padding': 2}),
        ('dilation_pair_2x1_kernel3x2', [1, 1, 8, 7], [2, 1, 3, 2], False, {'dilation': [2, 1]}),
        ('dilation2_stride2', [2, 1, 11, 11], [2, 1, 3, 3], True, {'dilation': 2, 'stride': 2, 'padding': 1}),
        ('groups2_pad1', [2, 4, 6, 6], [6, 2, 3, 3], True, {'groups': 2, 'padding': 1}),
        ('groups2_no_bias_stride2', [1, 4, 7, 7], [4, 2, 3, 3], False, {'groups': 2, 'stride': 2}),
        ('depthwise_multiplier2', [1, 3, 6, 6], [6, 1, 3, 3], True, {'groups': 3, 'padding': 1}),
        ('depthwise_multiplier2_no_bias_stride2', [2, 2, 7, 6], [4, 1, 3, 3], False, {'groups': 2, 'stride': 2, 'padding': 1}),
        ('same_kernel3x3', [1, 2, 5, 6], [3, 2, 3, 3], True, {'padding': 'same'}),
        ('same_even_kernel2x2', [1, 2, 5, 5], [2, 2, 2, 2], True, {'padding': 'same'}),
        ('same_even_kernel4x3', [1, 1, 6, 7], [2, 1, 4, 3], False, {'padding': 'same'}),
        ('same_kernel2x2_dilation3', [1, 1, 6, 6], [1, 1, 2, 2], False, {'padding': 'same', 'dilation': 3}),
        ('valid_explicit', [1, 2, 6, 5], [2, 2, 3, 3], True, {'padding': 'valid'}),
        ('padding4_asymmetric_sides', [1, 2, 5, 5], [2, 2, 3, 3], True, {'padding': [0, 2, 1, 0]}),
        ('padding4_asymmetric_stride2', [1, 1, 6, 7], [2, 1, 3, 2], False, {'padding': [1, 2, 0, 3], 'stride': 2}),
        ('kernel1x1', [2, 3, 4, 4], [2, 3, 1, 1], True, {}),
    ]
    cases = [doc_conv2d_case()]
    for name, xs, ws, has_bias, params in specs:
        rng = case_rng(op, name)
        inputs = {'x': uniform(rng, xs), 'weight': uniform(rng, ws),
                  'bias': uniform(rng, [ws[0]]) if has_bias else None}
        cases.append(run_case(op, name, params, inputs, conv2d_forward, rng))
    return cases


def doc_conv2d_case():
    """The document's O = X (x) F: a 3x3 input, a 2x2 filter, no padding -> 2x2 output."""
    name = 'doc_3x3_input_2x2_kernel_valid'
    rng = case_rng('conv2d', name)
    x = np.arange(1, 10, dtype=np.float32).reshape(1, 1, 3, 3)
    w = np.array([[1, 2], [3, 4]], dtype=np.float32).reshape(1, 1, 2, 2)
    return run_case('conv2d', name, {}, {'x': x, 'weight': w}, conv2d_forward, rng)


# ---------------------------------------------------------------------------------------------
# convTranspose2d (weight [Cin, Cout / groups, kH, kW], as in PyTorch)
# ---------------------------------------------------------------------------------------------

def conv_transpose2d_forward(t, p):
    return F.conv_transpose2d(t['x'], t['weight'], t.get('bias'), stride=pair(p.get('stride', 1)),
                              padding=pair(p.get('padding', 0)), output_padding=pair(p.get('outputPadding', 0)),
                              groups=p.get('groups', 1), dilation=pair(p.get('dilation', 1)))


def conv_transpose2d_cases():
    op = 'convTranspose2d'
    # (name, x shape, weight shape [Cin, Cout/groups, kH, kW], bias?, params); Cout = shape[1] * groups
    specs = [
        ('default_single_channel', [1, 1, 2, 2], [1, 1, 3, 3], False, {}),
        ('stride2_pad1_outpad1', [1, 2, 4, 4], [2, 3, 3, 3], True, {'stride': 2, 'padding': 1, 'outputPadding': 1}),
        ('stride3_outpad2_no_bias', [1, 2, 3, 3], [2, 2, 3, 3], False, {'stride': 3, 'outputPadding': 2}),
        ('stride2_kernel2_batch2', [2, 3, 3, 3], [3, 2, 2, 2], True, {'stride': 2}),
        ('pad1_stride1', [2, 3, 5, 5], [3, 2, 3, 3], True, {'padding': 1}),
        ('dilation2', [1, 2, 4, 4], [2, 2, 3, 3], True, {'dilation': 2}),
        ('dilation2_outpad1_stride1', [1, 1, 3, 4], [1, 2, 2, 3], False, {'dilation': 2, 'outputPadding': 1}),
        ('groups2_stride2', [1, 4, 4, 4], [4, 3, 3, 3], True, {'groups': 2, 'stride': 2}),
        ('groups2_pad1_no_bias', [2, 4, 3, 3], [4, 1, 3, 3], False, {'groups': 2, 'padding': 1}),
        ('nonsquare_pairs', [2, 2, 3, 5], [2, 3, 2, 3], True,
         {'stride': [2, 1], 'padding': [0, 1], 'outputPadding': [1, 0]}),
        ('nonsquare_stride_1x3_kernel3x2', [1, 2, 4, 3], [2, 2, 3, 2], True,
         {'stride': [1, 3], 'outputPadding': [0, 2], 'dilation': [2, 1]}),
    ]
    cases = []
    for name, xs, ws, has_bias, params in specs:
        rng = case_rng(op, name)
        cout = ws[1] * params.get('groups', 1)
        inputs = {'x': uniform(rng, xs), 'weight': uniform(rng, ws),
                  'bias': uniform(rng, [cout]) if has_bias else None}
        cases.append(run_case(op, name, params, inputs, conv_transpose2d_forward, rng))
    return cases


# ---------------------------------------------------------------------------------------------
# upConvolution: the document's zero insertion + padding + ordinary convolution, done literally
# (not through conv_transpose2d) so the fixture checks the document's definition itself.
# ---------------------------------------------------------------------------------------------

def up_convolution_forward(t, p):
    x, w, b = t['x'], t['weight'], t.get('bias')
    factor, padding = p['factor'], p['padding']
    n, c, h, wd = x.shape
    # (factor - 1) zeros between neighbours: entry (i, j) lands at (i * factor, j * factor).
    spread = x.new_zeros((n, c, (h - 1) * factor + 1, (wd - 1) * factor + 1))
    spread[:, :, ::factor, ::factor] = x  # slice assignment is differentiable w.r.t. x
    padded = F.pad(spread, (padding, padding, padding, padding))
    return F.conv2d(padded, w, b)


def up_convolution_cases():
    op = 'upConvolution'
    cases = []

    # The document's example: A = [[1,2],[3,4]], K = [[1,0,1],[0,1,0],[1,0,1]] -> [[1,0,2],[0,10,0],[3,0,4]].
    name = 'doc_example_factor2_pad1'
    rng = case_rng(op, name)
    x = np.array([[1, 2], [3, 4]], dtype=np.float32).reshape(1, 1, 2, 2)
    k = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float32).reshape(1, 1, 3, 3)
    cases.append(run_case(op, name, {'factor': 2, 'padding': 1}, {'x': x, 'weight': k}, up_convolution_forward, rng))

    # (name, x shape, weight shape [Cout, Cin, kH, kW], bias?, params)
    specs = [
        ('multichannel_kernel3x2_factor3', [2, 3, 3, 4], [2, 3, 3, 2], True, {'factor': 3, 'padding': 1}),
        ('factor2_pad2', [1, 2, 3, 3], [3, 2, 3, 3], True, {'factor': 2, 'padding': 2}),
        ('factor2_pad0_no_bias', [1, 2, 4, 3], [2, 2, 2, 2], False, {'factor': 2, 'padding': 0}),
        ('factor1_is_plain_conv', [1, 2, 4, 4], [2, 2, 3, 3], True, {'factor': 1, 'padding': 1}),
    ]
    for name, xs, ws, has_bias, params in specs:
        rng = case_rng(op, name)
        inputs = {'x': uniform(rng, xs), 'weight': uniform(rng, ws),
                  'bias': uniform(rng, [ws[0]]) if has_bias else None}
        cases.append(run_case(op, name, params, inputs, up_convolution_forward, rng))
    return cases


# ---------------------------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------------------------

def max_pool2d_forward(t, p):
    return F.max_pool2d(t['x'], pair(p['kernelSize']), stride=pair(p.get('stride', p['kernelSize'])),
                        padding=pair(p.get('padding', 0)), dilation=pair(p.get('dilation', 1)),
                        ceil_mode=p.get('ceilMode', False))


def max_pool2d_cases():
    op = 'maxPool2d'
    # (name, x shape, params, input kind)
    specs = [
        ('k2_s2', [2, 3, 6, 6], {'kernelSize': 2, 'stride': 2}, 'uniform'),
        ('k3_s3_doc_pooling', [1, 2, 12, 12], {'kernelSize': 3, 'stride': 3}, 'uniform'),
        ('k3_s3_stride_defaults_to_kernel', [1, 1, 9, 10], {'kernelSize': 3}, 'uniform'),
        ('k3_s2_pad1', [1, 2, 7, 7], {'kernelSize': 3, 'stride': 2, 'padding': 1}, 'uniform'),
        # 7 = 3 full windows + 1 partial: ceil keeps the 1-wide last window -> 4x4.
        ('ceil_k2_s2_partial_window', [1, 1, 7, 7], {'kernelSize': 2, 'stride': 2, 'ceilMode': True}, 'uniform'),
        # ceil(5 + 2 - 2) / 2 + 1 = 4 windows, but the 4th would start at padded index 6 = in the right
        # padding; PyTorch drops it -> 3x3, the same as floor mode.
        ('ceil_k2_s2_pad1_drops_window_in_padding', [1, 1, 5, 5],
         {'kernelSize': 2, 'stride': 2, 'padding': 1, 'ceilMode': True}, 'uniform'),
        # ceil adds a 4th window starting on the last input column (padded index 6 < 6 + 1): kept.
        ('ceil_k3_s2_pad1_keeps_window', [1, 2, 6, 6],
         {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True}, 'uniform'),
        ('dilation2_s1', [1, 2, 7, 7], {'kernelSize': 3, 'stride': 1, 'dilation': 2}, 'uniform'),
        ('dilation2_s2_pad1', [1, 1, 9, 9], {'kernelSize': 3, 'stride': 2, 'padding': 1, 'dilation': 2}, 'uniform'),
        ('kernel3x2_nonsquare', [1, 2, 7, 6], {'kernelSize': [3, 2], 'stride': [2, 2], 'padding': [1, 0]}, 'uniform'),
        ('kernel3x2_stride_defaults', [2, 1, 9, 8], {'kernelSize': [3, 2]}, 'uniform'),
        # Small integers make windows with repeated maxima: torch sends the gradient to the first
        # maximum in row-major scan order of the window (strict '>' while scanning).
        ('ties_k2_s2', [1, 2, 6, 6], {'kernelSize': 2, 'stride': 2}, 'ties'),
        ('ties_k3_s1_overlapping', [1, 2, 6, 6], {'kernelSize': 3, 'stride': 1}, 'ties'),
        ('ties_k3_s2_pad1', [2, 1, 7, 7], {'kernelSize': 3, 'stride': 2, 'padding': 1}, 'ties'),
    ]
    cases = []
    for name, xs, params, kind in specs:
        rng = case_rng(op, name)
        x = rng.randint(0, 3, size=xs).astype(np.float32) if kind == 'ties' else uniform(rng, xs)
        cases.append(run_case(op, name, params, {'x': x}, max_pool2d_forward, rng))
    return cases


def avg_pool2d_forward(t, p):
    return F.avg_pool2d(t['x'], pair(p['kernelSize']), stride=pair(p.get('stride', p['kernelSize'])),
                        padding=pair(p.get('padding', 0)), ceil_mode=p.get('ceilMode', False),
                        count_include_pad=p.get('countIncludePad', True))


def avg_pool2d_cases():
    op = 'avgPool2d'
    specs = [
        ('k2_s2', [2, 2, 6, 6], {'kernelSize': 2, 'stride': 2}),
        ('k3_stride_defaults', [1, 1, 9, 7], {'kernelSize': 3}),
        ('k3_s1_pad1_include_pad', [1, 2, 5, 5], {'kernelSize': 3, 'stride': 1, 'padding': 1, 'countIncludePad': True}),
        ('k3_s1_pad1_exclude_pad', [1, 2, 5, 5], {'kernelSize': 3, 'stride': 1, 'padding': 1, 'countIncludePad': False}),
        # 7 = 3 full windows + a 1-wide one. With no padding the divisor of that partial window is
        # its in-input size (1 or 2) even with countIncludePad: the part past the input is never counted.
        ('ceil_k2_s2_partial_include_pad', [1, 1, 7, 7], {'kernelSize': 2, 'stride': 2, 'ceilMode': True, 'countIncludePad': True}),
        ('ceil_k2_s2_partial_exclude_pad', [1, 1, 7, 7], {'kernelSize': 2, 'stride': 2, 'ceilMode': True, 'countIncludePad': False}),
        # The last window starts on the last input column and covers it, the right padding and one
        # position past the padding: countIncludePad divides by 2 (input + padding), not 3.
        ('ceil_k3_s2_pad1_include_pad', [1, 2, 6, 6], {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': True}),
        ('ceil_k3_s2_pad1_exclude_pad', [1, 2, 6, 6], {'kernelSize': 3, 'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}),
        ('ceil_k2_s2_pad1_drops_window_in_padding', [1, 1, 5, 5], {'kernelSize': 2, 'stride': 2, 'padding': 1, 'ceilMode': True}),
        ('nonsquare_kernel3x2_include_pad', [1, 2, 7, 5], {'kernelSize': [3, 2], 'stride': [2, 1], 'padding': [1, 0]}),
        ('nonsquare_kernel2x3_exclude_pad_ceil', [2, 1, 5, 8],
         {'kernelSize': [2, 3], 'stride': [2, 2], 'padding': [1, 1], 'ceilMode': True, 'countIncludePad': False}),
    ]
    cases = []
    for name, xs, params in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, params, {'x': uniform(rng, xs)}, avg_pool2d_forward, rng))
    return cases


def global_avg_pool2d_cases():
    op = 'globalAvgPool2d'
    specs = [('nchw', [2, 3, 5, 5]), ('nonsquare', [1, 4, 3, 7]), ('single_pixel', [2, 2, 1, 1])]
    cases = []
    for name, xs in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, {}, {'x': uniform(rng, xs)},
                              lambda t, p: F.adaptive_avg_pool2d(t['x'], 1), rng))
    return cases


def flatten_cases():
    # A reshape: the fixture pins the row-major order (C, then H, then W) PyTorch's flatten uses.
    op = 'flatten'
    specs = [('nchw', [2, 3, 4, 5]), ('nonsquare', [1, 2, 3, 1])]
    cases = []
    for name, xs in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, {}, {'x': uniform(rng, xs)},
                              lambda t, p: torch.flatten(t['x'], 1), rng))
    return cases


# ---------------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------------

def activation_cases(op, forward, param_sets, away_from_kink):
    shapes = [('nchw', [2, 3, 4, 4]), ('nc', [5, 7])]
    cases = []
    for suffix, params in param_sets:
        for shape_name, xs in shapes:
            name = shape_name + suffix
            rng = case_rng(op, name)
            # relu/leakyRelu: keep |x| >= 0.05 so no value sits on the kink at 0.
            x = away_from_zero(rng, xs) if away_from_kink else uniform(rng, xs, -4.0, 4.0)
            cases.append(run_case(op, name, params, {'x': x}, forward, rng))
    return cases


# ---------------------------------------------------------------------------------------------
# linear, softmax, logSoftmax, crossEntropy
# ---------------------------------------------------------------------------------------------

def linear_cases():
    op = 'linear'
    specs = [('with_bias', 4, 5, 3, True), ('no_bias', 2, 6, 4, False), ('single_sample_single_output', 1, 3, 1, True)]
    cases = []
    for name, n, fin, fout, has_bias in specs:
        rng = case_rng(op, name)
        inputs = {'x': uniform(rng, [n, fin]), 'weight': uniform(rng, [fout, fin]),
                  'bias': uniform(rng, [fout]) if has_bias else None}
        cases.append(run_case(op, name, {}, inputs, lambda t, p: F.linear(t['x'], t['weight'], t.get('bias')), rng))
    return cases


def softmax_like_cases(op, fn):
    specs = [
        ('nc_dim1', [3, 5], 1, 3.0),
        ('nchw_dim1', [2, 4, 3, 3], 1, 3.0),
        ('nchw_dim3', [1, 2, 3, 4], 3, 3.0),
        # Large logits: a naive exp overflows in float32 past ~88; subtracting the max avoids it.
        ('nc_dim1_large_logits', [2, 4], 1, 100.0),
    ]
    cases = []
    for name, xs, dim, scale in specs:
        rng = case_rng(op, name)
        x = uniform(rng, xs, -scale, scale)
        cases.append(run_case(op, name, {'dim': dim}, {'x': x}, lambda t, p: fn(t['x'], dim=p['dim']), rng))
    return cases


def cross_entropy_cases():
    op = 'crossEntropy'
    specs = [('nc', [4, 5]), ('nchw', [2, 3, 3, 4]), ('single_sample', [1, 3])]
    cases = []
    for name, shape in specs:
        rng = case_rng(op, name)
        logits = uniform(rng, shape, -3.0, 3.0)
        target_shape = [shape[0]] + shape[2:]
        targets = rng.randint(0, shape[1], size=target_shape).astype(np.int64)

        def forward(t, p, targets=targets):
            return F.cross_entropy(t['logits'], torch.tensor(targets))  # mean over every target

        case = run_case(op, name, {}, {'logits': logits}, forward, rng, dy=np.float32(0.75))
        # Class indices are not differentiable: add them as an input after the autograd run.
        case['inputs']['targets'] = encode(targets, None)
        cases.append(case)
    return cases


def cross_entropy_option_cases():
    """reduction 'sum' and 'none' and label smoothing, on [N, C] and on per-pixel maps [N, C, H, W]."""
    op = 'crossEntropy'
    # (name, logits shape, params); reduced losses get dy 0.75, 'none' a random dy of the targets' shape.
    specs = [
        ('nc_sum', [4, 5], {'reduction': 'sum'}),
        ('nc_none', [4, 5], {'reduction': 'none'}),
        ('nc_mean_smoothing0.1', [4, 5], {'reduction': 'mean', 'labelSmoothing': 0.1}),
        ('nc_sum_smoothing0.3_batch3', [3, 7], {'reduction': 'sum', 'labelSmoothing': 0.3}),
        ('nc_smoothing1', [2, 4], {'labelSmoothing': 1.0}),
        ('nchw_spatial_none', [2, 3, 3, 4], {'reduction': 'none'}),
        ('nchw_spatial_none_smoothing0.2', [2, 3, 3, 4], {'reduction': 'none', 'labelSmoothing': 0.2}),
        ('nchw_spatial_mean_smoothing0.05', [3, 4, 2, 5], {'labelSmoothing': 0.05}),
        ('nchw_spatial_sum', [2, 2, 3, 3], {'reduction': 'sum'}),
    ]
    cases = []
    for name, shape, params in specs:
        rng = case_rng(op, name)
        logits = uniform(rng, shape, -3.0, 3.0)
        targets = rng.randint(0, shape[1], size=[shape[0]] + shape[2:]).astype(np.int64)

        def forward(t, p, targets=targets):
            return F.cross_entropy(t['logits'], torch.tensor(targets), reduction=p.get('reduction', 'mean'),
                                   label_smoothing=p.get('labelSmoothing', 0.0))

        reduced = params.get('reduction', 'mean') != 'none'
        case = run_case(op, name, params, {'logits': logits}, forward, rng, dy=np.float32(0.75) if reduced else None)
        case['inputs']['targets'] = encode(targets, None)
        cases.append(case)
    return cases


def nll_loss_cases():
    """F.nll_loss on log-probabilities (a float32 log-softmax of random logits)."""
    op = 'nllLoss'
    specs = [
        ('nc_mean', [4, 5], {}),
        ('nc_sum', [3, 6], {'reduction': 'sum'}),
        ('nc_none', [5, 3], {'reduction': 'none'}),
        ('nchw_spatial_mean', [2, 3, 3, 4], {'reduction': 'mean'}),
        ('nchw_spatial_none', [2, 4, 2, 3], {'reduction': 'none'}),
    ]
    cases = []
    for name, shape, params in specs:
        rng = case_rng(op, name)
        logits = uniform(rng, shape, -3.0, 3.0).astype(np.float64)
        logp = (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))).astype(np.float32)
        targets = rng.randint(0, shape[1], size=[shape[0]] + shape[2:]).astype(np.int64)

        def forward(t, p, targets=targets):
            return F.nll_loss(t['input'], torch.tensor(targets), reduction=p.get('reduction', 'mean'))

        reduced = params.get('reduction', 'mean') != 'none'
        case = run_case(op, name, params, {'input': logp}, forward, rng, dy=np.float32(-1.25) if reduced else None)
        case['inputs']['targets'] = encode(targets, None)
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------------
# batchNorm2d, dropout, localResponseNorm: the layers of AlexNet-era and later networks.
# ---------------------------------------------------------------------------------------------

def batch_norm2d_cases():
    """
    F.batch_norm in training (batch statistics; running statistics updated with the unbiased
    variance) and eval mode (running statistics), affine or not. The running statistics are
    inputs without gradient; their values after the call are recorded under 'state'.
    """
    op = 'batchNorm2d'
    # (name, x shape, affine?, running stats?, params, x range)
    specs = [
        ('train_affine_nchw', [2, 3, 4, 4], True, True, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('train_no_affine_odd', [4, 2, 3, 5], False, True, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('train_affine_batch1', [1, 3, 5, 3], True, True, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('train_momentum0.3_eps1e-3', [3, 4, 2, 2], True, True, {'training': True, 'momentum': 0.3, 'eps': 1e-3}, 2.0),
        ('train_no_running_stats', [2, 3, 3, 3], True, False, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        # A mean far from 0 against the spread: a one-pass Σx² - mean² variance would cancel.
        ('train_large_mean_offset', [2, 2, 4, 4], True, True, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 'offset'),
        ('train_nc_rank2', [8, 5], True, True, {'training': True, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('eval_affine', [2, 3, 4, 4], True, True, {'training': False, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('eval_no_affine', [3, 2, 3, 3], False, True, {'training': False, 'momentum': 0.1, 'eps': 1e-5}, 1.0),
        ('eval_affine_eps0.01', [1, 4, 2, 3], True, True, {'training': False, 'momentum': 0.1, 'eps': 1e-2}, 2.0),
    ]
    cases = []
    for name, xs, affine, running, params, spread in specs:
        rng = case_rng(op, name)
        channels = xs[1]
        x = uniform(rng, xs, 10.0, 10.5) if spread == 'offset' else uniform(rng, xs, -spread, spread)
        inputs = {'x': x, 'weight': uniform(rng, [channels], 0.5, 1.5) if affine else None,
                  'bias': uniform(rng, [channels]) if affine else None}
        stats = {'runningMean': uniform(rng, [channels]), 'runningVar': uniform(rng, [channels], 0.5, 1.5)} if running else {}
        live = {k: torch.tensor(v.astype(np.float64)) for k, v in stats.items()}

        def forward(t, p, live=live):
            return F.batch_norm(t['x'], live.get('runningMean'), live.get('runningVar'), t.get('weight'), t.get('bias'),
                                training=p['training'], momentum=p['momentum'], eps=p['eps'])

        case = run_case(op, name, params, inputs, forward, rng)
        for k, v in stats.items():
            case['inputs'][k] = encode(v, INPUT_FORMAT)
        if running:
            case['state'] = {k: encode(v.numpy(), OUTPUT_FORMAT) for k, v in live.items()}
        cases.append(case)
    return cases


def dropout_cases():
    """
    PyTorch's dropout mask comes from its own generator and cannot be matched; these pin what
    can: p = 0 in training and any p in eval mode are the identity, forward and backward.
    """
    op = 'dropout'
    specs = [
        ('train_p0', [2, 3, 4, 4], {'p': 0.0, 'training': True, 'seed': 7}),
        ('eval_p0.5', [2, 3, 4, 4], {'p': 0.5, 'training': False, 'seed': 7}),
        ('eval_p0.9_nc', [5, 7], {'p': 0.9, 'training': False, 'seed': 1}),
    ]
    cases = []
    for name, xs, params in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, params, {'x': uniform(rng, xs)},
                              lambda t, p: F.dropout(t['x'], p['p'], training=p['training']), rng))
    return cases


def local_response_norm_cases():
    op = 'localResponseNorm'
    # (name, x shape, params, x range): odd and even windows, windows wider than the channels, rank 3.
    specs = [
        ('alexnet_size5_alpha1e-4_k2', [2, 7, 3, 3], {'size': 5, 'alpha': 1e-4, 'beta': 0.75, 'k': 2.0}, 4.0),
        ('alexnet_paper_alpha5e-4_k2', [1, 6, 2, 2], {'size': 5, 'alpha': 5e-4, 'beta': 0.75, 'k': 2.0}, 8.0),
        ('size3_alpha1', [1, 5, 4, 4], {'size': 3, 'alpha': 1.0, 'beta': 0.75, 'k': 1.0}, 1.5),
        ('even_size4', [2, 6, 2, 3], {'size': 4, 'alpha': 0.5, 'beta': 0.5, 'k': 1.5}, 1.5),
        ('size7_wider_than_3_channels', [1, 3, 3, 3], {'size': 7, 'alpha': 2.0, 'beta': 1.2, 'k': 1.0}, 1.5),
        ('size1', [1, 4, 2, 2], {'size': 1, 'alpha': 1.0, 'beta': 0.75, 'k': 1.0}, 1.5),
        ('ncl_rank3_size2', [2, 5, 6], {'size': 2, 'alpha': 0.3, 'beta': 0.9, 'k': 0.5}, 1.5),
    ]
    cases = []
    for name, xs, params, spread in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, params, {'x': uniform(rng, xs, -spread, spread)},
                              lambda t, p: F.local_response_norm(t['x'], p['size'], p['alpha'], p['beta'], p['k']), rng))
    return cases


# ---------------------------------------------------------------------------------------------
# normalize: the document's min-max scaling, over the whole tensor, each sample or each map.
# ---------------------------------------------------------------------------------------------

NORMALIZE_DIMS = {'tensor': (0, 1, 2, 3), 'sample': (1, 2, 3), 'map': (2, 3)}


def normalize_forward(t, p):
    x = t['x']
    lo, hi = p['min'], p['max']
    dims = NORMALIZE_DIMS[p['scope']]
    mn = x.amin(dim=dims, keepdim=True)
    mx = x.amax(dim=dims, keepdim=True)
    spread = mx - mn
    constant = spread == 0
    # A constant group maps to `min` (as the document's normalize does) with zero gradient.
    # torch.where routes no gradient to the unselected branch, and the safe divisor keeps that
    # branch free of inf/nan (0 * nan would still be nan).
    safe = torch.where(constant, torch.ones_like(spread), spread)
    scaled = (x - mn) / safe * (hi - lo) + lo
    return torch.where(constant, torch.full_like(x, lo), scaled)


def normalize_cases():
    op = 'normalize'
    specs = [
        ('tensor_0_255', [1, 1, 6, 6], {'min': 0, 'max': 255, 'scope': 'tensor'}),
        ('tensor_0_255_batch2', [2, 2, 3, 3], {'min': 0, 'max': 255, 'scope': 'tensor'}),
        ('map_minus1_1', [2, 3, 4, 4], {'min': -1, 'max': 1, 'scope': 'map'}),
        ('sample_0_1', [2, 2, 3, 3], {'min': 0, 'max': 1, 'scope': 'sample'}),
    ]
    cases = []
    for name, xs, params in specs:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, params, {'x': distinct(rng, xs)}, normalize_forward, rng))

    # One map of constant value: it normalizes to `min` with a zero gradient; the others as usual.
    name = 'map_with_constant_map'
    rng = case_rng(op, name)
    x = distinct(rng, [1, 3, 3, 3])
    x[0, 1] = np.float32(0.25)
    cases.append(run_case(op, name, {'min': -2, 'max': 3, 'scope': 'map'}, {'x': x}, normalize_forward, rng))
    return cases


# ---------------------------------------------------------------------------------------------
# add, concat
# ---------------------------------------------------------------------------------------------

def add_cases():
    op = 'add'
    cases = []
    for name, shape in [('nchw', [2, 3, 4, 4]), ('vector', [5])]:
        rng = case_rng(op, name)
        cases.append(run_case(op, name, {}, {'a': uniform(rng, shape), 'b': uniform(rng, shape)},
                              lambda t, p: t['a'] + t['b'], rng))
    return cases


def concat_cases():
    op = 'concat'
    specs = [
        ('nchw_axis1_three_inputs', [[2, 1, 3, 3], [2, 3, 3, 3], [2, 2, 3, 3]], 1),
        ('nc_axis1_two_inputs', [[3, 2], [3, 4]], 1),
        ('nchw_axis0', [[1, 2, 2, 3], [2, 2, 2, 3]], 0),
        ('nchw_axis3', [[1, 2, 2, 1], [1, 2, 2, 3]], 3),
    ]
    cases = []
    for name, shapes, axis in specs:
        rng = case_rng(op, name)
        xs = [uniform(rng, s) for s in shapes]
        cases.append(run_case(op, name, {'axis': axis}, {'xs': xs}, lambda t, p: torch.cat(t['xs'], dim=p['axis']), rng))
    return cases


# ---------------------------------------------------------------------------------------------

def all_fixtures():
    return {
        'conv2d': conv2d_cases(),
        'convTranspose2d': conv_transpose2d_cases(),
        'upConvolution': up_convolution_cases(),
        'maxPool2d': max_pool2d_cases(),
        'avgPool2d': avg_pool2d_cases(),
        'globalAvgPool2d': global_avg_pool2d_cases(),
        'flatten': flatten_cases(),
        'relu': activation_cases('relu', lambda t, p: F.relu(t['x']), [('', {})], True),
        'leakyRelu': activation_cases('leakyRelu', lambda t, p: F.leaky_relu(t['x'], p['negativeSlope']),
                                      [('_slope0.01', {'negativeSlope': 0.01}), ('_slope0.2', {'negativeSlope': 0.2})], True),
        'sigmoid': activation_cases('sigmoid', lambda t, p: torch.sigmoid(t['x']), [('', {})], False),
        'tanh': activation_cases('tanh', lambda t, p: torch.tanh(t['x']), [('', {})], False),
        'linear': linear_cases(),
        'softmax': softmax_like_cases('softmax', F.softmax),
        'logSoftmax': softmax_like_cases('logSoftmax', F.log_softmax),
        'crossEntropy': cross_entropy_cases() + cross_entropy_option_cases(),
        'nllLoss': nll_loss_cases(),
        'batchNorm2d': batch_norm2d_cases(),
        'dropout': dropout_cases(),
        'localResponseNorm': local_response_norm_cases(),
        'normalize': normalize_cases(),
        'add': add_cases(),
        'concat': concat_cases(),
    }


def main():
    # One thread: BLAS reductions then run in a fixed order, so reruns are byte-identical.
    torch.set_num_threads(1)
    torch.manual_seed(0)  # nothing here draws from torch's generator; seeded in case a case ever does
    check_same_padding_side()
    for op, cases in all_fixtures().items():
        path = os.path.join(FIXTURES, op + '.json')
        write_json(path, fixture(op, cases))
        print('%-60s %3d cases' % (os.path.relpath(path, REPO), len(cases)))

    sys.path.insert(0, HERE)
    import worked_example  # runs the document's example as written
    path = worked_example.write_fixture(FIXTURES)
    print(os.path.relpath(path, REPO))


if __name__ == '__main__':
    main()
