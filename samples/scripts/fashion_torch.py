#!/usr/bin/python3
"""Issue 8's Fashion-MNIST protocol in PyTorch, for a reference measured on the same machine.

MLP 784-256-128-10 with one activation (relu, tanh or hardtanh), nn.Linear's default
initialisation, pixels / 255, Adam 1e-3, batch 128 with a fresh shuffle each epoch (last batch
smaller), mean cross-entropy, 20 epochs; test accuracy after the last epoch. The same protocol
as Dither's fashion-mnist experiment (docs/results.md), one intra-op thread per run.

Usage: fashion_torch.py ACTIVATION SEED [SEED ...] > results.tsv
Reads the gzipped IDX files from /usr/share/datasets/fashion-mnist (Debian's
dataset-fashion-mnist); needs Debian's python3-torch.
"""
import gzip
import struct
import sys
import time

import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{DATA}/{name}", "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">i", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "i" * dims, raw[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def run(activation, seed, train_x, train_y, test_x, test_y):
    torch.manual_seed(seed)
    act = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "hardtanh": torch.nn.Hardtanh}[activation]
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), act(), torch.nn.Linear(256, 128), act(),
                                torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.time()
    for _ in range(20):
        order = torch.randperm(train_x.shape[0])
        for i in range(0, train_x.shape[0], 128):
            batch = order[i:i + 128]
            opt.zero_grad()
            loss_fn(model(train_x[batch]), train_y[batch]).backward()
            opt.step()
    seconds = time.time() - start
    with torch.no_grad():
        accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
    return accuracy, seconds


def main():
    torch.set_num_threads(1)
    activation, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    train_x = idx("train-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255
    train_y = idx("train-labels-idx1-ubyte.gz").long()
    test_x = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255
    test_y = idx("t10k-labels-idx1-ubyte.gz").long()
    for seed in seeds:
        accuracy, seconds = run(activation, seed, train_x, train_y, test_x, test_y)
        print(f"{activation}\t{seed}\t{accuracy:.4f}\t{seconds:.0f}\tPyTorch {torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
