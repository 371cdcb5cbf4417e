//! A small decoder-only transformer (GPT-style, pre-LayerNorm) in tch.

use tch::nn;
use tch::{Device, Kind, Tensor};

/// Model size.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct ModelConfig {
    /// Vocabulary size.
    pub vocab: i64,
    /// Longest sequence (prompt + response).
    pub ctx: i64,
    /// Embedding width.
    pub d_model: i64,
    /// Attention heads.
    pub heads: i64,
    /// Transformer blocks.
    pub layers: i64,
}

#[derive(Debug)]
struct Block {
    ln1: nn::LayerNorm,
    qkv: nn::Linear,
    proj: nn::Linear,
    ln2: nn::LayerNorm,
    fc1: nn::Linear,
    fc2: nn::Linear,
    heads: i64,
}

impl Block {
    fn new(p: &nn::Path, cfg: &ModelConfig) -> Self {
        let d = cfg.d_model;
        let ln = nn::LayerNormConfig::default();
        // GPT-2's scaled init of residual projections keeps the residual
        // stream's variance flat across layers.
        let resid = nn::LinearConfig {
            ws_init: nn::Init::Randn { mean: 0.0, stdev: 0.02 / (2.0 * cfg.layers as f64).sqrt() },
            ..Default::default()
        };
        let normal = nn::LinearConfig {
            ws_init: nn::Init::Randn { mean: 0.0, stdev: 0.02 },
            ..Default::default()
        };
        Self {
            ln1: nn::layer_norm(p / "ln1", vec![d], ln),
            qkv: nn::linear(p / "qkv", d, 3 * d, normal),
            proj: nn::linear(p / "proj", d, d, resid),
            ln2: nn::layer_norm(p / "ln2", vec![d], ln),
            fc1: nn::linear(p / "fc1", d, 4 * d, normal),
            fc2: nn::linear(p / "fc2", 4 * d, d, resid),
            heads: cfg.heads,
        }
    }

    fn forward(&self, x: &Tensor, causal: &Tensor) -> Tensor {
        let (b, t, c) = x.size3().expect("[batch, time, channels]");
        let hd = c / self.heads;
        let qkv = x.apply(&self.ln1).apply(&self.qkv);
        let parts = qkv.split(c, 2);
        let heads = |z: &Tensor| z.view([b, t, self.heads, hd]).transpose(1, 2);
        let (q, k, v) = (heads(&parts[0]), heads(&parts[1]), heads(&parts[2]));
        let att = q.matmul(&k.transpose(-2, -1)) * (1.0 / (hd as f64).sqrt());
        let att = att.masked_fill(causal, f64::NEG_INFINITY).softmax(-1, Kind::Float);
        let y = att.matmul(&v).transpose(1, 2).contiguous().view([b, t, c]).apply(&self.proj);
        let x = x + y;
        let h = x.apply(&self.ln2).apply(&self.fc1).gelu("tanh").apply(&self.fc2);
        x + h
    }
}

/// The policy: token ids `[batch, time]` → logits `[batch, time, vocab]`.
#[derive(Debug)]
pub struct Transformer {
    tok: nn::Embedding,
    pos: nn::Embedding,
    blocks: Vec<Block>,
    ln_f: nn::LayerNorm,
    head: nn::Linear,
    causal: Tensor,
    /// True for tokens outside the action space (see `vocab::response_mask`).
    banned: Tensor,
}

impl Transformer {
    /// Builds the model's variables under `p`.
    pub fn new(p: &nn::Path, cfg: &ModelConfig) -> Self {
        let emb = nn::EmbeddingConfig {
            ws_init: nn::Init::Randn { mean: 0.0, stdev: 0.02 },
            ..Default::default()
        };
        let blocks = (0..cfg.layers).map(|i| Block::new(&(p / "blocks" / i), cfg)).collect();
        // A zero-initialised head makes the initial policy exactly uniform
        // over the vocabulary: no token is favoured before any reward.
        let head = nn::LinearConfig { ws_init: nn::Init::Const(0.0), ..Default::default() };
        Self {
            tok: nn::embedding(p / "tok", cfg.vocab, cfg.d_model, emb),
            pos: nn::embedding(p / "pos", cfg.ctx, cfg.d_model, emb),
            blocks,
            ln_f: nn::layer_norm(p / "ln_f", vec![cfg.d_model], Default::default()),
            head: nn::linear(p / "head", cfg.d_model, cfg.vocab, head),
            causal: Tensor::ones([cfg.ctx, cfg.ctx], (Kind::Bool, p.device())).triu(1),
            banned: Tensor::from_slice(&crate::vocab::response_mask())
                .logical_not()
                .to_device(p.device()),
        }
    }

    /// Logits for every position.
    pub fn forward(&self, tokens: &Tensor) -> Tensor {
        let t = tokens.size()[1];
        let positions = Tensor::arange(t, (Kind::Int64, tokens.device()));
        let mut x = tokens.apply(&self.tok) + positions.apply(&self.pos);
        let causal = self.causal.narrow(0, 0, t).narrow(1, 0, t);
        for block in &self.blocks {
            x = block.forward(&x, &causal);
        }
        x.apply(&self.ln_f).apply(&self.head)
    }

    /// Logits restricted to the action space: banned tokens get a large
    /// negative logit (not -inf, so that `p * log p` stays 0 in the
    /// entropy instead of NaN).
    pub fn policy_logits(&self, tokens: &Tensor) -> Tensor {
        self.forward(tokens).masked_fill(&self.banned, -1e9)
    }

    /// The device of the model.
    pub fn device(&self) -> Device {
        self.causal.device()
    }
}
