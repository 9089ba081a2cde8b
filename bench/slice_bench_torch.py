#!/usr/bin/python3
"""PyTorch baseline for bench/slice_bench.sh: the per-point loop Python landscape tools use (set theta, forward).

Same network shape (100-100-10 tanh, cross-entropy), 10,000 examples, double precision, 2 threads.
Prints "key value" lines.
"""
import sys
import time

import torch

examples = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
side = int(sys.argv[2]) if len(sys.argv) > 2 else 12
torch.set_num_threads(2)
torch.manual_seed(0)
x = torch.randn(examples, 100, dtype=torch.float64)
labels = torch.randint(0, 10, (examples,))
net = torch.nn.Sequential(torch.nn.Linear(100, 100), torch.nn.Tanh(), torch.nn.Linear(100, 10)).double()
loss_fn = torch.nn.CrossEntropyLoss()
theta = torch.nn.utils.parameters_to_vector(net.parameters()).detach().clone()
d1, d2 = torch.randn_like(theta), torch.randn_like(theta)


def gemm_rate():
    n = 1500
    a, b = torch.rand(n, n, dtype=torch.float64), torch.rand(n, n, dtype=torch.float64)
    a @ b
    t = time.perf_counter()
    for _ in range(5):
        a @ b
    return 5 * 2.0 * n ** 3 / (time.perf_counter() - t) / 1e9


with torch.no_grad():
    print("torch_gemm_gflops %.4g" % gemm_rate())
    grid = torch.linspace(-1, 1, side, dtype=torch.float64)
    torch.nn.utils.vector_to_parameters(theta, net.parameters())
    loss_fn(net(x), labels)  # warm-up
    best = float("inf")
    for _ in range(3):  # best of three, as the Java side
        t = time.perf_counter()
        for a in grid:
            for b in grid:
                torch.nn.utils.vector_to_parameters(theta + a * d1 + b * d2, net.parameters())
                loss_fn(net(x), labels).item()
        best = min(best, time.perf_counter() - t)
    rate = side * side / best
    print("torch_per_point_points_per_s %.4g" % rate)
