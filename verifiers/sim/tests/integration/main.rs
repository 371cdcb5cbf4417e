//! rlvr-sim's integration tests, in one binary: the fixture corpus,
//! conformance, properties and the metamorphic layer, through the public API.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use rlvr_core::testutil::{assert_conforms, load_dir, run_cases};
use rlvr_core::{
    CallArgs, CallOutcome, CallRun, Context, Error, Executor, FunctionCall, ProgramRun, Registry,
    RunLimits, Sample, Verifier, literal,
};
use serde_json::{Value, json};

use rlvr_core::Environment;
use rlvr_sim::automata::*;
use rlvr_sim::machine::*;
use rlvr_sim::puzzle::*;
use rlvr_sim::*;

fn registry_with(executor: Option<&Arc<dyn Executor>>) -> Registry {
    let mut env = Environment::new();
    if let Some(e) = executor {
        env = env.with_executor(Arc::clone(e));
    }
    let mut reg = Registry::guru();
    reg.install(&[DOMAIN], &env).unwrap();
    reg
}

fn fixtures() -> Vec<rlvr_core::testutil::Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    load_dir(&root.join("sim"))
        .unwrap()
        .into_iter()
        .map(|mut c| {
            // load_dir names the domain after the first folder under the
            // root it was given; report `sim/...` names.
            if !c.full_name.starts_with("sim/") {
                c.full_name = format!("sim/{}", c.full_name.trim_start_matches("root/"));
            }
            c
        })
        .collect()
}

/// The cases `reg` can grade: those needing the code sandbox are a
/// `Sandbox` error without it, and are skipped (they run where it is).
fn runnable(
    reg: &Registry,
    cases: Vec<rlvr_core::testutil::Case>,
) -> Vec<rlvr_core::testutil::Case> {
    cases
        .into_iter()
        .filter(|c| {
            !matches!(reg.verify(&c.sample, &Context::default()), Err(Error::Sandbox { .. }))
                || c.status == rlvr_core::Status::SandboxError
        })
        .collect()
}

#[test]
fn fixture_corpus() {
    let reg = registry_with(None);
    let cases = fixtures();
    assert!(cases.len() >= 70, "only {} fixture cases", cases.len());
    let cases = runnable(&reg, cases);
    assert!(cases.len() >= 70, "only {} fixture cases run without the sandbox", cases.len());
    run_cases(&cases, &[], |s| reg.verify_timed(s, &Context::default()));
}

#[test]
fn every_verifier_conforms() {
    let cases = fixtures();
    let by = |pred: &dyn Fn(&Sample) -> bool| -> Vec<Sample> {
        cases.iter().map(|c| c.sample.clone()).filter(|s| pred(s)).take(4).collect()
    };
    assert_conforms(
        &CodeIoVerifier::new(),
        &by(&|s| s.data_source.starts_with("simulation__codeio")),
    );
    assert_conforms(
        &CruxEvalVerifier::new(),
        &by(&|s| s.data_source.starts_with("simulation__cruxeval")),
    );
    for (task, v) in gym_tasks(&Environment::default()) {
        let samples = by(&|s| s.extra_str("task") == Some(task));
        assert!(!samples.is_empty(), "no fixture for {task}");
        assert_conforms(v.as_ref(), &samples);
    }
}

#[test]
fn stored_answers_pass_check_ground_truth() {
    for case in fixtures().iter().filter(|c| c.sample.data_source == "reasoning_gym") {
        let task = case.sample.extra_str("task").unwrap();
        let v = gym_tasks(&Environment::default()).into_iter().find(|(t, _)| *t == task).unwrap().1;
        match v.check_ground_truth(&case.sample) {
            // Rows that must be graded by execution cannot be checked
            // without an executor; the sandbox tests cover them.
            Ok(()) | Err(Error::Sandbox { .. }) => {}
            Err(e) => panic!("{}: {e}", case.full_name),
        }
    }
}

#[test]
fn failures_name_the_step() {
    let reg = registry_with(None);
    let case = fixtures().into_iter().find(|c| c.full_name.ends_with("sokoban-into-wall")).unwrap();
    let r = reg.verify(&case.sample, &Context::default()).unwrap();
    let detail = r.detail.unwrap();
    assert!(detail.starts_with("step 1 is illegal") && detail.contains("wall"), "{detail}");
}

// ------------------------------------------------------------ executor --

/// A stand-in for the sandbox that knows two programs, implemented in
/// Rust: CRUXEval's `f(x) = x[::-1]` on strings and CodeI/O's
/// `main_solution(n) = {"double": 2 n}` (loops forever on n < 0).
#[derive(Debug)]
struct FakeSandbox;

impl Executor for FakeSandbox {
    fn run_program(
        &self,
        _: &str,
        _: &str,
        _: &RunLimits,
        _: &Context,
    ) -> Result<ProgramRun, Error> {
        Err(Error::sandbox("fake", "runs no programs"))
    }

    fn call_function(
        &self,
        call: &FunctionCall<'_>,
        limits: &RunLimits,
        _: &Context,
    ) -> Result<CallRun, Error> {
        assert_eq!(*limits, CALL_LIMITS, "the sim's own limits");
        Self::call(call).map(CallRun::new)
    }
}

impl FakeSandbox {
    fn call(call: &FunctionCall<'_>) -> Result<CallOutcome, Error> {
        match call.args {
            CallArgs::Source(src) if call.program.contains("x[::-1]") => {
                let Some(Value::Array(args)) = literal::parse(&format!("[{src}]")) else {
                    return Ok(CallOutcome::raised("SyntaxError"));
                };
                let [Value::String(s)] = args.as_slice() else {
                    return Ok(CallOutcome::raised("TypeError"));
                };
                let out: String = s.chars().rev().collect();
                let equal = call.expect.map(|e| literal::parse(e) == Some(json!(out)));
                Ok(CallOutcome::Returned {
                    repr: format!("{out:?}"),
                    value: Some(json!(out)),
                    equal,
                })
            }
            CallArgs::Keywords(kw) if call.program.contains("def main_solution(n)") => {
                match kw.get("n").and_then(Value::as_i64) {
                    Some(n) if n < 0 => Ok(CallOutcome::TimeLimit(rlvr_core::TimeLimit::Fuel)),
                    Some(n) => Ok(CallOutcome::returned(json!({"double": 2 * n}))),
                    None => Ok(CallOutcome::raised("TypeError: missing n")),
                }
            }
            _ => Err(Error::sandbox("fake", "unknown program")),
        }
    }
}

const REVERSE: &str = r#"{"functional": "def f(x):\n    return x[::-1]"}"#;

fn crux(ds: &str, response: &str, prompt: &str) -> Sample {
    Sample::new(ds, format!("```python\n{response}\n```"), REVERSE).with_prompt(prompt)
}

#[test]
fn cruxeval_through_an_executor() {
    let reg = registry_with(Some(&(Arc::new(FakeSandbox) as Arc<dyn Executor>)));
    let cx = Context::default();
    let input_task = "assert f(??) == 'cba'";
    let ok =
        reg.verify(&crux("simulation__cruxeval-i", "assert f('abc') == 'cba'", input_task), &cx);
    assert!(ok.unwrap().is_correct());
    // Any input producing the output is right; a wrong one fails on execution.
    let bad =
        reg.verify(&crux("simulation__cruxeval-i", "assert f('abd') == 'cba'", input_task), &cx);
    assert_eq!(bad.unwrap().detail.as_deref(), Some("the assertion fails"));
    let output_task = "assert f('abc') == ??";
    let out = reg.verify(&crux("simulation__cruxeval-o", "'cba'", output_task), &cx).unwrap();
    assert!(out.is_correct());
    let out =
        reg.verify(&crux("simulation__cruxeval-o", "assert f('abc') == 'cba'", output_task), &cx);
    assert!(out.unwrap().is_correct());
    let wrong = reg.verify(&crux("simulation__cruxeval-o", "'abc'", output_task), &cx).unwrap();
    assert!(!wrong.is_correct());
    let pass = reg.verify(&crux("simulation__cruxeval-o", "pass", output_task), &cx).unwrap();
    assert_eq!(pass.score, 0.0);
}

fn codeio_input(answer: &str) -> Sample {
    let prompt = "Given the following output:\n\n{'double': 10}\n\nCan you predict a feasible input?\n\nTip: Here is a reference code snippet for this question.\n\ndef main_solution(n):\n    return {'double': 2 * n}\n";
    Sample::new("simulation__codeio", format!("```json\n{answer}\n```"), "\"input\": {\"n\": 5}")
        .with_prompt(prompt)
}

#[test]
fn codeio_input_prediction_by_execution() {
    let v =
        CodeIoVerifier::builder().executor(Arc::new(FakeSandbox)).verify_reference(true).build();
    let cx = Context::default();
    assert!(v.verify(&codeio_input(r#"{"input": {"n": 5}}"#), &cx).unwrap().is_correct());
    let wrong = v.verify(&codeio_input(r#"{"input": {"n": 6}}"#), &cx).unwrap();
    assert!(wrong.detail.unwrap().contains("executed"));
    let raised = v.verify(&codeio_input(r#"{"input": {"m": 5}}"#), &cx).unwrap();
    assert!(raised.detail.unwrap().contains("raised"));
    let looped = v.verify(&codeio_input(r#"{"input": {"n": -1}}"#), &cx).unwrap();
    assert_eq!(looped.verdict, rlvr_core::Verdict::TimedOut);
    // Without an executor the same alternative is unverified.
    let plain = CodeIoVerifier::new().verify(&codeio_input(r#"{"input": {"n": 6}}"#), &cx).unwrap();
    assert!(plain.detail.unwrap().starts_with("unverified_alternative"));
}

// ------------------------------------------------------------ simulators --

#[test]
fn life_rules_and_boundaries() {
    let glider = vec![
        vec![0, 1, 0, 0, 0, 0],
        vec![0, 0, 1, 0, 0, 0],
        vec![1, 1, 1, 0, 0, 0],
        vec![0, 0, 0, 0, 0, 0],
        vec![0, 0, 0, 0, 0, 0],
        vec![0, 0, 0, 0, 0, 0],
    ];
    let cx = Context::default();
    let torus = Life::new(Rule::conway(), Boundary::Toroidal, 6, 6);
    let g = torus.grid_from_rows(&glider).unwrap();
    // A glider on a 6x6 torus comes back after 4 * 6 steps.
    assert_eq!(final_state(&torus, g.clone(), 24, &cx).unwrap(), g);
    assert!(!torus.halts(g.clone(), 1000, &cx).unwrap());
    // With dead borders it becomes a block and never dies.
    let dead = Life::new(Rule::conway(), Boundary::Dead, 6, 6);
    let end = final_state(&dead, g.clone(), 40, &cx).unwrap();
    assert_eq!(end.cells.iter().filter(|&&c| c == 1).count(), 4);
    // HighLife (B36/S23) differs from Life on some pattern; B/S nothing dies.
    let die = Life::new(Rule::parse("B/S").unwrap(), Boundary::Dead, 6, 6);
    assert!(die.halts(g, 5, &cx).unwrap());
    assert_eq!(Rule::parse("B36/S23").unwrap().to_string(), "B36/S23");
}

#[test]
fn eca_rule_30_and_110() {
    let cx = Context::default();
    let s0 = vec![0, 0, 0, 1, 0, 0, 0];
    let r30 = final_state(&Eca::new(30, Boundary::Dead), s0.clone(), 1, &cx).unwrap();
    assert_eq!(r30, vec![0, 0, 1, 1, 1, 0, 0]);
    let r110 = final_state(&Eca::new(110, Boundary::Dead), s0, 1, &cx).unwrap();
    assert_eq!(r110, vec![0, 0, 1, 1, 0, 0, 0]);
}

#[test]
fn puzzles_find_optima_and_reject_illegal_moves() {
    let cx = Context::default();
    let jugs = Jugs::new(vec![3, 5], 4).unwrap();
    assert_eq!(shortest_plan_len(&jugs, jugs.start(), 20, 10_000, &cx).unwrap(), Some(6));
    let hanoi = Hanoi::new(3, 3, 1, 3).unwrap();
    assert_eq!(hanoi.optimal_len(), Some(7));
    assert_eq!(shortest_plan_len(&hanoi, hanoi.start(), 10, 100_000, &cx).unwrap(), Some(7));
    assert_eq!(Hanoi::new(4, 4, 1, 4).unwrap().optimal_len(), Some(9));
    let sliding = Sliding::new(2, 2, SlideConvention::Blank).unwrap();
    let start = vec![0, 1, 3, 2];
    assert!(sliding.is_valid_state(&start));
    let plan = [Dir::Right, Dir::Down];
    let r = check_plan(&sliding, start.clone(), &plan, Optimality::Ignore, &cx).unwrap();
    assert_eq!(r, Checked::Ok { len: 2 });
    let r = check_plan(&sliding, start, &[Dir::Up], Optimality::Ignore, &cx).unwrap();
    assert!(matches!(r, Checked::Failed(Failure::Illegal { index: 0, .. })));
    let lock = QuantumLock::new(
        vec![
            Button::new("A", Op::Multiply(2), Some(Light::Green)),
            Button::new("B", Op::Add(1), None),
        ],
        0,
        Light::Red,
        6,
    );
    let ab = [1, 0, 1, 0];
    assert!(
        check_plan(&lock, lock.start(), &ab, Optimality::Ignore, &cx)
            .unwrap()
            .into_result()
            .is_ok()
    );
    let r = check_plan(&lock, lock.start(), &[0], Optimality::Ignore, &cx).unwrap();
    assert!(matches!(r, Checked::Failed(Failure::Illegal { index: 0, .. })));
    let best = shortest_plan_len(&lock, lock.start(), 10, 10_000, &cx).unwrap();
    let lock = lock.with_optimum(best);
    let long = [1, 1, 1, 1, 1, 1];
    let r = check_plan(&lock, lock.start(), &long, Optimality::Ratio, &cx).unwrap();
    assert_eq!(best, Some(4));
    assert!(matches!(r, Checked::Partial { len: 6, optimum: 4, .. }));
}

#[test]
fn sokoban_xsb_and_pushes() {
    let cx = Context::default();
    let game = Sokoban::parse_xsb("#####\n#@$.#\n#####").unwrap();
    let plan = Sokoban::parse_plan("R").unwrap();
    assert_eq!(
        check_plan(&game, game.start(), &plan, Optimality::Ignore, &cx).unwrap(),
        Checked::Ok { len: 1 }
    );
    let r = check_plan(&game, game.start(), &[Dir::Right, Dir::Right], Optimality::Ignore, &cx);
    assert!(matches!(r.unwrap(), Checked::Failed(Failure::Illegal { index: 1, .. })));
    assert_eq!(Sokoban::parse_plan("left, UP r"), Some(vec![Dir::Left, Dir::Up, Dir::Right]));
}

#[test]
fn bf_runs_and_bounds() {
    let cx = Context::default();
    assert!(matches!(Bf::default().run("[", b"", &cx).unwrap(), BfRun::Fault(_)));
    assert!(matches!(Bf::default().run("<", b"", &cx).unwrap(), BfRun::Fault(_)));
    let small = Bf { tape_len: 10, max_steps: 1000 };
    assert!(matches!(small.run("+[]", b"", &cx).unwrap(), BfRun::OutOfSteps(_)));
    assert_eq!(Bf::default().run(",.,.", b"hi", &cx).unwrap(), BfRun::Halted(b"hi".to_vec()));
    assert_eq!(Bf::default().run("-.", b"", &cx).unwrap(), BfRun::Halted(vec![255]));
    // The context's budget stops a long run as an error, not a reward.
    let tight = Context::new(&rlvr_core::Budget::default().with_steps(5_000));
    assert!(matches!(Bf::default().run("+[]", b"", &tight), Err(Error::BudgetExceeded { .. })));
}

#[test]
fn fsm_trace_reports_the_first_wrong_state() {
    let cx = Context::default();
    let fsm = Fsm::from_json(&json!({"start": "s", "accept": ["t"],
        "transitions": {"s": {"0": "s", "1": ["t", "x"]}, "t": {"0": "s", "1": "t"}}}))
    .unwrap();
    let input: Vec<String> = ["1", "0", "1"].map(String::from).to_vec();
    let run = fsm.run(&input, &cx).unwrap();
    assert!(run.accepted);
    assert_eq!(run.output, ["x", "x"]);
    let claimed: Vec<String> = ["t", "t", "t"].map(String::from).to_vec();
    let r = check_trace(&fsm, fsm.start(), &input, &claimed, &cx).unwrap();
    assert_eq!(r, Checked::Failed(Failure::WrongState { index: 1 }));
    assert_eq!(fsm.run(&["2"], &cx).unwrap().stuck_at, Some(0));
}

#[test]
fn integrator_trace_with_tolerance() {
    let cx = Context::default();
    let spring = Integrator::new(Method::Verlet, 0.1).with_forces(1.0, 1.0, 0.0);
    let s0 = Body::new(vec![1.0], vec![0.0]);
    let mut states = Vec::new();
    let mut s = s0.clone();
    for _ in 0..5 {
        s = spring.step(&s, &()).unwrap();
        // Round to 9 significant digits: within the default tolerance.
        let r = |x: f64| (x * 1e9).round() / 1e9;
        states.push(Body::new(
            s.pos.iter().map(|&x| r(x)).collect(),
            s.vel.iter().map(|&x| r(x)).collect(),
        ));
    }
    let actions = [(); 5];
    assert_eq!(
        check_trace(&spring, s0.clone(), &actions, &states, &cx).unwrap(),
        Checked::Ok { len: 5 }
    );
    // Euler numbers are not Verlet numbers: the first step already differs.
    let euler = Integrator::new(Method::Euler, 0.1).with_forces(1.0, 1.0, 0.0);
    assert_eq!(
        check_trace(&euler, s0.clone(), &actions, &states, &cx).unwrap(),
        Checked::Failed(Failure::WrongState { index: 0 })
    );
    states[3].pos[0] += 1e-3;
    assert_eq!(
        check_trace(&spring, s0, &actions, &states, &cx).unwrap(),
        Checked::Failed(Failure::WrongState { index: 3 })
    );
    assert_eq!(Method::parse("Velocity-Verlet"), Some(Method::Verlet));
}

#[test]
fn spread_trace_and_budget() {
    let spread = Spread::new(1, 4);
    let cx = Context::default();
    let trace = vec![vec![2, 2, 1, 1], vec![2, 2, 2, 1], vec![2, 2, 2, 2]];
    assert_eq!(
        check_trace(&spread, vec![2, 1, 1, 1], &[(); 3], &trace, &cx).unwrap(),
        Checked::Ok { len: 3 }
    );
    let tight = Context::new(&rlvr_core::Budget::default().with_steps(3));
    assert!(spread.minutes(vec![2, 1, 1, 1], &tight).is_err());
}

// ------------------------------------------------------------ properties --

/// Legal Hanoi moves from `s`.
fn legal(h: &Hanoi, s: &Pegs) -> Vec<(Option<u32>, usize, usize)> {
    h.actions(s).into_iter().filter(|a| h.step(s, a).is_ok()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A random legal Hanoi trace is accepted; one illegal move inserted at
    /// any index is rejected at that index.
    #[test]
    fn hanoi_random_traces(picks in prop::collection::vec(0usize..100, 1..40), at in 0usize..40, disks in 2u32..6) {
        let h = Hanoi::new(disks, 3, 1, 3).unwrap();
        let cx = Context::default();
        let mut s = h.start();
        let (mut plan, mut states) = (Vec::new(), Vec::new());
        for p in &picks {
            let moves = legal(&h, &s);
            let m = moves[p % moves.len()];
            s = h.step(&s, &m).unwrap();
            plan.push(m);
            states.push(s.clone());
        }
        prop_assert_eq!(check_trace(&h, h.start(), &plan, &states, &Context::default()).unwrap(), Checked::Ok { len: plan.len() });
        // Undoing the walk and then solving optimally is always a valid plan.
        let mut full = plan.clone();
        full.extend(plan.iter().rev().map(|&(d, f, t)| (d, t, f)));
        let mut solve = Vec::new();
        fn rec(n: u32, f: usize, t: usize, via: usize, out: &mut Vec<(Option<u32>, usize, usize)>) {
            if n == 0 { return; }
            rec(n - 1, f, via, t, out);
            out.push((Some(n), f, t));
            rec(n - 1, via, t, f, out);
        }
        rec(disks, 1, 3, 2, &mut solve);
        full.extend(solve.iter().copied());
        prop_assert!(check_plan(&h, h.start(), &full, Optimality::Ignore, &cx).unwrap().into_result().is_ok());
        let strict = check_plan(&h, h.start(), &full, Optimality::Require, &cx).unwrap();
        prop_assert!(
            matches!(strict, Checked::Failed(Failure::Suboptimal { .. }) | Checked::Ok { .. }),
            "unexpected"
        );
        // An illegal move at index k: a larger disk onto a smaller one or
        // a move from an empty peg, whichever the state allows.
        let k = at % (plan.len() + 1);
        let mut before = h.start();
        for m in &plan[..k] { before = h.step(&before, m).unwrap(); }
        let illegal = h.actions(&before).into_iter().find(|a| h.step(&before, a).is_err()).unwrap();
        let mut bad = plan.clone();
        bad.insert(k, illegal);
        let r = check_plan(&h, h.start(), &bad, Optimality::Ignore, &cx).unwrap();
        prop_assert!(matches!(r, Checked::Failed(Failure::Illegal { index, .. }) if index == k), "{:?}", r);
    }

    /// A random legal sliding-puzzle walk away from the goal, reversed, is
    /// a valid plan; a corrupted state in its trace is reported at its index.
    #[test]
    fn sliding_random_plans(picks in prop::collection::vec(0usize..4, 1..30), at in 0usize..30) {
        let p = Sliding::new(3, 3, SlideConvention::Blank).unwrap();
        let cx = Context::default();
        let goal: Vec<u16> = (1..9).chain([0]).collect();
        let mut s = goal;
        let mut walk = Vec::new();
        for &i in &picks {
            let legal: Vec<Dir> = Dir::ALL.iter().copied().filter(|d| p.step(&s, d).is_ok()).collect();
            let d = legal[i % legal.len()];
            s = p.step(&s, &d).unwrap();
            walk.push(d);
        }
        let back: Vec<Dir> = walk.iter().rev().map(|d| match d { Dir::Up => Dir::Down, Dir::Down => Dir::Up, Dir::Left => Dir::Right, _ => Dir::Left }).collect();
        let r = check_plan(&p, s.clone(), &back, Optimality::Ignore, &cx).unwrap();
        prop_assert!(r.into_result().is_ok() || p.is_goal(&s));
        let mut states = Vec::new();
        let mut t = s.clone();
        for d in &back { t = p.step(&t, d).unwrap(); states.push(t.clone()); }
        let k = at % states.len();
        states[k].swap(0, 1);
        let r = check_trace(&p, s, &back, &states, &cx).unwrap();
        prop_assert_eq!(r, Checked::Failed(Failure::WrongState { index: k }));
    }

    /// Random responses never panic any reasoning-gym task.
    #[test]
    fn rg_tasks_never_panic(text in "\\PC{0,200}") {
        for case in fixtures().iter().filter(|c| c.sample.data_source == "reasoning_gym").step_by(7) {
            let mut s = case.sample.clone();
            s.response = format!("<answer>{text}</answer>");
            let reg = registry_with(None);
            let _ = reg.verify(&s, &Context::default());
        }
    }
}

mod metamorphic;
