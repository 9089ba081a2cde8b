"""PyTorch baseline for bench/ensemble_bench.sh: N networks 100-n-10 (tanh, softmax cross-entropy) trained at once
the way a practitioner batches them: stacked weights, torch.baddbmm per layer, autograd, torch.optim.SGD with
momentum, each network its own minibatch order (a gather X[idx] of shape N x B x 100 per step). Same synthetic data
shape, minibatch 100, timing as the Java side (one epoch = (time of 1 + E epochs - time of 1 epoch) / E).

    /usr/bin/python3 bench/ensemble_bench_torch.py --networks 1000 --examples 1000 --epochs 2 --widths 25,100,500
"""
import argparse
import time

import torch


def train(n_networks, width, x, y, epochs, dtype, batch=100):
    g = torch.Generator().manual_seed(1)
    m, d0 = x.shape
    k = 10
    x = x.to(dtype)
    w1 = (0.01 * torch.rand(n_networks, d0, width, generator=g, dtype=dtype)).requires_grad_()
    b1 = (0.01 * torch.rand(n_networks, 1, width, generator=g, dtype=dtype)).requires_grad_()
    w2 = (0.01 * torch.rand(n_networks, width, k, generator=g, dtype=dtype)).requires_grad_()
    b2 = (0.01 * torch.rand(n_networks, 1, k, generator=g, dtype=dtype)).requires_grad_()
    opt = torch.optim.SGD([w1, b1, w2, b2], lr=0.01, momentum=0.9)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.argsort(torch.rand(n_networks, m, generator=g), dim=1)  # each network its own order
        for s in range(0, m, batch):
            idx = order[:, s:s + batch]
            xb = x[idx]                      # N x B x d0
            yb = y[idx]                      # N x B
            h = torch.tanh(torch.baddbmm(b1, xb, w1))
            z = torch.baddbmm(b2, h, w2)
            # the sum over networks of each network's mean loss: every network gets its own mean gradient
            loss = torch.nn.functional.cross_entropy(z.reshape(-1, k), yb.reshape(-1), reduction="sum") / idx.shape[1]
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
    return time.perf_counter() - start


def gemm_rate(dtype, n=2000, reps=5):
    a = torch.rand(n, n, dtype=dtype)
    b = torch.rand(n, n, dtype=dtype)
    a @ b
    best = float("inf")
    for _ in range(reps):
        s = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - s)
    return 2.0 * n ** 3 / best / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--networks", type=int, default=1000)
    p.add_argument("--examples", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--widths", default="25,100,500")
    p.add_argument("--precisions", default="float,double")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    x = torch.rand(a.examples, 100, generator=g, dtype=torch.float64)
    y = torch.randint(0, 10, (a.examples,), generator=g)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads")
    for precision in a.precisions.split(","):
        dtype = torch.float32 if precision == "float" else torch.float64
        for width in (int(w) for w in a.widths.split(",")):
            train(a.networks, width, x, y, 1, dtype)  # warm-up
            # the best of a few: other work on the machine only adds time
            one = min(train(a.networks, width, x, y, 1, dtype) for _ in range(a.repeats))
            more = min(train(a.networks, width, x, y, 1 + a.epochs, dtype) for _ in range(a.repeats))
            epoch = (more - one) / a.epochs
            samples = a.networks * a.examples / epoch
            flops = 2.0 * (2 * 100 * width + 3 * width * 10)
            print(f"torch precision={precision} width={width} networks={a.networks} examples={a.examples} "
                  f"epoch_s={epoch:.4f} samples_per_s={samples:.0f} gflops={samples * flops / 1e9:.2f}")
    print(f"gemm precision=float n=2000 gflops={gemm_rate(torch.float32):.2f}")
    print(f"gemm precision=double n=2000 gflops={gemm_rate(torch.float64):.2f}")


if __name__ == "__main__":
    main()
