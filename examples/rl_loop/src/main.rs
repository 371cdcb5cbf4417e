//! GRPO from scratch on rlvr rewards.
//!
//! A small decoder-only transformer over a character vocabulary learns two
//! procedurally generated, verifiable task families (arithmetic graded by
//! rlvr-math through `\boxed{}`, letter ordering graded by rlvr-logic
//! through `<answer>`) purely from the rewards of
//! [`Registry::verify_batch`](rlvr::Registry::verify_batch), the same call
//! a real trainer makes. The reward-side maths (dense rewards, group
//! advantages, shaping, pass@k) is `rlvr::rl`; this file only samples,
//! computes log-probabilities and steps the optimiser.
//!
//! See README.md for the flags, outputs and measured figures.

mod cuda;
mod model;
mod plot;
mod rng;
mod task;
mod vocab;

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use rlvr::rl::{self, GroupAdvantage, OnError, Shaping};
use rlvr::{BatchOptions, Registry};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tch::{Device, Kind, Tensor, nn, nn::OptimizerConfig};

use crate::model::{ModelConfig, Transformer};
use crate::rng::Rng;
use crate::task::{Domain, Task, TaskConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DeviceArg {
    /// CUDA when it loads and a GPU is visible, else CPU.
    Auto,
    /// CPU only; CUDA is not even loaded.
    Cpu,
    /// CUDA or fail.
    Cuda,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ErrorPolicy {
    /// Mask ungraded samples out of advantages and loss.
    Skip,
    /// Treat ungraded samples as wrong (score 0).
    Zero,
    /// Stop the run at the first ungraded sample.
    Fail,
}

/// GRPO on rlvr rewards: a from-scratch transformer learns arithmetic
/// (rlvr-math) and letter ordering (rlvr-logic).
#[derive(Debug, Clone, Parser, Serialize, Deserialize)]
#[command(version, args_override_self = true)]
struct Args {
    /// Optimisation steps (one batch of prompts each).
    #[arg(long, default_value_t = 200)]
    steps: usize,
    /// Stop early after this many seconds of training (0: no limit).
    #[arg(long, default_value_t = 0.0)]
    time_budget: f64,
    /// Samples per prompt (G).
    #[arg(long, default_value_t = 16)]
    group_size: usize,
    /// Prompts per step.
    #[arg(long, default_value_t = 32)]
    batch: usize,
    /// Adam learning rate.
    #[arg(long, default_value_t = 3e-3)]
    lr: f64,
    /// Cosine decay of the learning rate to `--lr * N` at the end of the
    /// run (the end is `--steps` or `--time-budget`, whichever comes
    /// first); 1 keeps it constant. Long runs at a constant rate lost
    /// their entropy and then their reward near the end.
    #[arg(long, default_value_t = 1.0)]
    #[serde(default = "one")]
    lr_final: f64,
    /// cpu, cuda, or auto (cuda if available, else cpu).
    #[arg(long, value_enum, default_value_t = DeviceArg::Auto)]
    #[serde(skip, default = "auto")]
    device: DeviceArg,
    /// Seed for weights, sampling and tasks; CPU runs are deterministic.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Entropy bonus coefficient.
    #[arg(long, default_value_t = 0.01)]
    entropy_coef: f64,
    /// KL-to-reference coefficient (k3 estimator; the reference is the
    /// policy at the start of the run). The KL is logged either way.
    #[arg(long, default_value_t = 0.0)]
    kl_coef: f64,
    /// PPO clip range for the probability ratio.
    #[arg(long, default_value_t = 0.2)]
    clip: f64,
    /// Gradient updates per batch (the ratio is 1 on the first one).
    #[arg(long, default_value_t = 1)]
    epochs: usize,
    /// Do not divide advantages by the group's std (Dr. GRPO).
    #[arg(long)]
    no_std: bool,
    /// What to do with samples that could not be graded.
    #[arg(long, value_enum, default_value_t = ErrorPolicy::Skip)]
    #[serde(skip, default = "skip")]
    on_error: ErrorPolicy,
    /// Shaping: per-token length penalty (off by default).
    #[arg(long, default_value_t = 0.0)]
    length_penalty: f64,
    /// Shaping: bonus for any gradable answer. Off by default, and risky:
    /// rewarding form alone collapsed the policy in our toy run.
    #[arg(long, default_value_t = 0.0)]
    format_bonus: f64,
    /// Operands are drawn from 0..=N.
    #[arg(long, default_value_t = 9)]
    max_operand: u32,
    /// Ordering puzzles have 1..=N letters (at most 8).
    #[arg(long, default_value_t = 3)]
    max_letters: usize,
    /// Curriculum: widen a domain's tasks (operands by one, letters by
    /// one) when its mean accuracy over the last `--curriculum-window`
    /// steps at the current level reaches this value (0: off, train on the
    /// full tasks from the start).
    #[arg(long, default_value_t = 0.0)]
    curriculum: f64,
    /// Curriculum: steps of accuracy averaged before widening.
    #[arg(long, default_value_t = 5)]
    curriculum_window: usize,
    /// Curriculum: the first operand range is 0..=N.
    #[arg(long, default_value_t = 2)]
    start_operand: u32,
    /// Curriculum: the first ordering puzzles have 1..=N letters.
    #[arg(long, default_value_t = 1)]
    start_letters: usize,
    /// Embedding width.
    #[arg(long, default_value_t = 64)]
    d_model: i64,
    /// Transformer blocks.
    #[arg(long, default_value_t = 2)]
    layers: i64,
    /// Attention heads.
    #[arg(long, default_value_t = 4)]
    heads: i64,
    /// Torch intra-op threads (0: torch's default). 1 is the default
    /// because this model is tiny: on our shared 2-core machine one thread
    /// ran 5x faster than two (intra-op workers spin and contend).
    #[arg(long, default_value_t = 1)]
    threads: i32,
    /// Output folder: metrics.jsonl, reward_curve.png, checkpoint.*.
    #[arg(long, default_value = "runs/latest")]
    #[serde(skip)]
    out: PathBuf,
    /// Print a progress line every N steps.
    #[arg(long, default_value_t = 10)]
    log_every: usize,
    /// Save a checkpoint every N steps (0: only at the end).
    #[arg(long, default_value_t = 100)]
    save_every: usize,
    /// Resume from a checkpoint folder (or its checkpoint.json).
    #[arg(long)]
    #[serde(skip)]
    resume: Option<PathBuf>,
    /// Prompts in the greedy evaluation at the start and end (0: none).
    #[arg(long, default_value_t = 200)]
    eval: usize,
}

fn one() -> f64 {
    1.0
}

fn auto() -> DeviceArg {
    DeviceArg::Auto
}

fn skip() -> ErrorPolicy {
    ErrorPolicy::Skip
}

/// The checkpoint side-car: what is needed to continue a run besides the
/// weights.
#[derive(Debug, Serialize, Deserialize)]
struct CheckpointMeta {
    step: usize,
    rng_state: u64,
    model: ModelConfig,
    tasks: (u32, usize),
    /// The curriculum level (operand range, letters) reached.
    #[serde(default)]
    level: Option<(u32, usize)>,
    args: Args,
}

/// The registry: rlvr's default one (math), plus rlvr-logic's ordering
/// verifier when the facade does not have it yet.
pub(crate) fn registry() -> Registry {
    let mut reg = rlvr::default_registry();
    if reg.resolve("logic__ordering_puzzle_dataset").is_err() {
        let ordering = Arc::new(rlvr_logic::OrderingVerifier::new());
        match reg.register(ordering) {
            Ok(_) | Err(rlvr::Error::Duplicate { .. }) => {}
            Err(e) => panic!("registering the ordering verifier: {e}"),
        }
    }
    reg
}

fn pick_device(arg: DeviceArg) -> Result<Device, String> {
    if arg == DeviceArg::Cpu {
        return Ok(Device::Cpu);
    }
    match cuda::load() {
        Ok(name) => println!("cuda: loaded {name}"),
        Err(e) => println!("cuda: not loaded ({e})"),
    }
    let available = tch::Cuda::is_available();
    println!("cuda: available {available}, devices {}", tch::Cuda::device_count());
    match (arg, available) {
        (_, true) => Ok(Device::Cuda(0)),
        (DeviceArg::Cuda, false) => Err("--device cuda but CUDA is not available".into()),
        _ => Ok(Device::Cpu),
    }
}

/// Samples (or greedily decodes) up to `max_new` tokens after `prompts`
/// `[n, p]`. Returns `[n, max_new]`, with [`vocab::PAD`] after each stop.
fn generate(model: &Transformer, prompts: &Tensor, max_new: usize, greedy: bool) -> Tensor {
    let _guard = tch::no_grad_guard();
    let n = prompts.size()[0];
    let device = prompts.device();
    let mut finished = Tensor::zeros([n], (Kind::Bool, device));
    let mut produced: Vec<Tensor> = Vec::with_capacity(max_new);
    // Incremental decoding with a key/value cache: each new token costs
    // one position, not the whole prefix.
    let (mut dec, mut logits) = model.start_decoding(prompts);
    for i in 0..max_new {
        let next = if greedy {
            logits.argmax(-1, false)
        } else {
            logits.softmax(-1, Kind::Float).multinomial(1, true).squeeze_dim(1)
        };
        let next = next.masked_fill(&finished, vocab::PAD);
        let stop = next.eq(vocab::END_ANSWER).logical_or(&next.eq(vocab::char_token('}')));
        finished = finished.logical_or(&stop);
        let column = next.unsqueeze(1);
        produced.push(column.shallow_clone());
        if i + 1 == max_new || finished.all().int64_value(&[]) == 1 {
            break;
        }
        logits = model.decode(&mut dec, &column);
    }
    let resp = Tensor::cat(&produced, 1);
    let made = produced.len() as i64;
    if made < max_new as i64 {
        let pad = Tensor::full([n, max_new as i64 - made], vocab::PAD, (Kind::Int64, device));
        Tensor::cat(&[resp, pad], 1)
    } else {
        resp
    }
}

fn to_rows(t: &Tensor) -> Vec<Vec<i64>> {
    let (n, m) = t.size2().expect("2-d");
    let flat = Vec::<i64>::try_from(t.to_device(Device::Cpu).contiguous().view([-1]))
        .expect("int64 tensor");
    flat.chunks(m.max(1) as usize).take(n as usize).map(<[i64]>::to_vec).collect()
}

fn stack_prompts(tasks: &[&Task], device: Device) -> Tensor {
    let p = tasks[0].prompt.len() as i64;
    let flat: Vec<i64> = tasks.iter().flat_map(|t| t.prompt.iter().copied()).collect();
    Tensor::from_slice(&flat).view([tasks.len() as i64, p]).to_device(device)
}

/// Greedy accuracy per domain on a fixed set of prompts.
fn evaluate(model: &Transformer, reg: &Registry, tasks: &[Task], max_new: usize) -> [f64; 2] {
    if tasks.is_empty() {
        return [f64::NAN; 2];
    }
    let refs: Vec<&Task> = tasks.iter().collect();
    let resp = to_rows(&generate(model, &stack_prompts(&refs, model.device()), max_new, true));
    let samples: Vec<_> = tasks.iter().zip(&resp).map(|(t, r)| t.sample(r)).collect();
    let out = reg.verify_batch(&samples, &BatchOptions::default());
    let mut acc = [(0.0, 0usize); 2];
    for (t, o) in tasks.iter().zip(&out) {
        let d = Domain::ALL.iter().position(|&d| d == t.domain).expect("known domain");
        acc[d].0 += o.score();
        acc[d].1 += 1;
    }
    acc.map(|(s, n)| if n == 0 { f64::NAN } else { s / n as f64 })
}

fn save_checkpoint(
    out: &Path,
    vs: &nn::VarStore,
    meta: &CheckpointMeta,
) -> Result<(), Box<dyn std::error::Error>> {
    vs.save(out.join("checkpoint.safetensors"))?;
    fs::write(out.join("checkpoint.json"), serde_json::to_string_pretty(meta)?)?;
    Ok(())
}

fn mean_where(values: &[f64], keep: impl Fn(usize) -> bool) -> f64 {
    let (s, n) = values
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .fold((0.0, 0), |(s, n), (_, v)| (s + v, n + 1));
    if n == 0 { f64::NAN } else { s / f64::from(n) }
}

fn finite_or_null(x: f64) -> serde_json::Value {
    if x.is_finite() { json!(x) } else { serde_json::Value::Null }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = Args::parse();
    let device = pick_device(args.device)?;
    let (out, resume, on_error) = (args.out.clone(), args.resume.clone(), args.on_error);

    // A resumed run continues with the checkpoint's model and task sizes.
    let meta = match &resume {
        Some(path) => {
            let file = if path.is_dir() { path.join("checkpoint.json") } else { path.clone() };
            let meta: CheckpointMeta = serde_json::from_str(&fs::read_to_string(&file)?)?;
            (args.d_model, args.layers, args.heads) =
                (meta.model.d_model, meta.model.layers, meta.model.heads);
            (args.max_operand, args.max_letters) = meta.tasks;
            Some((file, meta))
        }
        None => None,
    };
    if args.max_letters == 0 || args.max_letters > 8 {
        return Err("--max-letters must be in 1..=8".into());
    }
    if args.threads > 0 {
        tch::set_num_threads(args.threads);
    }
    tch::manual_seed(args.seed as i64);
    fs::create_dir_all(&out)?;

    let tcfg = TaskConfig::full(args.max_operand, args.max_letters);
    // The training tasks: the full ones, or the curriculum's level.
    let mut level = match meta.as_ref().and_then(|(_, m)| m.level) {
        Some((o, l)) => tcfg.at_level(o, l),
        None if args.curriculum > 0.0 => tcfg.at_level(args.start_operand, args.start_letters),
        None => tcfg,
    };
    let mut level_acc: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let prompt_len = tcfg.prompt_len();
    // Room for a correct answer plus two tokens of slack: the policy must
    // learn to stop, an unclosed answer is graded "no answer".
    let max_new = tcfg.answer_len() + 2;
    let mcfg = ModelConfig {
        vocab: vocab::size(),
        ctx: (prompt_len + max_new) as i64,
        d_model: args.d_model,
        heads: args.heads,
        layers: args.layers,
    };
    let mut vs = nn::VarStore::new(device);
    let policy = Transformer::new(&vs.root(), &mcfg);
    let mut ref_vs = nn::VarStore::new(device);
    let reference = Transformer::new(&ref_vs.root(), &mcfg);
    let mut step0 = 0;
    let mut rng = Rng::new(args.seed);
    if let Some((file, meta)) = &meta {
        let dir = file.parent().unwrap_or(Path::new("."));
        vs.load(dir.join("checkpoint.safetensors"))?;
        step0 = meta.step;
        rng = Rng::from_state(meta.rng_state);
        println!("resumed from {} at step {step0} (Adam moments restart)", file.display());
    }
    ref_vs.copy(&vs)?;
    ref_vs.freeze();
    let mut opt = nn::Adam::default().build(&vs, args.lr)?;
    let params: usize = vs.trainable_variables().iter().map(|t| t.numel()).sum();
    println!(
        "policy: {params} parameters, d_model {} x {} layers, vocab {}, prompt {prompt_len} + response {max_new} tokens, device {device:?}, torch threads {}",
        mcfg.d_model,
        mcfg.layers,
        mcfg.vocab,
        tch::get_num_threads()
    );

    let reg = registry();
    let batch_opts = BatchOptions::default();
    let on_error = match on_error {
        ErrorPolicy::Skip => OnError::Skip,
        ErrorPolicy::Zero => OnError::Zero,
        ErrorPolicy::Fail => OnError::Fail,
    };
    let advantage = GroupAdvantage::new(args.group_size).with_std(!args.no_std);
    let shaping = Shaping::new()
        .with_length_penalty(args.length_penalty)
        .with_format_bonus(args.format_bonus);
    let mut eval_rng = Rng::new(args.seed ^ 0xE7A1);
    let eval_tasks: Vec<Task> =
        (0..args.eval).map(|_| Task::random(&mut eval_rng, &tcfg)).collect();
    let eval_start = evaluate(&policy, &reg, &eval_tasks, max_new);
    println!("greedy eval at start: math {:.3} sort {:.3}", eval_start[0], eval_start[1]);

    let metrics_path = out.join("metrics.jsonl");
    let mut metrics = BufWriter::new(if resume.is_some() {
        OpenOptions::new().create(true).append(true).open(&metrics_path)?
    } else {
        File::create(&metrics_path)?
    });
    let mut curve: Vec<plot::Point> = Vec::new();
    let g = args.group_size;
    let n = args.batch * g;
    let run_start = Instant::now();
    let (mut reward_s_total, mut model_s_total, mut tokens_total) = (0.0, 0.0, 0usize);
    let mut last_step = step0;
    for step in step0 + 1..=step0 + args.steps {
        if args.time_budget > 0.0 && run_start.elapsed().as_secs_f64() >= args.time_budget {
            println!("time budget of {} s reached", args.time_budget);
            break;
        }
        let t_step = Instant::now();
        if args.lr_final < 1.0 {
            let by_steps = (step - step0 - 1) as f64 / args.steps.max(1) as f64;
            let by_time = if args.time_budget > 0.0 {
                run_start.elapsed().as_secs_f64() / args.time_budget
            } else {
                0.0
            };
            opt.set_lr(cosine_lr(args.lr, args.lr_final, by_steps.max(by_time)));
        }
        let tasks: Vec<Task> = (0..args.batch).map(|_| Task::random(&mut rng, &level)).collect();
        let expanded: Vec<&Task> = tasks.iter().flat_map(|t| std::iter::repeat_n(t, g)).collect();
        let prompts = stack_prompts(&expanded, device);

        // 1. Sample G responses per prompt.
        let t0 = Instant::now();
        let resp = generate(&policy, &prompts, max_new, false);
        let rows = to_rows(&resp);
        let sample_s = t0.elapsed().as_secs_f64();

        // 2. Grade them with rlvr, exactly as a trainer would.
        let t0 = Instant::now();
        let samples: Vec<_> = expanded.iter().zip(&rows).map(|(t, r)| t.sample(r)).collect();
        let outcomes = reg.verify_batch(&samples, &batch_opts);
        let dense = rl::dense_rewards(&outcomes, on_error)?;
        let lengths: Vec<usize> =
            rows.iter().map(|r| r.iter().take_while(|&&t| t != vocab::PAD).count()).collect();
        let shaped = shaping.terms(&dense, &lengths);
        let total = dense.total(&shaped);
        let adv = advantage.compute_masked(&total, &dense.mask)?;
        let reward_s = t0.elapsed().as_secs_f64();

        // 3. Clipped policy gradient on response tokens, with an entropy
        //    bonus and a KL term to the reference.
        let t0 = Instant::now();
        let full = Tensor::cat(&[prompts.shallow_clone(), resp.shallow_clone()], 1);
        let input = full.narrow(1, 0, full.size()[1] - 1);
        let target = resp.unsqueeze(-1);
        let row_mask =
            Tensor::from_slice(&dense.mask).to_device(device).to_kind(Kind::Float).unsqueeze(1);
        let mask = resp.ne(vocab::PAD).to_kind(Kind::Float) * row_mask;
        let mask_sum = mask.sum(Kind::Float).clamp_min(1.0);
        let adv_t = Tensor::from_slice(&adv.iter().map(|&a| a as f32).collect::<Vec<_>>())
            .to_device(device)
            .unsqueeze(1);
        let response_logp = |m: &Transformer| {
            let logp = m
                .policy_logits(&input, (prompt_len - 1) as i64)
                .narrow(1, (prompt_len - 1) as i64, max_new as i64)
                .log_softmax(-1, Kind::Float);
            let tok = logp.gather(-1, &target, false).squeeze_dim(-1);
            (logp, tok)
        };
        let ref_tok = tch::no_grad(|| response_logp(&reference).1);
        let mut old_tok: Option<Tensor> = None;
        let (mut entropy, mut kl, mut loss_v, mut clipfrac) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..args.epochs.max(1) {
            let (logp, tok) = response_logp(&policy);
            let old = old_tok.get_or_insert_with(|| tok.detach()).shallow_clone();
            let ratio = (&tok - &old).exp();
            let unclipped = &ratio * &adv_t;
            let clipped = ratio.clamp(1.0 - args.clip, 1.0 + args.clip) * &adv_t;
            let pg = -(unclipped.minimum(&clipped) * &mask).sum(Kind::Float) / &mask_sum;
            let ent = (-(logp.exp() * &logp).sum_dim_intlist(-1, false, Kind::Float) * &mask)
                .sum(Kind::Float)
                / &mask_sum;
            let d = &ref_tok - &tok;
            let kl_t = ((d.exp() - &d - 1.0) * &mask).sum(Kind::Float) / &mask_sum;
            let loss = &pg - args.entropy_coef * &ent + args.kl_coef * &kl_t;
            opt.backward_step_clip_norm(&loss, 1.0);
            entropy = ent.double_value(&[]);
            kl = kl_t.double_value(&[]);
            loss_v = loss.double_value(&[]);
            clipfrac = (((&ratio - 1.0).abs().gt(args.clip).to_kind(Kind::Float) * &mask)
                .sum(Kind::Float)
                / &mask_sum)
                .double_value(&[]);
        }
        let update_s = t0.elapsed().as_secs_f64();
        let step_s = t_step.elapsed().as_secs_f64();

        // 4. Metrics.
        let resp_tokens: usize = lengths.iter().sum();
        tokens_total += resp_tokens;
        reward_s_total += reward_s;
        model_s_total += sample_s + update_s;
        let (expanded_ref, dense_ref) = (&expanded, &dense);
        let dom = |d: Domain| move |i: usize| expanded_ref[i].domain == d && dense_ref.mask[i];
        let acc_f: Vec<f64> = dense.correct.iter().map(|&c| f64::from(u8::from(c))).collect();
        let reward_d = Domain::ALL.map(|d| mean_where(&dense.scores, dom(d)));
        let acc_d = Domain::ALL.map(|d| mean_where(&acc_f, dom(d)));
        let no_answer =
            dense.verdicts.iter().filter(|v| **v == Some(rlvr::Verdict::NoAnswer)).count() as f64
                / n as f64;
        let reward = dense.mean_score().unwrap_or(f64::NAN);
        let k = 4.min(g) as u64;
        let pass_k = rl::mean_pass_at_k(&dense.correct, g, k).unwrap_or(f64::NAN);
        let record = json!({
            "step": step,
            "reward": finite_or_null(reward),
            format!("reward_{}", Domain::Math.name()): finite_or_null(reward_d[0]),
            format!("reward_{}", Domain::Sort.name()): finite_or_null(reward_d[1]),
            "acc": finite_or_null(dense.accuracy().unwrap_or(f64::NAN)),
            "acc_math": finite_or_null(acc_d[0]),
            "acc_sort": finite_or_null(acc_d[1]),
            "pass_at_k": finite_or_null(pass_k),
            "k": k,
            "no_answer": no_answer,
            "ungraded": dense.errors,
            "shaping_mean": shaped.iter().sum::<f64>() / n as f64,
            "resp_len": resp_tokens as f64 / n as f64,
            "entropy": entropy,
            "kl_ref": kl,
            "clipfrac": clipfrac,
            "loss": loss_v,
            "tokens_per_s": resp_tokens as f64 / step_s,
            "sample_ms": sample_s * 1e3,
            "update_ms": update_s * 1e3,
            "model_ms": (sample_s + update_s) * 1e3,
            "reward_ms": reward_s * 1e3,
            "step_ms": step_s * 1e3,
            "wall_s": run_start.elapsed().as_secs_f64(),
            "operand_level": level.operand_level,
            "letters_level": level.letters_level,
        });
        writeln!(metrics, "{record}")?;
        curve.push(plot::Point { step, reward, domains: reward_d });
        if args.curriculum > 0.0 && !level.is_full() {
            let window = args.curriculum_window.max(1);
            let mut widen = [false; 2];
            for (d, hist) in level_acc.iter_mut().enumerate() {
                if acc_d[d].is_finite() {
                    hist.push(acc_d[d]);
                }
                let recent = &hist[hist.len().saturating_sub(window)..];
                widen[d] = hist.len() >= window
                    && recent.iter().sum::<f64>() / window as f64 >= args.curriculum;
            }
            let next = level.at_level(
                level.operand_level + u32::from(widen[0]),
                level.letters_level + usize::from(widen[1]),
            );
            for (d, w) in widen.iter().enumerate() {
                if *w {
                    level_acc[d].clear();
                }
            }
            if (next.operand_level, next.letters_level)
                != (level.operand_level, level.letters_level)
            {
                println!(
                    "step {step:>5}  curriculum: operands 0..={}, 1..={} letters",
                    next.operand_level, next.letters_level
                );
                level = next;
            }
        }
        if step % args.log_every.max(1) == 0 || step == step0 + 1 {
            metrics.flush()?;
            println!(
                "step {step:>5}  reward {reward:.3} (math {:.3} sort {:.3})  pass@{k} {pass_k:.3}  len {:.2}  entropy {entropy:.3}  kl {kl:.4}  {:.0} tok/s  reward {:.1} ms  model {:.0} ms",
                reward_d[0],
                reward_d[1],
                resp_tokens as f64 / n as f64,
                resp_tokens as f64 / step_s,
                reward_s * 1e3,
                (sample_s + update_s) * 1e3,
            );
        }
        if args.save_every > 0 && step % args.save_every == 0 {
            let meta = CheckpointMeta {
                step,
                rng_state: rng.state(),
                model: mcfg,
                tasks: (args.max_operand, args.max_letters),
                level: Some((level.operand_level, level.letters_level)),
                args: args.clone(),
            };
            save_checkpoint(&out, &vs, &meta)?;
        }
        last_step = step;
    }
    metrics.flush()?;
    let wall = run_start.elapsed().as_secs_f64();
    let meta = CheckpointMeta {
        step: last_step,
        rng_state: rng.state(),
        model: mcfg,
        tasks: (args.max_operand, args.max_letters),
        level: Some((level.operand_level, level.letters_level)),
        args: args.clone(),
    };
    save_checkpoint(&out, &vs, &meta)?;

    let eval_end = evaluate(&policy, &reg, &eval_tasks, max_new);
    let window = (curve.len() / 10).clamp(1, 10);
    let avg =
        |pts: &[plot::Point]| pts.iter().map(|p| p.reward).sum::<f64>() / pts.len().max(1) as f64;
    let start_r = avg(&curve[..window.min(curve.len())]);
    let end_r = avg(&curve[curve.len().saturating_sub(window)..]);
    println!(
        "done: {} steps in {wall:.1} s; mean reward {start_r:.3} (first {window} steps) -> {end_r:.3} (last {window}); {:.0} response tok/s; reward time {:.2} s vs model time {:.1} s",
        curve.len(),
        tokens_total as f64 / wall.max(1e-9),
        reward_s_total,
        model_s_total,
    );
    println!(
        "greedy eval ({} prompts): math {:.3} -> {:.3}, sort {:.3} -> {:.3}",
        eval_tasks.len(),
        eval_start[0],
        eval_end[0],
        eval_start[1],
        eval_end[1]
    );
    let summary = json!({
        "steps": curve.len(), "last_step": last_step, "wall_s": wall, "device": format!("{device:?}"),
        "reward_start": start_r, "reward_end": end_r, "window": window,
        "tokens_per_s": tokens_total as f64 / wall.max(1e-9),
        "reward_s_total": reward_s_total, "model_s_total": model_s_total,
        "eval_start": eval_start.map(finite_or_null), "eval_end": eval_end.map(finite_or_null),
        "params": params, "args": args,
        "level": [level.operand_level, level.letters_level],
    });
    fs::write(out.join("summary.json"), serde_json::to_string_pretty(&summary)?)?;
    let png = out.join("reward_curve.png");
    let title = format!("GRPO on rlvr rewards ({} steps, {wall:.0} s, {device:?})", curve.len());
    match plot::reward_curve(&png, &curve, &title) {
        Ok(()) => println!("wrote {}, {}", png.display(), metrics_path.display()),
        Err(e) => println!("could not draw {}: {e}", png.display()),
    }
    Ok(())
}

/// The learning rate at `progress` (0 to 1) of a cosine decay from `lr` to
/// `lr * final_frac`.
fn cosine_lr(lr: f64, final_frac: f64, progress: f64) -> f64 {
    let p = progress.clamp(0.0, 1.0);
    let frac = final_frac + (1.0 - final_frac) * 0.5 * (1.0 + (std::f64::consts::PI * p).cos());
    lr * frac
}
