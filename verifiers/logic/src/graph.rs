//! Graph search puzzles in the Guru format (`logic__graph*`).
//!
//! The rows come from the "learning to search" generator in its logic form:
//! the prompt lists implications between fake traits ("If Ann is fdebme,
//! then Bob is quzzaa."), one per edge of a directed graph, and asks for
//! the **next step** on a shortest proof from one trait to another; the gold
//! is that next trait (`"fdebme"`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::{Context, Error, Reward, Sample, Verifier, names};

use crate::answer;
use rlvr_core::literal;

/// Grades graph search puzzles (`logic__graph*`).
///
/// The answer is the last `<answer>` block: the trait alone (`fdebme`),
/// or `Name is fdebme`, in any case, with quotes or a trailing period. Its
/// letters may also be split by spaces, commas, arrows or lines
/// (`f -> d -> e`), which the reference scorer gives 0.
///
/// When the prompt (or `extra_info.prompt`) carries the predicates and the
/// question, the graph is rebuilt from them and **any** successor of the
/// start that lies on a shortest path to the goal is correct (the BFS
/// distance to the goal drops by one), not only the stored one. The graph
/// is trusted only when it is read completely and the gold is such a step
/// in it; otherwise the answer is compared with the gold, and the detail
/// says why.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_logic::GraphVerifier;
///
/// let prompt = "Given the following list of predicates: If Ann is abo, then Ann is bei. \
///     If Ann is abo, then Ann is cou. Ann is bei implies Ann is dui. \
///     Ann is dui is true if Ann is cou.\n\nIf Ann is abo, what is the next step to prove \
///     that Ann is dui? Respond with only the trait of the next step.";
/// let s = |a: &str| Sample::new("logic__graph_logical_dataset", a, "bei").with_prompt(prompt);
/// let v = GraphVerifier::new();
/// assert!(v.verify(&s("<answer>bei</answer>"), &Context::default())?.is_correct());
/// // Another shortest path starts at `cou`.
/// assert!(v.verify(&s("<answer>Ann is cou.</answer>"), &Context::default())?.is_correct());
/// assert!(!v.verify(&s("<answer>dui</answer>"), &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GraphVerifier;

impl GraphVerifier {
    /// The verifier.
    pub fn new() -> Self {
        Self
    }

    fn gold(&self, sample: &Sample) -> Result<String, Error> {
        sample
            .ground_truth
            .as_str()
            .and_then(path_letters)
            .ok_or_else(|| Error::invalid_ground_truth(self.name(), "not a string of letters"))
    }
}

/// The path's letters, lowercased, or `None` when the text is not a path.
fn path_letters(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    if text.starts_with('[') {
        let v = literal::parse(text)?;
        let parts: Option<Vec<&str>> = v.as_array()?.iter().map(|x| x.as_str()).collect();
        return path_letters(&parts?.join(" "));
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let skip = ["->", "=>", "-->", "→", "⟶", "➔"]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| s.len());
        if let Some(n) = skip {
            rest = &rest[n..];
            continue;
        }
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if !(c.is_whitespace() || matches!(c, ',' | '-' | '>' | '\'' | '"')) {
            return None;
        }
        rest = &rest[c.len_utf8()..];
    }
    (!out.is_empty()).then_some(out)
}

/// A name in the predicates: capitalised words (`Dr. Ann Lee-Smith Jr.`).
const NAME: &str = r"[A-Z][A-Za-z'.\-]*(?: [A-Z][A-Za-z'.\-]*)*";

/// `Name is trait` answers.
static NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z'.\- ]* is ([a-z]+)$").expect("valid"));

/// The predicate forms of the generator: `(regex, reversed)`, where the
/// captures `a` and `b` are the traits of one sentence and `reversed`
/// means the edge runs from `b` to `a`.
static PREDICATES: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
    let n = NAME;
    let forms: [(String, bool); 10] = [
        (format!(r"If {n} is (?P<a>[a-z]+), then {n} is (?P<b>[a-z]+)\."), false),
        (format!(r"{n} is (?P<a>[a-z]+) implies {n} is (?P<b>[a-z]+)\."), false),
        (format!(r"{n} is (?P<a>[a-z]+) is true if {n} is (?P<b>[a-z]+)\."), true),
        (format!(r"Given {n} is (?P<a>[a-z]+),? then {n} is (?P<b>[a-z]+)\."), false),
        (format!(r"{n} is (?P<a>[a-z]+),? then {n} is (?P<b>[a-z]+)\."), false),
        (r"(?P<a>[a-z]+) implies (?P<b>[a-z]+)\.".to_owned(), false),
        (r"(?P<a>[a-z]+) is true if (?P<b>[a-z]+) is true\.".to_owned(), true),
        (r"If (?P<a>[a-z]+),? then (?P<b>[a-z]+) is true\.".to_owned(), false),
        (r"If (?P<a>[a-z]+) is true,? then (?P<b>[a-z]+)\.".to_owned(), false),
        (r"Given someone is (?P<a>[a-z]+),? then they're (?P<b>[a-z]+)\.".to_owned(), false),
    ];
    forms
        .into_iter()
        .map(|(re, rev)| (Regex::new(&format!(r"^\s*(?:{re})")).expect("valid"), rev))
        .collect()
});

/// The question: from trait `a`, the next step towards trait `b`.
static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"If {NAME} is (?P<a>[a-z]+), what is the next step to prove that {NAME} is (?P<b>[a-z]+)\?"
    ))
    .expect("valid")
});

/// The largest prompt read for predicates.
const MAX_PROMPT: usize = 1 << 20;

/// A graph search instance read from the prompt.
#[derive(Debug)]
struct Instance {
    /// Successors of each trait.
    succ: HashMap<String, Vec<String>>,
    /// BFS distance of each trait to the goal.
    to_goal: HashMap<String, usize>,
    /// Every trait the predicates name.
    traits: HashSet<String>,
    start: String,
}

impl Instance {
    /// Reads the predicates and the question, and computes the distances to
    /// the goal. `None` when any sentence before the question is not a
    /// predicate, or the goal is unreachable from the start.
    fn read(text: &str, cx: &Context) -> Result<Option<Self>, Error> {
        if text.len() > MAX_PROMPT {
            return Ok(None);
        }
        let Some(q) = QUESTION.captures_iter(text).last() else { return Ok(None) };
        let (Some(whole), Some(start), Some(goal)) = (q.get(0), q.name("a"), q.name("b")) else {
            return Ok(None);
        };
        let head = &text[..whole.start()];
        let marker = "list of predicates:";
        let mut rest = head.find(marker).map_or(head, |i| &head[i + marker.len()..]);
        let mut succ: HashMap<String, Vec<String>> = HashMap::new();
        let mut pred: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut traits = HashSet::new();
        while !rest.trim().is_empty() {
            cx.charge(1)?;
            let Some((m, reversed)) =
                PREDICATES.iter().find_map(|(re, rev)| re.captures(rest).map(|c| (c, *rev)))
            else {
                return Ok(None);
            };
            let (Some(all), Some(a), Some(b)) = (m.get(0), m.name("a"), m.name("b")) else {
                return Ok(None);
            };
            let (from, to) = if reversed { (b, a) } else { (a, b) };
            traits.insert(from.as_str().to_owned());
            traits.insert(to.as_str().to_owned());
            succ.entry(from.as_str().to_owned()).or_default().push(to.as_str().to_owned());
            pred.entry(to.as_str()).or_default().push(from.as_str());
            rest = &rest[all.end()..];
        }
        // BFS from the goal over reversed edges.
        let mut to_goal = HashMap::from([(goal.as_str().to_owned(), 0usize)]);
        let mut queue = VecDeque::from([goal.as_str()]);
        while let Some(v) = queue.pop_front() {
            let d = to_goal.get(v).copied().unwrap_or(0);
            for &u in pred.get(v).map_or(&[][..], Vec::as_slice) {
                cx.charge(1)?;
                if !to_goal.contains_key(u) {
                    to_goal.insert(u.to_owned(), d + 1);
                    queue.push_back(u);
                }
            }
        }
        let start = start.as_str().to_owned();
        if to_goal.get(&start).is_none_or(|&d| d == 0) {
            return Ok(None);
        }
        Ok(Some(Self { succ, to_goal, traits, start }))
    }

    /// Whether `t` is a successor of the start on some shortest path.
    fn is_next_step(&self, t: &str) -> bool {
        let Some(&d) = self.to_goal.get(&self.start) else { return false };
        self.succ.get(&self.start).is_some_and(|s| s.iter().any(|x| x == t))
            && self.to_goal.get(t) == Some(&(d - 1))
    }
}

/// The trait the answer names: one word, `Name is trait`, or letters split
/// by separators.
fn answer_trait(text: &str) -> Option<String> {
    let n = answer::norm(text);
    if !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase()) {
        return Some(n);
    }
    if let Some(c) = NAMED.captures(&n) {
        return Some(c[1].to_owned());
    }
    path_letters(text)
}

/// Grades a trait against the graph: any next step on a shortest path.
fn grade_step(g: &Instance, gold: &str, said: String) -> Reward {
    let ok = g.is_next_step(&said);
    let detail = if ok && said == gold {
        "a next step on a shortest path"
    } else if ok {
        "alternative_solution: a next step on a shortest path"
    } else if g.traits.contains(&said) {
        "not a next step on a shortest path"
    } else {
        "not a trait of the graph"
    };
    Reward::from_bool(ok).with_pred(said).with_detail(detail)
}

/// The prompt text of the row: the sample's prompt, else `extra_info.prompt`.
fn prompt_of(sample: &Sample) -> Option<String> {
    sample.prompt_text().or_else(|| sample.extra_str("prompt").map(str::to_owned))
}

impl Verifier for GraphVerifier {
    fn name(&self) -> &str {
        names::GRAPH
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        answer::grade_tagged(
            sample,
            cx,
            self.name(),
            self.gold(sample),
            |_, text| answer_trait(text),
            "not a trait",
            |gold, said, _| {
                let instance = match prompt_of(sample) {
                    Some(p) => Instance::read(&p, cx)
                        .map(|g| g.ok_or("the predicates or the question were not understood"))?,
                    None => Err("no prompt"),
                };
                let why = match instance {
                    Err(why) => why,
                    Ok(g) if !g.is_next_step(&gold) => {
                        "the gold is not a shortest-path step of the graph read"
                    }
                    Ok(g) => return Ok(grade_step(&g, &gold, said)),
                };
                Ok(Reward::from_bool(said == gold)
                    .with_pred(said)
                    .with_detail(format!("compared with the gold ({why})")))
            },
        )
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(sample).map(drop)
    }
}
