//! reasoning-gym simulation tasks, validated by simulation from the
//! entry's metadata.

use std::sync::Arc;

use rlvr_core::extract::{Fence, Kind};
use rlvr_core::gym::{Entry, GymTask, meta_error as meta_err};
use rlvr_core::{Context, Error, Executor, Reward, Verifier};
use serde_json::Value;

use crate::automata::{Boundary, Life, Rule};
use crate::codeio::{self, Prediction};
use crate::exec::{CALL_LIMITS, Runner};
use crate::machine::{Bf, BfRun};
use crate::puzzle::{Button, Hanoi, Jugs, Light, Op, QuantumLock, Sokoban, Spread};
use crate::simulator::{Checked, Failure, Optimality, check_plan, parse_steps};
use crate::text;

/// The signature of a task's checker: the executor (for tasks that run
/// code), the entry, the extracted answer, the budget.
type Check = fn(Option<Runner<'_>>, &Entry, &str, &Context) -> Result<Reward, Error>;

const LOOSE: &[Kind] = &[Kind::AnswerTag, Kind::Boxed, Kind::AnswerLine];
const PLAN: &[Kind] = &[Kind::AnswerTag, Kind::Code(Fence::ANY), Kind::Boxed, Kind::AnswerLine];
const GRID: &[Kind] = &[Kind::AnswerTag, Kind::Code(Fence::JSON), Kind::Json, Kind::Boxed];
/// CodeI/O answers: a JSON or Python literal in a tag, a `json` or
/// `python` fence, a bare JSON value, and (scalar outputs) a box or an
/// `Answer:` line.
const CODEIO: &[Kind] =
    &[Kind::AnswerTag, Kind::Code(codeio::FENCE), Kind::Json, Kind::Boxed, Kind::AnswerLine];
/// Jug plans: lines or a JSON list, in a tag, a fence, a box or bare.
const JUGS: &[Kind] = &[Kind::AnswerTag, Kind::Code(Fence::ANY), Kind::Json, Kind::Boxed];

const TASKS: &[(&str, Check, &[Kind])] = &[
    ("bf", bf, LOOSE),
    ("codeio", codeio_task, CODEIO),
    ("game_of_life", game_of_life, GRID),
    ("game_of_life_halting", game_of_life_halting, LOOSE),
    ("jugs", jugs, JUGS),
    ("quantum_lock", quantum_lock, LOOSE),
    ("rotten_oranges", rotten_oranges, LOOSE),
    ("sokoban", sokoban, LOOSE),
    ("tower_of_hanoi", tower_of_hanoi, PLAN),
];

/// The tasks as verifiers.
pub(crate) fn tasks(
    executor: Option<&Arc<dyn Executor>>,
) -> Vec<(&'static str, Arc<dyn Verifier>)> {
    TASKS
        .iter()
        .map(|&(name, check, kinds)| {
            let executor = executor.cloned();
            let task: Arc<dyn Verifier> = Arc::new(GymTask::new(
                name,
                kinds,
                move |entry: &Entry, answer: &str, cx: &Context| {
                    let runner = executor
                        .as_deref()
                        .map(|executor| Runner { executor, limits: &CALL_LIMITS });
                    check(runner, entry, answer, cx)
                },
            ));
            (name, task)
        })
        .collect()
}

fn plan_reward(checked: &Checked) -> Reward {
    checked.reward()
}

fn unparseable(f: &Failure) -> Reward {
    Reward::incorrect().with_detail(f.to_string())
}

// ------------------------------------------------------------- Life ------

/// The board printed in the question: the first `[[` to the last `]]`.
fn board_in(question: &str) -> Option<Vec<Vec<u8>>> {
    let start = question.find("[[")?;
    let end = question.rfind("]]")? + 2;
    let board = question.get(start..end)?;
    if board.contains("...") {
        return None;
    }
    text::parse_grid(board)
}

fn game_of_life(
    _: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let steps = e.uint("simulation_steps")?;
    let Some(pred) = text::parse_grid(answer) else {
        return Ok(Reward::incorrect().with_detail("the answer is not a grid"));
    };
    let gold = match board_in(&e.question) {
        Some(board) => {
            let (h, w) = (board.len(), board.first().map_or(0, Vec::len));
            if h == 0 || w == 0 || h > crate::automata::MAX_SIDE || w > crate::automata::MAX_SIDE {
                return Err(meta_err("the board in the question has an unsupported shape"));
            }
            let life = Life::new(Rule::conway(), Boundary::Toroidal, h, w);
            let start = life.grid_from_rows(&board).map_err(|e| meta_err(e.to_string()))?;
            let end = crate::simulator::final_state(&life, start, steps as usize, cx)?;
            end.rows()
        }
        None => {
            let stored = e.answer.as_deref().ok_or_else(|| meta_err("no board and no answer"))?;
            let gold =
                text::parse_grid(stored).ok_or_else(|| meta_err("unreadable stored grid"))?;
            let ok = pred == gold;
            return Ok(Reward::from_bool(ok).with_detail(
                "the board is not in the question: compared with the stored answer".to_owned(),
            ));
        }
    };
    if pred.len() != gold.len() || pred.iter().zip(&gold).any(|(a, b)| a.len() != b.len()) {
        return Ok(Reward::incorrect().with_detail(format!(
            "shape mismatch: expected {}x{}",
            gold.len(),
            gold.first().map_or(0, Vec::len)
        )));
    }
    let wrong = pred.iter().flatten().zip(gold.iter().flatten()).filter(|(a, b)| a != b).count();
    Ok(if wrong == 0 {
        Reward::correct().with_detail(format!("matches the board after {steps} steps"))
    } else {
        Reward::incorrect().with_detail(format!("{wrong} cells differ from the simulation"))
    })
}

fn game_of_life_halting(
    _: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let Some(pred) = text::parse_bool(answer) else {
        return Ok(Reward::incorrect().with_detail("the answer is not True or False"));
    };
    let steps = e.uint("simulation_steps")? as usize;
    let truth = match board_in(&e.question) {
        Some(board) => {
            let (h, w) = (board.len(), board.first().map_or(0, Vec::len));
            if h == 0 || w == 0 || h > crate::automata::MAX_SIDE || w > crate::automata::MAX_SIDE {
                return Err(meta_err("the board in the question has an unsupported shape"));
            }
            let life = Life::new(Rule::conway(), Boundary::Toroidal, h, w);
            let start = life.grid_from_rows(&board).map_err(|e| meta_err(e.to_string()))?;
            life.halts(start, steps, cx)?
        }
        None => {
            let stored = e.answer.as_deref().and_then(text::parse_bool);
            let stored =
                stored.ok_or_else(|| meta_err("no readable board and no stored answer"))?;
            return Ok(Reward::from_bool(pred == stored).with_detail(
                "the board is not readable in the question: compared with the stored answer",
            ));
        }
    };
    Ok(Reward::from_bool(pred == truth).with_detail(format!(
        "simulated: {} within {steps} steps",
        if truth { "halts" } else { "never halts" }
    )))
}

// ------------------------------------------------------------ Spread -----

fn rotten_oranges(
    _: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let rows = text::grid_from_value(e.get("matrix")?).ok_or_else(|| meta_err("bad `matrix`"))?;
    let (h, w) = (rows.len(), rows.first().map_or(0, Vec::len));
    if rows.iter().any(|r| r.len() != w) || h * w > text::MAX_ITEMS {
        return Err(meta_err("`matrix` is ragged or too large"));
    }
    let truth = Spread::new(h, w).minutes(rows.concat(), cx)?;
    let Some(pred) = text::parse_int(answer) else {
        return Ok(Reward::incorrect().with_detail("the answer is not an integer"));
    };
    Ok(Reward::from_bool(pred == truth).with_detail(format!("BFS gives {truth}")))
}

// ------------------------------------------------------------- Hanoi -----

fn tower_of_hanoi(
    _: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let num = |k: &str| e.uint(k).and_then(|v| usize::try_from(v).map_err(|_| meta_err("too big")));
    let disks = u32::try_from(e.uint("num_disks")?).map_err(|_| meta_err("too many disks"))?;
    let hanoi = Hanoi::new(disks, num("num_pegs")?, num("start_peg")?, num("target_peg")?)
        .map_err(|e| meta_err(e.to_string()))?;
    let hanoi = match e.metadata.get("solution_length").and_then(Value::as_u64) {
        Some(n) => hanoi.with_optimum(usize::try_from(n).ok()),
        None => hanoi,
    };
    let steps = text::split_steps(answer);
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let plan = match parse_steps(&steps, text::hanoi_move) {
        Ok(p) => p,
        Err(f) => return Ok(unparseable(&f)),
    };
    Ok(plan_reward(&check_plan(&hanoi, hanoi.start(), &plan, Optimality::Ignore, cx)?))
}

// -------------------------------------------------------------- Jugs -----

fn jugs(_: Option<Runner<'_>>, e: &Entry, answer: &str, cx: &Context) -> Result<Reward, Error> {
    let puzzle = e.get("puzzle")?;
    let caps: Vec<u64> = puzzle
        .get("jug_capacities")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().map(Value::as_u64).collect())
        .ok_or_else(|| meta_err("bad `puzzle.jug_capacities`"))?;
    let target =
        puzzle.get("target").and_then(Value::as_u64).ok_or_else(|| meta_err("bad target"))?;
    let optimum =
        puzzle.get("min_moves").and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
    let jugs = Jugs::new(caps, target).map_err(|e| meta_err(e.to_string()))?.with_optimum(optimum);
    let steps = text::split_steps(answer);
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let plan = match parse_steps(&steps, Jugs::parse_move) {
        Ok(p) => p,
        Err(f) => return Ok(unparseable(&f)),
    };
    Ok(plan_reward(&check_plan(&jugs, jugs.start(), &plan, Optimality::Ignore, cx)?))
}

// ----------------------------------------------------------- Sokoban -----

fn sokoban(_: Option<Runner<'_>>, e: &Entry, answer: &str, cx: &Context) -> Result<Reward, Error> {
    let board = e.get("gamestr")?.as_str().ok_or_else(|| meta_err("`gamestr` is not text"))?;
    let game = Sokoban::parse_rg(board).map_err(|e| meta_err(e.to_string()))?;
    let Some(plan) = Sokoban::parse_plan(answer) else {
        return Ok(Reward::incorrect().with_detail("the plan has characters other than U, D, L, R"));
    };
    if plan.len() > text::MAX_ITEMS {
        return Ok(Reward::incorrect().with_detail("the plan is too long"));
    }
    Ok(plan_reward(&check_plan(&game, game.start(), &plan, Optimality::Ignore, cx)?))
}

// ------------------------------------------------------ Quantum lock -----

fn quantum_lock(
    _: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let buttons =
        e.get("buttons")?.as_array().ok_or_else(|| meta_err("`buttons` is not a list"))?;
    let mut parsed = Vec::new();
    for b in buttons {
        let s = |k: &str| {
            b.get(k).and_then(Value::as_str).ok_or_else(|| meta_err(format!("button `{k}`")))
        };
        let v = b.get("value").and_then(Value::as_i64).ok_or_else(|| meta_err("button `value`"))?;
        let op = match s("type")? {
            "add" => Op::Add(v),
            "subtract" => Op::Subtract(v),
            "multiply" => Op::Multiply(v),
            other => return Err(meta_err(format!("unknown button type `{other}`"))),
        };
        let active = match s("active_state")? {
            "any" => None,
            l => Some(Light::parse(l).ok_or_else(|| meta_err(format!("unknown light `{l}`")))?),
        };
        parsed.push(Button::new(s("name")?, op, active));
    }
    let start = e.get("initial_value")?.as_i64().ok_or_else(|| meta_err("bad initial_value"))?;
    let light = e
        .get("initial_state")?
        .as_str()
        .and_then(Light::parse)
        .ok_or_else(|| meta_err("bad initial_state"))?;
    let target = e.get("target_value")?.as_i64().ok_or_else(|| meta_err("bad target_value"))?;
    let optimum = e.metadata.get("solution_path").and_then(Value::as_array).map(Vec::len);
    let lock = QuantumLock::new(parsed, start, light, target).with_optimum(optimum);
    let tokens: Vec<&str> = answer
        .split(|c: char| c.is_whitespace() || ",;→|[]\"'".contains(c) || c == '>')
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
        .collect();
    let plan = match parse_steps(&tokens, |t| lock.button(t)) {
        Ok(p) => p,
        Err(f) => return Ok(unparseable(&f)),
    };
    // The prompt asks for "the shortest correct sequence".
    Ok(plan_reward(&check_plan(&lock, lock.start(), &plan, Optimality::Require, cx)?))
}

// ---------------------------------------------------------------- BF -----

fn bf(_: Option<Runner<'_>>, e: &Entry, answer: &str, cx: &Context) -> Result<Reward, Error> {
    let program =
        e.get("bf_program")?.as_str().ok_or_else(|| meta_err("`bf_program` is not text"))?;
    let out = match Bf::default().run(program, b"", cx)? {
        BfRun::Halted(out) => out,
        BfRun::OutOfSteps(_) => {
            return Err(meta_err("the program does not halt within the step limit"));
        }
        BfRun::Fault(why) => return Err(meta_err(format!("the program is broken: {why}"))),
    };
    let out = String::from_utf8_lossy(&out);
    let pred = answer.trim().trim_matches('`');
    Ok(Reward::from_bool(pred == out.trim())
        .with_detail(format!("the program prints {:?}", out.trim())))
}

// ------------------------------------------------------------ CodeI/O ----

fn codeio_task(
    runner: Option<Runner<'_>>,
    e: &Entry,
    answer: &str,
    cx: &Context,
) -> Result<Reward, Error> {
    let input = e.get("input_data")?;
    let output = e.get("output_data")?;
    let kind = if e.question.contains("Given the following output") {
        Prediction::Input
    } else {
        Prediction::Output
    };
    let Some(pred) = codeio::parse_answer(answer) else {
        return Ok(Reward::incorrect().with_detail("the answer is not a JSON or Python literal"));
    };
    let program = codeio::program_in(&e.question);
    let ctx = codeio::Grading {
        kind,
        gold: match kind {
            Prediction::Input => input,
            Prediction::Output => output,
        },
        given_output: Some(output),
        program,
        runner,
        comparator: crate::Comparator::default(),
        verify_reference: false,
        require_execution: e.get("require_execution").ok().and_then(Value::as_bool) == Some(true),
    };
    codeio::grade(&ctx, pred, cx)
}
