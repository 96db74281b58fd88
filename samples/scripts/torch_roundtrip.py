"""Loads a Dither weights file into the README's PyTorch module with load_state_dict and compares
its output with Dither's. Reads the file by the safetensors spec (8-byte little-endian header
length, JSON header, raw little-endian data), since the safetensors package is not in Debian.

Usage: torch_roundtrip.py parity.safetensors dump.txt  (dump.txt from InferDump)."""
import json, math, struct, sys
import torch, torch.nn as nn


def load_file(path):
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    dtypes = {'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64}
    state = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        start, end = entry['data_offsets']
        state[name] = torch.frombuffer(bytearray(body[start:end]), dtype=dtypes[entry['dtype']]).reshape(entry['shape'])
    return state


class ParityNet(nn.Module):  # the README's module
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(16, 32)
        self.hidden.register_parameter("p", nn.Parameter(torch.empty(32)))
        self.logits = nn.Linear(32, 2)

    def forward(self, x, c, alpha=1.15):
        z = self.hidden(x); h = z.clamp(-1, 1)
        d = -torch.where(z >= 0, 1.0, -1.0) * math.copysign(1, 1 - alpha)
        sigma = c * (torch.sigmoid(self.hidden.p * (h - z)) - 0.5) ** 2
        return self.logits(alpha * h + (1 - alpha) * z + d * sigma * math.sqrt(2 / math.pi))


state = load_file(sys.argv[1])
model = ParityNet()
model.load_state_dict({k: v for k, v in state.items() if not k.startswith("noise.")})
lines = open(sys.argv[2]).read().split('\n')
x = torch.tensor([float(t) for t in lines[0].split()]).reshape(-1, 16)
expected = torch.tensor([float(t) for t in lines[1].split()]).reshape(-1, 2)
with torch.no_grad():
    out = model(x, state['noise.hidden.c'].item())
diff = (out - expected).abs().max().item()
print(f"largest difference between PyTorch and Dither: {diff:.2e}")
sys.exit(0 if diff < 1e-5 else 1)
