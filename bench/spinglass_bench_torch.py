#!/usr/bin/python3
"""The PyTorch version of one projected gradient-descent step of the spherical 3-spin glass, for many walkers.

Same algorithm and the same arithmetic as the Java library (org.landscape.spinglass): the coupling matrix has one
row per monomial w_a w_b (a <= b), Lambda (Lambda + 1) / 2 rows by Lambda columns, stored in blocks of at most 8 MB;
each step builds the walkers' monomials block by block and accumulates one matrix product per block, then removes
the radial part of the gradient, steps and rescales onto the sphere. Double precision throughout.

  /usr/bin/python3 bench/spinglass_bench_torch.py [--walkers 1000] [--repeats 3] [--sizes 100,250,500]

Prints one "torch-step" line per size and a "torch-gemm" line, like the Java benchmark.
"""
import argparse
import math
import os
import time

import torch


def gemm_rate(n=2000, reps=5):
    a = torch.rand(n, n, dtype=torch.float64)
    b = torch.rand(n, n, dtype=torch.float64)
    a @ b
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t)
    return 2.0 * n ** 3 / best / 1e9


def step_fn(lam, walkers):
    rows = lam * (lam + 1) // 2
    block_rows = max(1, min(rows, (8 << 20) // (8 * lam)))
    # monomial (a, b), a <= b, in the Java library's order: b outer, a inner (rank = a + b (b + 1) / 2)
    b_idx = torch.cat([torch.full((b + 1,), b, dtype=torch.long) for b in range(lam)])
    a_idx = torch.cat([torch.arange(b + 1) for b in range(lam)])
    gen = torch.Generator().manual_seed(1)
    blocks = []
    for r0 in range(0, rows, block_rows):
        r1 = min(rows, r0 + block_rows)
        blocks.append((a_idx[r0:r1], b_idx[r0:r1], torch.randn(r1 - r0, lam, dtype=torch.float64, generator=gen)))
    scale = lam ** -1.0
    w = torch.randn(walkers, lam, dtype=torch.float64, generator=gen)
    w *= math.sqrt(lam) / w.norm(dim=1, keepdim=True)
    eta = 1.5 / (2 * math.sqrt(6) + 3 * 2 * math.sqrt(2 / 3))

    def step(w):
        g = torch.zeros(walkers, lam, dtype=torch.float64)
        for a, b, block in blocks:
            mono = w[:, a] * w[:, b]             # walkers x block rows
            g.addmm_(mono, block, alpha=scale)   # g += scale * mono @ block
        radial = (w * g).sum(dim=1, keepdim=True) / lam
        w = w - eta * (g - radial * w)
        return w * (math.sqrt(lam) / w.norm(dim=1, keepdim=True))

    flops = 2.0 * walkers * rows * lam
    return step, w, flops


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--walkers", type=int, default=1000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--sizes", default="100,250,500")
    args = p.parse_args()
    torch.set_num_threads(os.cpu_count())
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: "
          f"{'mkl' if torch.backends.mkl.is_available() else 'system (see torch.__config__.show())'}", flush=True)
    gemm = gemm_rate()
    print(f"torch-gemm n=2000 gflops={gemm:.2f}", flush=True)
    with torch.no_grad():
        for lam in (int(s) for s in args.sizes.split(",")):
            step, w, flops = step_fn(lam, args.walkers)
            w = step(w)  # warm-up
            times = []
            for _ in range(args.repeats):
                t = time.perf_counter()
                w = step(w)
                times.append(time.perf_counter() - t)
            times.sort()
            s = times[len(times) // 2]
            print(f"torch-step lambda={lam} walkers={args.walkers} step_s={s:.4f} gflops={flops / s / 1e9:.2f} "
                  f"fraction_of_torch_gemm={flops / s / 1e9 / gemm:.2f}", flush=True)


if __name__ == "__main__":
    main()
