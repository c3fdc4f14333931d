#!/usr/bin/python3
"""Independent numerical reference for LocUnlearn's model (llm.c-style parity dump).

Writes, for two tiny 2-layer models with fixed random weights,
  <out>/<name>/model/config.json + model.safetensors   a Hugging Face model folder that LocUnlearn's ModelFolder loads
  <out>/<name>/reference.safetensors                   input_ids, attention_mask, labels, logits, grad.<HF name>
  <out>/<name>/reference.json                          loss, the AdamW hyper-parameters and its 10-step loss trajectory
with <name> = llama3 (LlamaForCausalLM: GQA, llama3 rope_scaling, tied embeddings) and olmo2 (Olmo2ForCausalLM: norms
on the sublayer outputs, q_norm/k_norm over the full projections, untied lm_head, pad_token_id in the config).

The model below is written from Hugging Face's modeling_llama.py / modeling_olmo2.py / modeling_rope_utils.py and
loss_utils.py (ForCausalLMLoss), not from LocUnlearn's C#: a shared misreading would otherwise pass both sides. It is
functional (a dict of tensors keyed by HF state-dict names) so each HF convention shows in a few lines. Everything is
computed in float64 from the float32 weights that are saved, so the dump is the exact maths of HF's definition and the
C# side's difference is its own float32 rounding. Dumped tensors are float32 (plenty for a 1e-4 tolerance).

Regenerate (Debian 12: apt-get install python3-torch python3-numpy; PyTorch 1.13, no transformers or safetensors
module needed; the safetensors format is written here):
    /usr/bin/python3 scripts/reference/make_model_reference.py [--out tests/LocUnlearn.Tests/Model/Reference]
The output is deterministic (seeded CPU generator, single thread); rerunning reproduces the committed files.
"""
import argparse
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

IGNORE_INDEX = -100  # HF's CrossEntropyLoss ignore_index

LLAMA3 = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": 64,
    "hidden_size": 32,
    "intermediate_size": 48,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 8,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-5,
    "rope_theta": 500000.0,
    # head_dim 8 gives wavelengths 2*pi*500000^(i/4) = 6.3, 167, 4443, 118000: with original 256, low 1, high 4 the
    # first is kept (< 64), the second interpolated (64..256) and the last two divided by factor: all three branches.
    "rope_scaling": {
        "rope_type": "llama3",
        "factor": 8.0,
        "low_freq_factor": 1.0,
        "high_freq_factor": 4.0,
        "original_max_position_embeddings": 256,
    },
    "max_position_embeddings": 2048,
    "tie_word_embeddings": True,
    "attention_bias": False,
    "mlp_bias": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "torch_dtype": "float32",
}

OLMO2 = {
    "architectures": ["Olmo2ForCausalLM"],
    "model_type": "olmo2",
    "vocab_size": 64,
    "hidden_size": 32,
    "intermediate_size": 48,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-6,
    "rope_theta": 500000.0,
    "max_position_embeddings": 2048,
    "tie_word_embeddings": False,
    "attention_bias": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    # HF builds nn.Embedding(vocab, hidden, padding_idx=pad_token_id): the pad row gets no gradient from lookups.
    "pad_token_id": 3,
    "torch_dtype": "float32",
}

# Full-parameter AdamW as LocUnlearn's Trainer/MaskedAdamW and torch.optim.AdamW do it: decoupled decay on every
# trained tensor (norm weights included; HF Trainer would exempt norms and biases), global-norm clipping, constant lr.
# The losses fall from ~6 to ~1.8 in 10 steps; weight_decay 0.1 moves them by ~1e-3 (0.01 would hide in the 1e-4
# tolerance) and clipping (the first gradient norms are above 1) by ~4e-2, so both are checked.
ADAMW = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1, "max_grad_norm": 1.0, "steps": 10}


def head_dim(c):
    return c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]


# ----------------------------------------------------------------------------------------------------------- weights

def parameter_shapes(c):
    """HF state-dict names and shapes (LlamaForCausalLM / Olmo2ForCausalLM), in module order."""
    C, F_, V, hd = c["hidden_size"], c["intermediate_size"], c["vocab_size"], head_dim(c)
    nh, nkv = c["num_attention_heads"], c["num_key_value_heads"]
    olmo2 = c["model_type"] == "olmo2"
    shapes = {"model.embed_tokens.weight": (V, C)}
    for l in range(c["num_hidden_layers"]):
        p = f"model.layers.{l}."
        shapes[p + "self_attn.q_proj.weight"] = (nh * hd, C)
        shapes[p + "self_attn.k_proj.weight"] = (nkv * hd, C)
        shapes[p + "self_attn.v_proj.weight"] = (nkv * hd, C)
        shapes[p + "self_attn.o_proj.weight"] = (C, nh * hd)
        if olmo2:
            shapes[p + "self_attn.q_norm.weight"] = (nh * hd,)
            shapes[p + "self_attn.k_norm.weight"] = (nkv * hd,)
        shapes[p + "mlp.gate_proj.weight"] = (F_, C)
        shapes[p + "mlp.up_proj.weight"] = (F_, C)
        shapes[p + "mlp.down_proj.weight"] = (C, F_)
        if olmo2:
            shapes[p + "post_attention_layernorm.weight"] = (C,)
            shapes[p + "post_feedforward_layernorm.weight"] = (C,)
        else:
            shapes[p + "input_layernorm.weight"] = (C,)
            shapes[p + "post_attention_layernorm.weight"] = (C,)
    shapes["model.norm.weight"] = (C,)
    if not c["tie_word_embeddings"]:
        shapes["lm_head.weight"] = (V, C)
    return shapes


def random_weights(c, seed):
    """Float32 weights large enough that logits and attention patterns are far from uniform: embeddings and lm_head
    N(0, 0.25^2) (logits of std ~1.6, loss ~6 against ln 64 = 4.2), projections N(0, 1/fan_in), norm weights
    1 + N(0, 0.2^2) so that a norm weight applied in the wrong place changes the numbers."""
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in parameter_shapes(c).items():
        w = torch.randn(shape, generator=g, dtype=torch.float32)
        if name.endswith("norm.weight"):
            w = 1.0 + 0.2 * w
        elif name in ("model.embed_tokens.weight", "lm_head.weight"):
            w = 0.25 * w
        else:
            w = w / math.sqrt(shape[1])
        weights[name] = w
    return weights


# ------------------------------------------------------------------------------------------------------------- model

def rms_norm(x, weight, eps):
    """LlamaRMSNorm / Olmo2RMSNorm: variance in float32 (here float64), normalise, cast back, times weight."""
    dtype = x.dtype
    h = x.to(torch.float64)
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return weight * h.to(dtype)


def inv_freq(c):
    """modeling_rope_utils: default inverse frequencies, rescaled by _compute_llama3_parameters for llama3."""
    dim = head_dim(c)
    base = c["rope_theta"]
    freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).to(torch.float64) / dim))
    rs = c.get("rope_scaling")
    if not rs or rs.get("rope_type", rs.get("type")) == "default":
        return freq
    assert rs["rope_type"] == "llama3"
    factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old_context = rs["original_max_position_embeddings"]
    low_freq_wavelen, high_freq_wavelen = old_context / low, old_context / high
    wavelen = 2 * math.pi / freq
    scaled = torch.where(wavelen > low_freq_wavelen, freq / factor, freq)
    smooth = (old_context / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    is_medium = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
    return torch.where(is_medium, smoothed, scaled)


def rotary_cos_sin(c, position_ids):
    """LlamaRotaryEmbedding.forward: freqs = inv_freq x positions, emb = cat(freqs, freqs): (B, T, head_dim)."""
    freqs = position_ids[:, :, None].to(torch.float64) * inv_freq(c)[None, None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rotary(x, cos, sin):
    """apply_rotary_pos_emb with unsqueeze_dim=1: x (B, heads, T, hd), cos/sin (B, T, hd)."""
    return x * cos[:, None] + rotate_half(x) * sin[:, None]


def repeat_kv(x, n_rep):
    """(B, kv_heads, T, hd) -> (B, kv_heads * n_rep, T, hd): each kv head serves n_rep consecutive query heads."""
    b, kv, t, hd = x.shape
    return x[:, :, None].expand(b, kv, n_rep, t, hd).reshape(b, kv * n_rep, t, hd)


def causal_padding_mask(attention_mask):
    """Additive mask (B, 1, T, T) of HF's create_causal_mask: key j is visible from query i iff j <= i and key j is a
    real token; masked entries get the dtype's minimum."""
    b, t = attention_mask.shape
    causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
    allowed = causal[None, None] & attention_mask[:, None, None, :].bool()
    mask = torch.zeros(b, 1, t, t, dtype=torch.float64)
    return mask.masked_fill(~allowed, torch.finfo(torch.float64).min)


def attention(w, p, c, x, cos, sin, mask):
    """LlamaAttention / Olmo2Attention with eager_attention_forward (what sdpa computes too)."""
    b, t, _ = x.shape
    hd, nh, nkv = head_dim(c), c["num_attention_heads"], c["num_key_value_heads"]
    q = x @ w[p + "q_proj.weight"].T  # (B, T, nh*hd)
    k = x @ w[p + "k_proj.weight"].T  # (B, T, nkv*hd)
    v = x @ w[p + "v_proj.weight"].T
    if c["model_type"] == "olmo2":
        # OLMo2 normalises the whole projection (all heads together) before splitting into heads.
        q = rms_norm(q, w[p + "q_norm.weight"], c["rms_norm_eps"])
        k = rms_norm(k, w[p + "k_norm.weight"], c["rms_norm_eps"])
    q = q.view(b, t, nh, hd).transpose(1, 2)  # (B, nh, T, hd)
    k = k.view(b, t, nkv, hd).transpose(1, 2)  # (B, nkv, T, hd)
    v = v.view(b, t, nkv, hd).transpose(1, 2)
    q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
    k, v = repeat_kv(k, nh // nkv), repeat_kv(v, nh // nkv)
    scores = (q @ k.transpose(2, 3)) * hd ** -0.5 + mask  # (B, nh, T, T)
    probs = F.softmax(scores, dim=-1)
    out = (probs @ v).transpose(1, 2).reshape(b, t, nh * hd)
    return out @ w[p + "o_proj.weight"].T


def mlp(w, p, x):
    """LlamaMLP / Olmo2MLP: down(silu(gate(x)) * up(x))."""
    gate = x @ w[p + "gate_proj.weight"].T
    up = x @ w[p + "up_proj.weight"].T
    return (F.silu(gate) * up) @ w[p + "down_proj.weight"].T


def embed(w, c, input_ids):
    """nn.Embedding(vocab, hidden, padding_idx=pad_token_id): F.embedding with padding_idx, whose backward leaves the
    pad row's gradient from lookups at zero (a tied lm_head still contributes to it)."""
    return F.embedding(input_ids, w["model.embed_tokens.weight"], padding_idx=c.get("pad_token_id"))


def forward(w, c, input_ids, attention_mask):
    """Logits (B, T, V) of LlamaForCausalLM / Olmo2ForCausalLM.forward(input_ids, attention_mask): position_ids
    default to arange(T) (cache_position), as in HF's forward."""
    b, t = input_ids.shape
    eps = c["rms_norm_eps"]
    h = embed(w, c, input_ids)  # (B, T, C)
    cos, sin = rotary_cos_sin(c, torch.arange(t)[None].expand(b, t))
    mask = causal_padding_mask(attention_mask)
    for l in range(c["num_hidden_layers"]):
        p = f"model.layers.{l}."
        if c["model_type"] == "olmo2":
            h = h + rms_norm(attention(w, p + "self_attn.", c, h, cos, sin, mask), w[p + "post_attention_layernorm.weight"], eps)
            h = h + rms_norm(mlp(w, p + "mlp.", h), w[p + "post_feedforward_layernorm.weight"], eps)
        else:
            h = h + attention(w, p + "self_attn.", c, rms_norm(h, w[p + "input_layernorm.weight"], eps), cos, sin, mask)
            h = h + mlp(w, p + "mlp.", rms_norm(h, w[p + "post_attention_layernorm.weight"], eps))
    h = rms_norm(h, w["model.norm.weight"], eps)
    lm_head = w["model.embed_tokens.weight"] if c["tie_word_embeddings"] else w["lm_head.weight"]
    return h @ lm_head.T


def causal_lm_loss(logits, labels):
    """loss_utils.ForCausalLMLoss without num_items_in_batch: labels padded with -100 and shifted left, mean
    cross-entropy over the labelled tokens of the whole batch."""
    shift_labels = F.pad(labels, (0, 1), value=IGNORE_INDEX)[:, 1:]
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), shift_labels.reshape(-1), ignore_index=IGNORE_INDEX)


# -------------------------------------------------------------------------------------------------------------- data

def batch(c, seed):
    """Two rows of T = 10: row 0 is all real with its 3-token prompt unlabelled (-100), row 1 has 7 real tokens and 3
    right-padding positions (attention_mask 0, label -100). When the config names a pad token, row 0 also uses it at a
    real position (as when pad = eos), so HF's padding_idx rule shows in the embedding gradient."""
    g = torch.Generator().manual_seed(seed)
    t, real = 10, 7
    ids = torch.randint(4, c["vocab_size"], (2, t), generator=g)
    ids[:, 0] = c["bos_token_id"]
    pad = c.get("pad_token_id")
    ids[1, real:] = pad if pad is not None else 0
    if pad is not None:
        ids[0, 5] = pad
    attention_mask = torch.ones(2, t, dtype=torch.int64)
    attention_mask[1, real:] = 0
    labels = ids.clone()
    labels[0, :3] = IGNORE_INDEX
    labels[attention_mask == 0] = IGNORE_INDEX
    return ids, attention_mask, labels


# ------------------------------------------------------------------------------------------------------------ output

def write_safetensors(path, tensors, metadata=None):
    """safetensors: u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}}, raw bytes."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        a = t.detach().cpu().numpy()
        dtype = {np.dtype("float32"): ("F32", "<f4"), np.dtype("float64"): ("F64", "<f8"),
                 np.dtype("int64"): ("I64", "<i8")}[a.dtype]
        raw = np.ascontiguousarray(a.astype(dtype[1])).tobytes()
        header[name] = {"dtype": dtype[0], "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # 8-byte aligned data, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def leaves(weights):
    """Float64 trainable copies of the float32 weights, in state-dict order."""
    return {n: w.to(torch.float64).requires_grad_(True) for n, w in weights.items()}


def adamw_trajectory(weights, c, ids, attention_mask, labels):
    """Loss before each of ADAMW['steps'] full-parameter AdamW steps on the same batch (the Trainer's loss record)."""
    w = leaves(weights)
    opt = torch.optim.AdamW(list(w.values()), lr=ADAMW["lr"], betas=(ADAMW["beta1"], ADAMW["beta2"]),
                            eps=ADAMW["eps"], weight_decay=ADAMW["weight_decay"])
    losses = []
    for _ in range(ADAMW["steps"]):
        opt.zero_grad()
        loss = causal_lm_loss(forward(w, c, ids, attention_mask), labels)
        losses.append(loss.item())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(w.values()), ADAMW["max_grad_norm"])
        opt.step()
    return losses


def dump(name, c, seed, out):
    weights = random_weights(c, seed)
    ids, attention_mask, labels = batch(c, seed + 1)
    w = leaves(weights)
    logits = forward(w, c, ids, attention_mask)
    loss = causal_lm_loss(logits, labels)
    loss.backward()
    trajectory = adamw_trajectory(weights, c, ids, attention_mask, labels)

    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "model"), exist_ok=True)
    with open(os.path.join(folder, "model", "config.json"), "w") as f:
        json.dump(c, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(folder, "model", "model.safetensors"), weights, {"format": "pt"})
    tensors = {"input_ids": ids, "attention_mask": attention_mask, "labels": labels, "logits": logits.float()}
    tensors.update({"grad." + n: t.grad.float() for n, t in w.items()})
    write_safetensors(os.path.join(folder, "reference.safetensors"), tensors)
    reference = {"loss": loss.item(), "adamw": dict(ADAMW), "adamw_losses": trajectory,
                 "torch_version": torch.__version__, "seed": seed}
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    print(f"{name}: loss {loss.item():.6f}, logits std {logits.std().item():.3f}, "
          f"AdamW losses {trajectory[0]:.4f} -> {trajectory[-1]:.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                      "tests", "LocUnlearn.Tests", "Model", "Reference"))
    args = parser.parse_args()
    torch.set_num_threads(1)  # reductions in a fixed order: the dump is reproducible bit for bit
    dump("llama3", LLAMA3, 1234, args.out)
    dump("olmo2", OLMO2, 5678, args.out)


if __name__ == "__main__":
    main()
