//! The per-task graders. Each reads the answer part of the response (after
//! the last `</think>`, under the size cap) and returns a graded reward;
//! only a ground truth that cannot be read is an error.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::extract::{Fence, Find, last_boxed, last_code_block};
use rlvr_core::{Context, Error, Reward, Sample, Verifier, clip};
use serde_json::Value;

use crate::table;
use crate::text::{
    Found, Lit, answer_part, bold_spans, last_bold_start, last_box, last_solution, parse_dict,
    unclosed, unlatex, words,
};

/// A LiveBench task graded here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Task {
    /// Column type annotation: name the class of a column.
    Cta,
    /// Join-column mapping between two tables (F1 over column pairs).
    TableJoin,
    /// Table reformatting: a table converted to the format the prompt names.
    TableFormat,
    /// Web of lies, v2: three yes/no/unknown answers, all or nothing.
    WebOfLiesV2,
    /// Web of lies, v3: three yes/no/unknown answers, credit per answer.
    WebOfLiesV3,
    /// House traversal: a sequence of names.
    HouseTraversal,
    /// Zebra puzzle (the single-answer format of the 2024 releases).
    ZebraPuzzle,
    /// Spatial reasoning: a number or a shape.
    Spatial,
    /// Plot unscrambling: the sentences of a plot summary in order.
    PlotUnscrambling,
    /// Typos: the text with its typos fixed.
    Typos,
    /// Connections: sixteen words in four groups of four.
    Connections,
}

impl Task {
    /// Every task, in the order of the LiveBench categories.
    pub const ALL: [Self; 11] = [
        Self::Cta,
        Self::TableJoin,
        Self::TableFormat,
        Self::WebOfLiesV2,
        Self::WebOfLiesV3,
        Self::HouseTraversal,
        Self::ZebraPuzzle,
        Self::Spatial,
        Self::PlotUnscrambling,
        Self::Typos,
        Self::Connections,
    ];

    /// The task's name in `extra_info.task`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cta => "cta",
            Self::TableJoin => "tablejoin",
            Self::TableFormat => "tableformat",
            Self::WebOfLiesV2 => "web_of_lies_v2",
            Self::WebOfLiesV3 => "web_of_lies_v3",
            Self::HouseTraversal => "house_traversal",
            Self::ZebraPuzzle => "zebra_puzzle",
            Self::Spatial => "spatial",
            Self::PlotUnscrambling => "plot_unscrambling",
            Self::Typos => "typos",
            Self::Connections => "connections",
        }
    }

    /// The task named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The verifier of one LiveBench task; the router of
/// [`verifiers`](crate::verifiers) routes `ood__livebench` rows to these on `extra_info.task`.
///
/// # Example
/// ```
/// use rlvr_core::{Context, Sample, Verifier};
/// use rlvr_livebench::{Task, TaskVerifier};
///
/// let v = TaskVerifier::new(Task::ZebraPuzzle);
/// let row = Sample::new("ood__livebench", "So the answer is ***3***.", serde_json::json!("three"));
/// assert!(v.verify(&row, &Context::default())?.is_correct());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TaskVerifier {
    task: Task,
    name: String,
    max_response_bytes: usize,
}

impl TaskVerifier {
    /// The verifier of `task`, with a 1 MiB response cap.
    pub fn new(task: Task) -> Self {
        Self {
            task,
            name: format!("{}/{}", rlvr_core::names::LIVEBENCH, task.name()),
            max_response_bytes: 1 << 20,
        }
    }

    /// A builder for the verifier of `task`, with other settings.
    pub fn builder(task: Task) -> TaskVerifierBuilder {
        TaskVerifierBuilder { v: Self::new(task) }
    }

    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }

    fn bad_gold(&self, why: impl Into<String>) -> Error {
        Error::invalid_ground_truth(&self.name, why)
    }

    fn gold_str<'a>(&self, sample: &'a Sample) -> Result<&'a str, Error> {
        match &sample.ground_truth {
            Value::String(s) if !s.trim().is_empty() => Ok(s),
            Value::String(_) => Err(self.bad_gold("empty ground truth")),
            other => Err(self.bad_gold(format!(
                "the ground truth must be a string, not {}",
                clip(&other.to_string(), 80)
            ))),
        }
    }

    fn gold(&self, sample: &Sample) -> Result<Gold, Error> {
        Ok(match self.task {
            Task::Cta => {
                let g = clean(self.gold_str(sample)?);
                if g.is_empty() {
                    return Err(self.bad_gold("the class name has no letters or digits"));
                }
                Gold::Text(g)
            }
            Task::TableJoin => Gold::Map(self.join_gold(sample)?),
            Task::TableFormat => {
                let format = prompt_texts(sample)
                    .iter()
                    .rev()
                    .find_map(|p| table::target_format(p))
                    .ok_or_else(|| {
                        self.bad_gold("the prompt naming the target format is missing")
                    })?;
                let gold = table::read(format, self.gold_str(sample)?).ok_or_else(|| {
                    self.bad_gold(format!("the ground truth is not a {format:?} table"))
                })?;
                Gold::Table(format, gold)
            }
            Task::WebOfLiesV2 | Task::WebOfLiesV3 => {
                let items = yes_no_items(self.gold_str(sample)?)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| self.bad_gold("not a list of yes / no / unknown"))?;
                Gold::Items(items)
            }
            Task::HouseTraversal => {
                let w: Vec<String> = words(self.gold_str(sample)?)
                    .into_iter()
                    .filter(|w| !FILLER.contains(&w.as_str()))
                    .collect();
                if w.is_empty() {
                    return Err(self.bad_gold("no names"));
                }
                Gold::Items(w)
            }
            Task::ZebraPuzzle | Task::Spatial => Gold::Text(norm_word(self.gold_str(sample)?)),
            Task::PlotUnscrambling => {
                let s: Vec<String> = sentences(self.gold_str(sample)?);
                if s.is_empty() {
                    return Err(self.bad_gold("no sentences"));
                }
                Gold::Items(s)
            }
            Task::Typos => Gold::Text(squash(self.gold_str(sample)?)),
            Task::Connections => {
                let w: Vec<String> = self.gold_str(sample)?.split(',').map(conn_word).collect();
                let distinct: std::collections::HashSet<&String> = w.iter().collect();
                if !w.len().is_multiple_of(4)
                    || distinct.len() != w.len()
                    || w.iter().any(String::is_empty)
                {
                    return Err(self.bad_gold(format!(
                        "{} words: not distinct words in groups of four",
                        w.len()
                    )));
                }
                Gold::Items(w)
            }
        })
    }

    fn join_gold(&self, sample: &Sample) -> Result<BTreeMap<String, Lit>, Error> {
        let entries = match &sample.ground_truth {
            Value::String(s) => {
                parse_dict(s).ok_or_else(|| self.bad_gold("not a dictionary literal"))?
            }
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| {
                    let lit = match v {
                        Value::String(s) => Lit::Str(s.clone()),
                        Value::Null => Lit::None,
                        other => Lit::Atom(other.to_string()),
                    };
                    (k.clone(), lit)
                })
                .collect(),
            _ => return Err(self.bad_gold("the ground truth must be a dictionary")),
        };
        let map = kept(entries);
        if map.is_empty() {
            return Err(self.bad_gold("an empty join mapping"));
        }
        Ok(map)
    }
}

/// Builds a [`TaskVerifier`] with settings other than the defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct TaskVerifierBuilder {
    v: TaskVerifier,
}

impl TaskVerifierBuilder {
    /// Sets the response cap in bytes: a longer response is `no_answer`.
    pub fn max_response_bytes(mut self, cap: usize) -> Self {
        self.v.max_response_bytes = cap;
        self
    }

    /// The verifier.
    pub fn build(self) -> TaskVerifier {
        self.v
    }
}

enum Gold {
    Table(table::Format, table::Table),
    Text(String),
    Items(Vec<String>),
    Map(BTreeMap<String, Lit>),
}

impl Verifier for TaskVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        self.gold(sample).map(|_| ())
    }

    fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let gold = self.gold(sample)?;
        let answer = match answer_part(&sample.response, self.max_response_bytes) {
            Ok(a) => a,
            Err(e) => return Ok(e.reward()),
        };
        cx.charge(1 + answer.len() as u64 / 64)?;
        if answer.trim().is_empty() {
            return Ok(Reward::no_answer().with_detail("empty response"));
        }
        Ok(match (self.task, &gold) {
            (Task::Cta, Gold::Text(g)) => cta(g, answer),
            (Task::TableJoin, Gold::Map(g)) => tablejoin(g, answer),
            (Task::TableFormat, Gold::Table(f, g)) => tableformat(*f, g, answer),
            (Task::WebOfLiesV2, Gold::Items(g)) => web_of_lies(g, answer, false),
            (Task::WebOfLiesV3, Gold::Items(g)) => web_of_lies(g, answer, true),
            (Task::HouseTraversal, Gold::Items(g)) => house_traversal(g, answer),
            (Task::ZebraPuzzle, Gold::Text(g)) => zebra(g, answer),
            (Task::Spatial, Gold::Text(g)) => spatial(g, answer),
            (Task::PlotUnscrambling, Gold::Items(g)) => plot_unscrambling(g, answer),
            (Task::Typos, Gold::Text(g)) => typos(g, answer),
            (Task::Connections, Gold::Items(g)) => connections(g, answer),
            _ => return Err(self.bad_gold("internal: ground truth of another task")),
        })
    }
}

fn hedge() -> Reward {
    Reward::incorrect().with_detail("several boxed answers joined by a hedge")
}

/// Lowercase, only word characters (letters, digits, `_`): LiveBench's
/// `clean_text`.
fn clean(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric() || *c == '_').flat_map(char::to_lowercase).collect()
}

/// The last non-empty line.
fn last_line(s: &str) -> &str {
    s.lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
}

static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^.*?\b(?:final answer|answer|class|column type|type)\s*(?:is|:)\s*")
        .expect("static regex")
});

// ---------------------------------------------------------------- cta

/// The content of the last `<solution>` tag, for the single-answer tasks
/// whose 2024 prompts do not ask for one (later LiveBench prompts do):
/// `Err` is the reward for an unclosed tag.
fn solution_tag(answer: &str) -> Result<Option<String>, Reward> {
    match last_solution(answer) {
        Found::Some(s) => Ok(Some(unlatex(&s))),
        Found::Unclosed(what) => Err(unclosed(what)),
        Found::Absent => Ok(None),
    }
}

fn cta(gold: &str, answer: &str) -> Reward {
    let tagged = match solution_tag(answer) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let cand = match tagged.map_or_else(|| last_box(answer), |t| Ok(Found::Some(t.into()))) {
        Err(()) => return hedge(),
        Ok(Found::Some(c)) => unlatex(&c),
        Ok(Found::Unclosed(what)) => return unclosed(what),
        Ok(Found::Absent) => {
            let line = last_line(answer);
            LEAD_IN.replace(line, "").into_owned()
        }
    };
    let got = clean(&cand);
    if got.is_empty() {
        return Reward::no_answer().with_detail("no class name");
    }
    Reward::from_bool(got == gold).with_pred(clip(&cand, 200))
}

// ---------------------------------------------------------------- tablejoin

/// Entries with a value: `None` and empty strings are dropped (LiveBench
/// drops `None` and counts an empty value as missing); a repeated key keeps
/// its last value, as a Python dictionary literal does.
fn kept(entries: Vec<(String, Lit)>) -> BTreeMap<String, Lit> {
    let mut map = BTreeMap::new();
    for (k, v) in entries {
        match &v {
            Lit::None => {
                map.remove(&k);
            }
            Lit::Str(s) if s.is_empty() => {
                map.remove(&k);
            }
            _ => {
                map.insert(k, v);
            }
        }
    }
    map
}

fn tablejoin(gold: &BTreeMap<String, Lit>, answer: &str) -> Reward {
    let text = match last_solution(answer) {
        Found::Some(s) => s,
        Found::Unclosed(what) => return unclosed(what),
        Found::Absent => match last_code_block(answer, Fence::ANY) {
            Find::Complete(span) => span.content.into(),
            Find::Unclosed(_) => return unclosed("code block"),
            _ => match last_box(answer) {
                Err(()) => return hedge(),
                Ok(Found::Some(c)) => c,
                Ok(Found::Unclosed(what)) => return unclosed(what),
                Ok(Found::Absent) => answer.trim().into(),
            },
        },
    };
    let Some(entries) = parse_dict(&text) else {
        return Reward::no_answer().with_detail("no dictionary literal in the answer");
    };
    let got = kept(entries);
    if got.is_empty() {
        return Reward::incorrect().with_detail("an empty mapping");
    }
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for (k, v) in &got {
        match gold.get(k) {
            None => fp += 1,
            Some(g) if g == v => tp += 1,
            Some(_) => {
                fp += 1;
                fn_ += 1;
            }
        }
    }
    fn_ += gold.keys().filter(|k| !got.contains_key(*k)).count() as u32;
    let f1 = f64::from(2 * tp) / f64::from(2 * tp + fp + fn_);
    let detail = format!("{tp} of {} pairs right, {fp} wrong or extra", gold.len());
    let reward = if tp as usize == gold.len() && fp == 0 {
        Reward::correct()
    } else if tp == 0 {
        Reward::incorrect()
    } else {
        Reward::partial(f1)
    };
    reward.with_detail(detail)
}

// ---------------------------------------------------------------- tableformat

/// The prompt's texts: `extra_info.prompt` (a string or the list of turns,
/// as Reasoning360 stores it) and the row's prompt.
fn prompt_texts(sample: &Sample) -> Vec<String> {
    let mut out = Vec::new();
    match sample.extra("prompt") {
        Some(Value::String(s)) => out.push(s.clone()),
        Some(Value::Array(turns)) => {
            out.extend(turns.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        _ => {}
    }
    out.extend(sample.prompt_text());
    out
}

fn tableformat(format: table::Format, gold: &table::Table, answer: &str) -> Reward {
    let text = match last_solution(answer) {
        Found::Some(s) => s,
        Found::Unclosed(what) => return unclosed(what),
        Found::Absent => match last_code_block(answer, Fence::ANY) {
            Find::Complete(span) => span.content.into(),
            Find::Unclosed(_) => return unclosed("code block"),
            _ => answer.trim().into(),
        },
    };
    let direct = table::read(format, &text);
    if let Some(t) = &direct
        && gold.same(t).is_ok()
    {
        return Reward::correct().with_detail("the table matches");
    }
    // A table with text around it: the table alone.
    let found = table::find(format, &text, gold);
    match (&direct, &found) {
        (_, Some(t)) if gold.same(t).is_ok() => {
            Reward::correct().with_detail("the table (with text around it) matches")
        }
        (Some(t), _) | (None, Some(t)) => {
            Reward::incorrect().with_detail(gold.same(t).err().unwrap_or_default())
        }
        (None, None) if table::header_lines(format, &text, gold) > 1 => {
            Reward::incorrect().with_detail("several tables in the answer")
        }
        (None, None) => {
            Reward::no_answer().with_detail(format!("no {format:?} table in the answer"))
        }
    }
}

// ---------------------------------------------------------------- web of lies

const YNU: [&str; 3] = ["yes", "no", "unknown"];

/// The yes/no/unknown items of a short answer, ignoring `and` and
/// punctuation; `None` when any other word is present.
fn yes_no_items(s: &str) -> Option<Vec<String>> {
    let w: Vec<String> = words(&unlatex(s)).into_iter().filter(|w| w != "and").collect();
    w.iter().all(|w| YNU.contains(&w.as_str())).then_some(w)
}

static YNU_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:yes|no|unknown)\b(?:[ \t]*,[ \t]*(?:yes|no|unknown)\b)*")
        .expect("static regex")
});

fn web_of_lies(gold: &[String], answer: &str, per_item: bool) -> Reward {
    let n = gold.len();
    let items: Option<Vec<String>> = match last_solution(answer) {
        Found::Some(s) => yes_no_items(&s),
        Found::Unclosed(what) => return unclosed(what),
        Found::Absent => {
            // v2 reads bold words (the last n yes/no/unknown words in bold)
            // before boxes; v3 does not read bold words.
            let bold: Vec<String> = if per_item {
                Vec::new()
            } else {
                bold_spans(answer)
                    .into_iter()
                    .flat_map(words)
                    .filter(|w| YNU.contains(&w.as_str()))
                    .collect()
            };
            if !bold.is_empty() {
                Some(bold[bold.len().saturating_sub(n)..].to_vec())
            } else {
                match last_box(answer) {
                    Err(()) => return hedge(),
                    Ok(Found::Some(c)) => yes_no_items(&c),
                    Ok(Found::Unclosed(what)) => return unclosed(what),
                    Ok(Found::Absent) => match YNU_RUN.find_iter(answer).last() {
                        Some(m) if m.as_str().contains(',') => yes_no_items(m.as_str()),
                        _ => return Reward::no_answer().with_detail("no yes/no/unknown answers"),
                    },
                }
            }
        }
    };
    let Some(items) = items else {
        return Reward::incorrect().with_detail("the answer holds words other than yes/no/unknown");
    };
    let pred = items.join(", ");
    if items.len() != n {
        return Reward::incorrect()
            .with_pred(clip(&pred, 200))
            .with_detail(format!("{} answers for {n} questions", items.len()));
    }
    let right = items.iter().zip(gold).filter(|(a, g)| a == g).count();
    let reward = if right == n {
        Reward::correct()
    } else if per_item && right > 0 {
        // LiveBench's v3 formula: half for all right, half per answer.
        Reward::partial(right as f64 / n as f64 / 2.0)
    } else {
        Reward::incorrect()
    };
    reward.with_pred(pred).with_detail(format!("{right} of {n} answers right"))
}

// ---------------------------------------------------------------- house traversal

const FILLER: [&str; 4] = ["and", "then", "to", "the"];

fn house_traversal(gold: &[String], answer: &str) -> Reward {
    let spans = bold_spans(answer);
    let Some(last) = spans.last() else {
        return Reward::no_answer().with_detail("no bold answer");
    };
    let content = |s: &str| -> Vec<String> {
        words(s).into_iter().filter(|w| !FILLER.contains(&w.as_str())).collect()
    };
    let got = content(last);
    if got == gold {
        return Reward::correct().with_pred(clip(last, 200));
    }
    // The names bolded one by one, as the last `n` bold spans.
    let n = gold.len();
    if n > 1 && spans.len() >= n {
        let tail = &spans[spans.len() - n..];
        if tail.iter().zip(gold).all(|(s, g)| content(s) == [g.clone()]) {
            return Reward::correct().with_pred(clip(&tail.join(" "), 200));
        }
    }
    Reward::incorrect().with_pred(clip(last, 200))
}

// ---------------------------------------------------------------- zebra puzzle

const NUMBER_WORDS: [(&str, &str); 21] = [
    ("0", "zero"),
    ("1", "one"),
    ("2", "two"),
    ("3", "three"),
    ("4", "four"),
    ("5", "five"),
    ("6", "six"),
    ("7", "seven"),
    ("8", "eight"),
    ("9", "nine"),
    ("10", "ten"),
    ("11", "eleven"),
    ("12", "twelve"),
    ("13", "thirteen"),
    ("14", "fourteen"),
    ("15", "fifteen"),
    ("16", "sixteen"),
    ("17", "seventeen"),
    ("18", "eighteen"),
    ("19", "nineteen"),
    ("20", "twenty"),
];

/// Lowercase, trimmed of spaces and surrounding punctuation, inner spacing
/// collapsed.
fn norm_word(s: &str) -> String {
    let t = s.trim().trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn same_number(a: &str, b: &str) -> bool {
    NUMBER_WORDS.iter().any(|(d, w)| (a == *d && b == *w) || (a == *w && b == *d))
}

static TRIPLE_BOLD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*\*([^*\n]+?)\*\*\*").expect("static regex"));
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("static regex"));
static OR_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:or|either)\b").expect("static regex"));

fn zebra(gold: &str, answer: &str) -> Reward {
    let tagged = match solution_tag(answer) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let bold = TRIPLE_BOLD.captures_iter(answer).last().and_then(|c| c.get(1));
    let cand = match (tagged, bold) {
        (Some(t), _) => t,
        (None, Some(m)) => m.as_str().to_owned(),
        (None, None) => match last_box(answer) {
            Err(()) => return hedge(),
            Ok(Found::Some(c)) => unlatex(&c),
            Ok(Found::Unclosed(what)) => return unclosed(what),
            Ok(Found::Absent) => {
                let line = last_line(answer);
                if OR_WORD.is_match(line) {
                    return Reward::incorrect()
                        .with_pred(clip(line, 200))
                        .with_detail("the last line offers alternatives");
                }
                match WORD.find_iter(line).last() {
                    Some(m) => m.as_str().to_owned(),
                    None => return Reward::no_answer().with_detail("no final word"),
                }
            }
        },
    };
    let got = norm_word(&cand);
    let ok = got == gold || same_number(&got, gold) || format!("{got} movies") == gold;
    Reward::from_bool(ok).with_pred(clip(&cand, 200))
}

// ---------------------------------------------------------------- spatial

const SHAPES: [&str; 4] = ["tetrahedra", "tetrahedron", "triangle", "square"];
const SHAPE_MODIFIERS: [&str; 16] = [
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "1",
    "2",
    "3",
    "4",
    "equilateral",
    "isosceles",
    "right",
    "regular",
    "identical",
    "congruent",
];

fn spatial(gold: &str, answer: &str) -> Reward {
    match solution_tag(answer) {
        Ok(Some(t)) => return spatial_match(gold, &t),
        Ok(None) => {}
        Err(r) => return r,
    }
    let bold_at = last_bold_start(answer);
    let boxed = match last_box(answer) {
        Err(()) => return hedge(),
        Ok(f) => f,
    };
    let box_at = match (&boxed, last_boxed(answer)) {
        (Found::Some(_), Find::Complete(span)) => Some(span.start),
        _ => None,
    };
    let cand = match (bold_at, box_at) {
        (Some(b), Some(x)) if x > b => match &boxed {
            Found::Some(c) => unlatex(c),
            _ => String::new(),
        },
        (Some(_), _) => bold_spans(answer).last().map(|s| (*s).to_owned()).unwrap_or_default(),
        (None, Some(_)) => match &boxed {
            Found::Some(c) => unlatex(c),
            _ => String::new(),
        },
        (None, None) => {
            if let Found::Unclosed(what) = boxed {
                return unclosed(what);
            }
            if norm_word(answer) == gold {
                answer.trim().to_owned()
            } else {
                return Reward::no_answer().with_detail("no bold or boxed answer");
            }
        }
    };
    spatial_match(gold, &cand)
}

fn spatial_match(gold: &str, cand: &str) -> Reward {
    let got = norm_word(&LEAD_IN.replace(cand, ""));
    let mut ok = got == gold || same_number(&got, gold);
    if !ok && SHAPES.contains(&gold) {
        let w = words(&got);
        if let Some((last, rest)) = w.split_last() {
            ok = last == gold && rest.iter().all(|r| SHAPE_MODIFIERS.contains(&r.as_str()));
        }
    }
    Reward::from_bool(ok).with_pred(clip(cand, 200))
}

// ---------------------------------------------------------------- plot unscrambling

/// The sentences of a plot (split at full stops, as LiveBench splits them),
/// each normalised to its lowercase words.
fn sentences(s: &str) -> Vec<String> {
    s.split('.')
        .map(str::trim)
        .filter(|t| *t != "</PLOT_SUMMARY>" && *t != "**End of Plot Summary**")
        .map(|t| words(t).join(" "))
        .filter(|t| !t.is_empty())
        .collect()
}

fn plot_summary(text: &str) -> &str {
    const OPEN: &str = "<PLOT_SUMMARY>";
    const CLOSE: &str = "</PLOT_SUMMARY>";
    match text.find(OPEN) {
        Some(o) => {
            let rest = &text[o + OPEN.len()..];
            match rest.rfind(CLOSE) {
                Some(c) => &rest[..c],
                None => rest,
            }
        }
        None => text,
    }
}

/// Edit distance between two sequences (linear memory).
fn levenshtein(a: &[usize], b: &[usize]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] } else { 1 + prev[j].min(prev[j + 1]).min(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn plot_unscrambling(gold: &[String], answer: &str) -> Reward {
    let got = sentences(plot_summary(answer));
    let n = gold.len();
    if got.len() > 2 * n + 10 {
        return Reward::incorrect()
            .with_detail(format!("{} sentences for a plot of {n}: not a reordering", got.len()));
    }
    // Every gold sentence must appear exactly as often as in the gold.
    let mut want: HashMap<&str, usize> = HashMap::new();
    for g in gold {
        *want.entry(g.as_str()).or_default() += 1;
    }
    // A lead-in with no full stop of its own (`Here is the plot: A sailor
    // finds a map`) joins the first sentence: a sentence that ends with a
    // whole gold sentence, after a short lead-in of at most eight words,
    // counts as that sentence.
    let got: Vec<String> = got
        .into_iter()
        .map(|s| {
            if want.contains_key(s.as_str()) {
                return s;
            }
            gold.iter()
                .filter(|g| {
                    s.len() > g.len()
                        && s.ends_with(g.as_str())
                        && s.as_bytes()[s.len() - g.len() - 1] == b' '
                        && s[..s.len() - g.len()].split(' ').filter(|w| !w.is_empty()).count() <= 8
                })
                .max_by_key(|g| g.len())
                .map_or(s.clone(), Clone::clone)
        })
        .collect();
    let mut have: HashMap<&str, usize> = HashMap::new();
    for s in &got {
        if want.contains_key(s.as_str()) {
            *have.entry(s.as_str()).or_default() += 1;
        }
    }
    if let Some(s) = gold.iter().map(String::as_str).find(|s| have.get(s) != want.get(s)) {
        let seen = have.get(s).copied().unwrap_or(0);
        return Reward::incorrect().with_detail(format!(
            "a sentence of the plot appears {seen} times, not {}: {}",
            want[s],
            clip(s, 80)
        ));
    }
    // The gold index of each answer sentence, in answer order (extra
    // sentences, such as a lead-in, are skipped).
    let mut next: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, g) in gold.iter().enumerate().rev() {
        next.entry(g.as_str()).or_default().push(i);
    }
    let order: Vec<usize> =
        got.iter().filter_map(|s| next.get_mut(s.as_str()).and_then(Vec::pop)).collect();
    let identity: Vec<usize> = (0..n).collect();
    let d = levenshtein(&identity, &order);
    let detail = format!("edit distance {d} from the plot's order over {n} sentences");
    if d == 0 {
        Reward::correct().with_detail(detail)
    } else {
        let score = 1.0 - d as f64 / n as f64;
        if score > 0.0 { Reward::partial(score) } else { Reward::incorrect() }.with_detail(detail)
    }
}

// ---------------------------------------------------------------- typos

/// Lines joined by single spaces, runs of spaces collapsed, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most text allowed around the corrected text: a short lead-in such
/// as "Here is the corrected text:", never a second copy of the text.
const MAX_AROUND: usize = 200;

fn typos(gold: &str, answer: &str) -> Reward {
    let text = match last_solution(answer) {
        Found::Some(s) => s,
        Found::Unclosed(what) => return unclosed(what),
        Found::Absent => answer.into(),
    };
    let got = squash(&text);
    let count = got.matches(gold).count();
    let around = got.len().saturating_sub(gold.len());
    let ok = count == 1 && around <= MAX_AROUND.min(gold.len() / 2);
    let detail = match (count, ok) {
        (0, _) => "the corrected text is not in the answer".to_owned(),
        (1, false) => format!("{around} bytes of other text around the corrected text"),
        (1, true) => "the corrected text".to_owned(),
        (c, _) => format!("the corrected text appears {c} times"),
    };
    Reward::from_bool(ok).with_pred(clip(&got, 200)).with_detail(detail)
}

// ---------------------------------------------------------------- connections

fn conn_word(w: &str) -> String {
    w.trim()
        .trim_matches(|c: char| c.is_whitespace() || "*\"'`[](){}".contains(c))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn connections(gold: &[String], answer: &str) -> Reward {
    let text: String = match last_solution(answer) {
        Found::Some(s) => s.into_owned(),
        Found::Unclosed(what) => return unclosed(what),
        Found::Absent => match last_box(answer) {
            Err(()) => return hedge(),
            Ok(Found::Some(c)) => unlatex(&c),
            Ok(Found::Unclosed(what)) => return unclosed(what),
            Ok(Found::Absent) => {
                // The last bold span; when it holds fewer words than the
                // puzzle (one group per span), the bold spans before it
                // until the words are all there.
                let spans = bold_spans(answer);
                if spans.is_empty() {
                    return Reward::no_answer().with_detail("no bold answer");
                }
                let mut taken = Vec::new();
                let mut count = 0;
                for s in spans.iter().rev() {
                    taken.push(*s);
                    count += s.split(',').count();
                    if count >= gold.len() {
                        break;
                    }
                }
                taken.reverse();
                taken.join(", ")
            }
        },
    };
    // Groups on separate lines are separated like commas; empty items (a
    // comma at a line's end) are dropped.
    let got: Vec<String> =
        text.split([',', '\n']).map(conn_word).filter(|w| !w.is_empty()).collect();
    let pred = clip(&text, 300).into_owned();
    let known: std::collections::HashSet<&str> = gold.iter().map(String::as_str).collect();
    let distinct: std::collections::HashSet<&str> = got.iter().map(String::as_str).collect();
    if got.len() != gold.len()
        || distinct.len() != got.len()
        || got.iter().any(|w| !known.contains(w.as_str()))
    {
        return Reward::incorrect().with_pred(pred).with_detail(format!(
            "not the {} words of the puzzle, each once ({} items)",
            gold.len(),
            got.len()
        ));
    }
    let group = |ws: &[String]| -> Vec<Vec<String>> {
        ws.chunks(4)
            .map(|c| {
                let mut g = c.to_vec();
                g.sort();
                g
            })
            .collect()
    };
    let want = group(gold);
    let have = group(&got);
    let right = have.iter().filter(|g| want.contains(g)).count();
    let total = want.len();
    let reward = if right == total {
        Reward::correct()
    } else if right == 0 {
        Reward::incorrect()
    } else {
        Reward::partial(right as f64 / total as f64)
    };
    reward.with_pred(pred).with_detail(format!("{right} of {total} groups right"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein(&[0, 1, 2], &[0, 1, 2]), 0);
        assert_eq!(levenshtein(&[0, 1, 2], &[1, 0, 2]), 2);
        assert_eq!(levenshtein(&[0, 1, 2], &[]), 3);
    }

    #[test]
    fn task_names_round_trip() {
        for t in Task::ALL {
            assert_eq!(Task::from_name(t.name()), Some(t));
        }
    }
}
