// Python pieces every generated model.py holds: the document's own layers that torch.nn lacks,
// and the reader and writer of our binary weights file (CSWB v2, see project/weights-sidecar.ts).

export const customModules = `class UpConvolution(nn.Module):
    """The source document's up-convolution: insert factor - 1 zeros between values, then
    convolve (weight [out, in, kH, kW], as ConvStudio's). Equals a ConvTranspose2d with the
    kernel flipped and its channel axes swapped."""

    def __init__(self, in_channels, out_channels, kernel_size, factor=2, padding=(1, 1), bias=True):
        super().__init__()
        self.factor, self.padding = factor, padding
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, *kernel_size))
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None
        nn.init.kaiming_normal_(self.weight, nonlinearity='relu')

    def forward(self, x):
        n, c, h, w = x.shape
        grid = x.new_zeros(n, c, (h - 1) * self.factor + 1, (w - 1) * self.factor + 1)
        grid[:, :, ::self.factor, ::self.factor] = x
        return F.conv2d(grid, self.weight, self.bias, padding=self.padding)


class MinMaxNormalize(nn.Module):
    """The worked example's min-max scaling to [low, high] over the whole batch ('tensor'),
    each sample or each map; a constant group maps to low."""

    def __init__(self, low=0.0, high=255.0, scope='tensor'):
        super().__init__()
        self.low, self.high, self.scope = low, high, scope

    def forward(self, x):
        dims = None if self.scope == 'tensor' else tuple(range(1 if self.scope == 'sample' else 2, x.dim()))
        lo = x.amin() if dims is None else x.amin(dim=dims, keepdim=True)
        hi = x.amax() if dims is None else x.amax(dim=dims, keepdim=True)
        span = hi - lo
        scaled = (x - lo) / torch.where(span == 0, torch.ones_like(span), span) * (self.high - self.low) + self.low
        return torch.where(span == 0, torch.full_like(x, self.low), scaled)
`;

export const weightsIo = `def read_cswb(path):
    """Tensors by name from a ConvStudio binary weights file ("CSWB" version 2): magic,
    version and header length as little-endian uint32, a JSON header, then float32 data on
    8-byte boundaries."""
    with open(path, 'rb') as f:
        data = f.read()
    magic, version, length = data[:4], *struct.unpack('<II', data[4:12])
    if magic != b'CSWB' or version != 2:
        raise ValueError(f'{path}: not a ConvStudio weights file version 2 (magic {magic!r}, version {version})')
    header = json.loads(data[12:12 + length].decode('ascii'))
    offset, tensors = -(-(12 + length) // 8) * 8, {}
    for entry in header['tensors']:
        count = math.prod(entry['shape'])
        values = torch.frombuffer(bytearray(data[offset:offset + 4 * count]), dtype=torch.float32)
        tensors[entry['name']] = values.reshape(entry['shape']).clone()
        offset = -(-(offset + 4 * count) // 8) * 8
    return tensors, header.get('pipelineHash', '')


def write_cswb(path, tensors, pipeline_hash=''):
    """Writes tensors by name as a ConvStudio binary weights file (version 2)."""
    table = [{'name': name, 'shape': list(t.shape)} for name, t in tensors.items()]
    header = json.dumps({'format': 'convstudio-weights', 'version': 2, 'pipelineHash': pipeline_hash, 'tensors': table},
                        separators=(',', ':'), ensure_ascii=True).encode('ascii')
    out = bytearray(b'CSWB' + struct.pack('<II', 2, len(header)) + header)
    for t in tensors.values():
        out += bytes(-len(out) % 8)
        out += t.detach().to('cpu', torch.float32).contiguous().numpy().astype('<f4').tobytes()
    out += bytes(-len(out) % 8)
    with open(path, 'wb') as f:
        f.write(out)


def load_convstudio_weights(model, path):
    """Loads ConvStudio's weights file into the model (names mapped through TENSOR_KEYS)."""
    tensors, _ = read_cswb(path)
    state = model.state_dict()
    for name, key in TENSOR_KEYS.items():
        if name not in tensors:
            raise KeyError(f'{path}: no tensor {name} (for {key})')
        state[key] = tensors[name].reshape(state[key].shape)
    model.load_state_dict(state)
    return model


def save_convstudio_weights(model, path):
    """Writes the model's weights, biases and running statistics as ConvStudio's weights file."""
    state = model.state_dict()
    write_cswb(path, {name: state[key] for name, key in TENSOR_KEYS.items()}, PIPELINE_HASH)
`;
