#!/usr/bin/env python3
"""PyTorch eager reference for `scripts/device-check` part e: training tokens/s of an HF config with random weights.

The step mirrors what `locunlearn bench throughput` does, so the two figures compare the same work: bf16 weights and
an fp32 master copy of each, AdamW (lr 1e-5, weight decay 0.01) on the fp32 masters, the loss in fp32 over the shifted
labels, `loss.item()` once per step (the tool reads every loss to stop on NaN), global-norm clipping at 1.0, and the
bf16 weights set from the masters after the step. HF transformers' LlamaForCausalLM (its default attention, SDPA),
no torch.compile: plain eager PyTorch. Prints and writes one JSON object.
"""
import argparse
import json
import statistics
import sys
import time


def matmul_parameters(c):
    """Parameters of every matmul (attention with grouped-query k/v, MLP, output projection), as ModelFlops.cs."""
    head_dim = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
    q = c["num_attention_heads"] * head_dim
    kv = c["num_key_value_heads"] * head_dim
    d, ff = c["hidden_size"], c["intermediate_size"]
    layer = d * (q + 2 * kv) + q * d + 3 * d * ff
    return c["num_hidden_layers"] * layer + c["vocab_size"] * d


def step_flops(c, rows, tokens):
    """6·N·rows·tokens + 12·L·T²·(heads·head_dim)·rows (PaLM appendix B), as ModelFlops.TrainingStep."""
    head_dim = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
    attention = 12.0 * c["num_hidden_layers"] * tokens * tokens * c["num_attention_heads"] * head_dim * rows
    return 6.0 * matmul_parameters(c) * rows * tokens + attention


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", required=True, help="HF config.json")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--peak-tflops", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    result = {"case": "pytorch-eager-reference", "config": args.config, "device": args.device, "rows": args.batch, "tokens": args.seq}
    try:
        result.update(measure(args))
        status = 0
    except Exception as e:  # the device check records the failure and goes on with its other parts
        result["error"] = f"{type(e).__name__}: {e}"
        status = 1
    text = json.dumps(result, indent=2)
    with open(args.out, "w") as f:
        f.write(text + "\n")
    print(text)
    return status


def measure(args):
    import torch
    import torch.nn.functional as F
    import transformers

    with open(args.config) as f:
        raw = json.load(f)
    config = transformers.AutoConfig.from_pretrained(args.config)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    with device:
        model = transformers.AutoModelForCausalLM.from_config(config)
    model = model.to(dtype=torch.bfloat16)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    masters = [p.detach().float().clone().requires_grad_(True) for p in params]
    optimizer = torch.optim.AdamW(masters, lr=1e-5, weight_decay=0.01)
    ids = torch.randint(3, raw["vocab_size"], (args.batch, args.seq), device=device)
    labels = torch.cat([ids[:, 1:], torch.full((args.batch, 1), -100, device=device)], dim=1)

    def synchronize():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    def step():
        for p in params:
            p.grad = None
        logits = model(input_ids=ids).logits
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100)
        value = loss.item()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        for m, p in zip(masters, params):
            m.grad = p.grad.float()
        optimizer.step()
        with torch.no_grad():
            for m, p in zip(masters, params):
                p.copy_(m)
        synchronize()
        return value

    for _ in range(args.warmup):
        step()
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    flops = step_flops(raw, args.batch, args.seq)
    out = {
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "attention": getattr(model.config, "_attn_implementation", None),
        "parameters": sum(p.numel() for p in params),
        "step_seconds": seconds,
        "step_s": median,
        "tokens_per_s": args.batch * args.seq / median,
        "tflop_per_s": flops / median / 1e12,
        "step_tflop": flops / 1e12,
    }
    if args.peak_tflops > 0:
        out["mfu"] = flops / median / 1e12 / args.peak_tflops
    if device.type == "cuda":
        out["device_name"] = torch.cuda.get_device_name(device)
        out["max_memory_allocated_bytes"] = torch.cuda.max_memory_allocated(device)
    return out


if __name__ == "__main__":
    sys.exit(main())
