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
        // Weights at 1/sqrt(fan-in), so each branch starts at the scale of
        // its input (GPT-2's fixed 0.02 made the attention path from the
        // prompt to the answer a small fraction of the residual stream and
        // learned the copy from the prompt several times slower here);
        // GPT-2's 1/sqrt(2 * layers) on the residual projections keeps the
        // residual stream's variance flat across layers.
        let base = 1.0 / (d as f64).sqrt();
        let resid = nn::LinearConfig {
            ws_init: nn::Init::Randn { mean: 0.0, stdev: base / (2.0 * cfg.layers as f64).sqrt() },
            ..Default::default()
        };
        let normal = nn::LinearConfig {
            ws_init: nn::Init::Randn { mean: 0.0, stdev: base },
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

    /// One block over `x` `[batch, t, channels]`. With a `cache`, the
    /// keys and values of earlier positions are prepended (and the new
    /// ones appended to it); `causal` masks the `[t, t_total]` scores, and
    /// is `None` for a single new position, which sees everything before it.
    fn forward(&self, x: &Tensor, causal: Option<&Tensor>, cache: Option<&mut KvCache>) -> Tensor {
        let (b, t, c) = x.size3().expect("[batch, time, channels]");
        let hd = c / self.heads;
        let qkv = x.apply(&self.ln1).apply(&self.qkv);
        let parts = qkv.split(c, 2);
        let heads = |z: &Tensor| z.view([b, t, self.heads, hd]).transpose(1, 2);
        let (q, mut k, mut v) = (heads(&parts[0]), heads(&parts[1]), heads(&parts[2]));
        if let Some(cache) = cache {
            if let Some((pk, pv)) = cache.take() {
                k = Tensor::cat(&[pk, k], 2);
                v = Tensor::cat(&[pv, v], 2);
            }
            *cache = Some((k.shallow_clone(), v.shallow_clone()));
        }
        let mut att = q.matmul(&k.transpose(-2, -1)) * (1.0 / (hd as f64).sqrt());
        if let Some(causal) = causal {
            att = att.masked_fill(causal, f64::NEG_INFINITY);
        }
        let att = att.softmax(-1, Kind::Float);
        let y = att.matmul(&v).transpose(1, 2).contiguous().view([b, t, c]).apply(&self.proj);
        let x = x + y;
        let h = x.apply(&self.ln2).apply(&self.fc1).gelu("tanh").apply(&self.fc2);
        x + h
    }
}

/// The keys and values of one block for the positions decoded so far.
type KvCache = Option<(Tensor, Tensor)>;

/// Incremental decoding state: one key/value cache per block and the
/// number of positions already seen.
#[derive(Debug)]
pub struct Decoder {
    caches: Vec<KvCache>,
    pos: i64,
    /// The banned tokens of each row `[batch, vocab]`.
    banned: Tensor,
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
    /// Row `o`: true for the tokens outside the action space after opener
    /// `o` (see `vocab::action_mask`), `[vocab, vocab]`.
    banned: Tensor,
}

impl Transformer {
    /// Builds the model's variables under `p`.
    pub fn new(p: &nn::Path, cfg: &ModelConfig) -> Self {
        let emb = nn::EmbeddingConfig {
            // Unit-variance token and position embeddings (torch's default):
            // which token is where dominates the residual stream from the
            // start.
            ws_init: nn::Init::Randn { mean: 0.0, stdev: 1.0 },
            ..Default::default()
        };
        let blocks = (0..cfg.layers).map(|i| Block::new(&(p / "blocks" / i), cfg)).collect();
        // A zero-initialised head (weights and bias; tch's default bias is
        // uniform in +-1/sqrt(d)) makes the initial policy exactly uniform
        // over the action space: no token is favoured before any reward.
        let head = nn::LinearConfig {
            ws_init: nn::Init::Const(0.0),
            bs_init: Some(nn::Init::Const(0.0)),
            ..Default::default()
        };
        Self {
            tok: nn::embedding(p / "tok", cfg.vocab, cfg.d_model, emb),
            pos: nn::embedding(p / "pos", cfg.ctx, cfg.d_model, emb),
            blocks,
            ln_f: nn::layer_norm(p / "ln_f", vec![cfg.d_model], Default::default()),
            head: nn::linear(p / "head", cfg.d_model, cfg.vocab, head),
            causal: Tensor::ones([cfg.ctx, cfg.ctx], (Kind::Bool, p.device())).triu(1),
            banned: Tensor::from_slice(&crate::vocab::action_masks())
                .logical_not()
                .view([cfg.vocab, cfg.vocab])
                .to_device(p.device()),
        }
    }

    /// Logits for every position.
    pub fn forward(&self, tokens: &Tensor) -> Tensor {
        let t = tokens.size()[1];
        let causal = self.causal.narrow(0, 0, t).narrow(1, 0, t);
        let mut x = self.embed(tokens, 0);
        for block in &self.blocks {
            x = block.forward(&x, Some(&causal), None);
        }
        x.apply(&self.ln_f).apply(&self.head)
    }

    fn embed(&self, tokens: &Tensor, start: i64) -> Tensor {
        let t = tokens.size()[1];
        let positions = Tensor::arange_start(start, start + t, (Kind::Int64, tokens.device()));
        tokens.apply(&self.tok) + positions.apply(&self.pos)
    }

    /// The banned tokens `[batch, vocab]` of each row, from its opener
    /// (the token at `opener_at`).
    fn banned_for(&self, tokens: &Tensor, opener_at: i64) -> Tensor {
        self.banned.index_select(0, &tokens.select(1, opener_at))
    }

    /// Logits restricted to the action space of each row's answer
    /// container (the opener is the token at `opener_at`, the prompt's
    /// last): banned tokens get a large negative logit (not -inf, so that
    /// `p * log p` stays 0 in the entropy instead of NaN).
    pub fn policy_logits(&self, tokens: &Tensor, opener_at: i64) -> Tensor {
        let banned = self.banned_for(tokens, opener_at).unsqueeze(1);
        self.forward(tokens).masked_fill(&banned, -1e9)
    }

    /// Starts incremental decoding: runs the prompts `[batch, p]` (the
    /// last token is the opener) and returns the decoder state and the
    /// policy logits of the next token `[batch, vocab]`. Same values as
    /// [`policy_logits`](Self::policy_logits) on the whole sequence, up to
    /// float rounding, but each new token costs one position instead of
    /// the whole prefix.
    pub fn start_decoding(&self, prompts: &Tensor) -> (Decoder, Tensor) {
        let banned = self.banned_for(prompts, prompts.size()[1] - 1);
        let mut dec =
            Decoder { caches: self.blocks.iter().map(|_| None).collect(), pos: 0, banned };
        let logits = self.decode(&mut dec, prompts);
        (dec, logits)
    }

    /// Feeds `tokens` `[batch, t]` to the decoder; the policy logits of the
    /// token after the last one.
    pub fn decode(&self, dec: &mut Decoder, tokens: &Tensor) -> Tensor {
        let t = tokens.size()[1];
        let total = dec.pos + t;
        let causal = (t > 1).then(|| self.causal.narrow(0, dec.pos, t).narrow(1, 0, total));
        let mut x = self.embed(tokens, dec.pos);
        for (block, cache) in self.blocks.iter().zip(dec.caches.iter_mut()) {
            x = block.forward(&x, causal.as_ref(), Some(cache));
        }
        dec.pos = total;
        x.select(1, -1).apply(&self.ln_f).apply(&self.head).masked_fill(&dec.banned, -1e9)
    }

    /// The device of the model.
    pub fn device(&self) -> Device {
        self.causal.device()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_decoding_matches_the_full_forward() {
        tch::manual_seed(1);
        let cfg =
            ModelConfig { vocab: crate::vocab::size(), ctx: 8, d_model: 16, heads: 2, layers: 2 };
        let vs = nn::VarStore::new(Device::Cpu);
        let model = Transformer::new(&vs.root(), &cfg);
        // A non-zero head, so that the logits depend on the input.
        for (name, mut v) in vs.variables() {
            if name.starts_with("head") {
                tch::no_grad(|| v.copy_(&Tensor::randn_like(&v)));
            }
        }
        let p = 4;
        let mut rows = [crate::vocab::encode("1+2="), crate::vocab::encode("ab:_")];
        rows[0].push(crate::vocab::BOXED);
        rows[1].push(crate::vocab::ANSWER);
        let prompts = Tensor::from_slice(&rows.concat()).view([2, p + 1]);
        let next =
            Tensor::from_slice(&[crate::vocab::char_token('3'), crate::vocab::char_token('a')])
                .view([2, 1]);
        let (mut dec, first) = model.start_decoding(&prompts);
        let second = model.decode(&mut dec, &next);
        let full = model.policy_logits(&Tensor::cat(&[&prompts, &next], 1), p);
        let diff = |a: &Tensor, b: &Tensor| (a - b).abs().max().double_value(&[]);
        assert!(diff(&first, &full.select(1, p)) < 1e-4);
        assert!(diff(&second, &full.select(1, p + 1)) < 1e-4);
        // The container's action space: no letters after `\boxed{`.
        let a = crate::vocab::char_token('a');
        assert!(first.double_value(&[0, a]) < -1e8 && first.double_value(&[1, a]) > -1e8);
        assert!(first.double_value(&[0, 0]) < -1e8 && first.double_value(&[1, 0]) < -1e8);
    }
}
