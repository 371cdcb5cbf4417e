//! Dispatch: `data_source` → verifier.
//!
//! A [`Registry`] holds two tables. *Routes* map data-source patterns (an
//! exact name, or a prefix) to a verifier *name*; *verifiers* map names to
//! `Arc<dyn Verifier>`. Keeping them apart lets the Guru route table be
//! complete in every build: a row whose domain is not compiled in gets a
//! clear [`Error::VerifierUnavailable`], not a confusing "unknown data
//! source".
//!
//! Resolution is order-independent: an exact route beats any prefix route,
//! and a longer prefix beats a shorter one.

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::{Context, Error, Reward, Sample, Verifier};

/// The verifier names the Guru route table points at. Domain crates
/// register their verifiers under these names.
pub mod names {
    /// Math answer equivalence (`math*`, gsm8k, MATH, AIME, Numina, DAPO).
    pub const MATH: &str = "math";
    /// Code generation run in the sandbox (`codegen*`, APPS, TACO, ...).
    pub const CODE: &str = "code";
    /// CodeI/O output / input prediction.
    pub const CODEIO: &str = "sim.codeio";
    /// CRUXEval input / output prediction.
    pub const CRUXEVAL: &str = "sim.cruxeval";
    /// ARC-AGI and BARC grids.
    pub const ARC: &str = "logic.arc";
    /// Zebra (Einstein) puzzles.
    pub const ZEBRA: &str = "logic.zebra";
    /// Ordering puzzles.
    pub const ORDERING: &str = "logic.ordering";
    /// Graph search puzzles.
    pub const GRAPH: &str = "logic.graph";
    /// Table QA (HiTab, MultiHiertt, FinQA).
    pub const TABLE: &str = "table";
    /// GPQA multiple choice.
    pub const GPQA: &str = "science.gpqa";
    /// SuperGPQA multiple choice.
    pub const SUPERGPQA: &str = "science.supergpqa";
    /// WebInstruct-verified STEM answers.
    pub const STEM_WEB: &str = "science.stem_web";
    /// reasoning-gym rows (dispatched further on `extra_info.task`).
    pub const REASONING_GYM: &str = "reasoning_gym";
    /// IFEval instruction following.
    pub const IFEVAL: &str = "ood.ifeval";
    /// IFBench instruction following.
    pub const IFBENCH: &str = "ood.ifbench";
    /// LiveBench.
    pub const LIVEBENCH: &str = "ood.livebench";
}

/// A data-source pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Pattern {
    /// Matches this exact name only.
    Exact(String),
    /// Matches every name that starts with this.
    Prefix(String),
}

impl Pattern {
    /// An exact pattern.
    pub fn exact(name: impl Into<String>) -> Self {
        Self::Exact(name.into())
    }

    /// A prefix pattern.
    pub fn prefix(prefix: impl Into<String>) -> Self {
        Self::Prefix(prefix.into())
    }

    /// The pattern text without the `*`.
    pub fn text(&self) -> &str {
        match self {
            Self::Exact(s) | Self::Prefix(s) => s,
        }
    }

    /// Whether `data_source` matches.
    pub fn matches(&self, data_source: &str) -> bool {
        match self {
            Self::Exact(s) => data_source == s,
            Self::Prefix(p) => data_source.starts_with(p.as_str()),
        }
    }

    /// Rank of a match: exact beats every prefix, longer prefixes beat
    /// shorter ones.
    fn rank(&self) -> usize {
        match self {
            Self::Exact(_) => usize::MAX,
            Self::Prefix(p) => p.len(),
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(s) => f.write_str(s),
            Self::Prefix(p) => write!(f, "{p}*"),
        }
    }
}

/// The Guru / Reasoning360 and upstream verl data-source table, as
/// `(pattern, verifier name)`; `*` marks a prefix.
///
/// It includes the naming drift seen in the corpus: `logic__arcagi*` and
/// `simulation__arcagi*` both reach the ARC verifier; the preprocess
/// defaults without the `logic__` prefix (`ordering_puzzle_dataset`, ...);
/// `stem_web` and `stem__web`. `aime*` goes to math (the reference sends it
/// to `math_dapo`, which is math too).
pub const GURU_ROUTES: &[(&str, &str)] = &[
    ("math*", names::MATH),
    ("openai/gsm8k", names::MATH),
    ("gsm8k*", names::MATH),
    ("lighteval/MATH*", names::MATH),
    ("DigitalLearningGmbH/MATH-lighteval", names::MATH),
    ("aime*", names::MATH),
    ("numina_*", names::MATH),
    ("hiyouga/geometry3k", names::MATH),
    ("codegen*", names::CODE),
    ("codecontests", names::CODE),
    ("apps", names::CODE),
    ("codeforces", names::CODE),
    ("taco", names::CODE),
    ("simulation__codeio*", names::CODEIO),
    ("simulation__cruxeval*", names::CRUXEVAL),
    ("simulation__arcagi*", names::ARC),
    ("simulation__barc*", names::ARC),
    ("logic__arcagi*", names::ARC),
    ("logic__barc*", names::ARC),
    ("logic__zebra_puzzle*", names::ZEBRA),
    ("zebra_puzzle_dataset*", names::ZEBRA),
    ("logic__ordering_puzzle*", names::ORDERING),
    ("ordering_puzzle_dataset*", names::ORDERING),
    ("logic__graph*", names::GRAPH),
    ("graph_logical_dataset*", names::GRAPH),
    ("table*", names::TABLE),
    ("stem__gpqa*", names::GPQA),
    ("stem__supergpqa*", names::SUPERGPQA),
    ("stem_web*", names::STEM_WEB),
    ("stem__web*", names::STEM_WEB),
    ("reasoning_gym", names::REASONING_GYM),
    ("ood__ifeval", names::IFEVAL),
    ("ood__ifbench", names::IFBENCH),
    ("ood__livebench", names::LIVEBENCH),
];

fn parse_pattern(s: &str) -> Pattern {
    match s.strip_suffix('*') {
        Some(p) => Pattern::prefix(p),
        None => Pattern::exact(s),
    }
}

/// Routes data sources to verifiers.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use rlvr_core::{Context, Error, Pattern, Registry, Reward, Sample, Verifier};
///
/// #[derive(Debug)]
/// struct Yes;
/// impl Verifier for Yes {
///     fn name(&self) -> &str { "yes" }
///     fn verify(&self, _: &Sample, _: &Context) -> Result<Reward, Error> { Ok(Reward::correct()) }
/// }
///
/// let mut reg = Registry::guru();
/// reg.register(Arc::new(Yes))?;
/// reg.route(Pattern::prefix("mine__"), "yes")?;
/// let r = reg.verify(&Sample::new("mine__v1", "...", "x"), &Context::default())?;
/// assert!(r.is_correct());
///
/// // Guru names whose verifier is not registered are reported as such.
/// let e = reg.verify(&Sample::new("codegen__taco", "", "{}"), &Context::default());
/// assert!(matches!(e, Err(Error::VerifierUnavailable { .. })));
/// // Unknown names come with suggestions.
/// let e = reg.verify(&Sample::new("mth__aime", "", "1"), &Context::default()).unwrap_err();
/// assert!(e.to_string().contains("`math*`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    routes: Vec<(Pattern, String)>,
    verifiers: HashMap<String, Arc<dyn Verifier>>,
}

impl Registry {
    /// An empty registry: no routes, no verifiers.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry with the full [`GURU_ROUTES`] table and no verifiers.
    pub fn guru() -> Self {
        let mut reg = Self::new();
        for (pattern, name) in GURU_ROUTES {
            reg.routes.push((parse_pattern(pattern), (*name).to_owned()));
        }
        reg
    }

    /// Registers a verifier under its own [`name`](Verifier::name).
    ///
    /// # Errors
    /// [`Error::Duplicate`] when the name is taken.
    pub fn register(&mut self, verifier: Arc<dyn Verifier>) -> Result<&mut Self, Error> {
        let name = verifier.name().to_owned();
        self.register_as(name, verifier)
    }

    /// Registers a verifier under a chosen name (one verifier may serve
    /// several names).
    ///
    /// # Errors
    /// [`Error::Duplicate`] when the name is taken.
    pub fn register_as(
        &mut self,
        name: impl Into<String>,
        verifier: Arc<dyn Verifier>,
    ) -> Result<&mut Self, Error> {
        let name = name.into();
        if self.verifiers.contains_key(&name) {
            return Err(Error::Duplicate { what: "verifier", name });
        }
        self.verifiers.insert(name, verifier);
        Ok(self)
    }

    /// Routes a pattern to a verifier name. The verifier need not be
    /// registered yet.
    ///
    /// # Errors
    /// [`Error::Duplicate`] when the same pattern is already routed.
    pub fn route(
        &mut self,
        pattern: Pattern,
        verifier: impl Into<String>,
    ) -> Result<&mut Self, Error> {
        if self.routes.iter().any(|(p, _)| *p == pattern) {
            return Err(Error::Duplicate { what: "route", name: pattern.to_string() });
        }
        self.routes.push((pattern, verifier.into()));
        Ok(self)
    }

    /// Makes the exact name `alias` go wherever `existing` goes.
    ///
    /// # Errors
    /// [`Error::UnknownDataSource`] when `existing` has no route;
    /// [`Error::Duplicate`] when `alias` is already routed exactly.
    pub fn alias(&mut self, alias: &str, existing: &str) -> Result<&mut Self, Error> {
        let target = self.route_of(existing).ok_or_else(|| self.unknown(existing))?.to_owned();
        self.route(Pattern::exact(alias), target)
    }

    /// The verifier name `data_source` routes to, if any.
    pub fn route_of(&self, data_source: &str) -> Option<&str> {
        self.routes
            .iter()
            .filter(|(p, _)| p.matches(data_source))
            .max_by_key(|(p, _)| p.rank())
            .map(|(_, name)| name.as_str())
    }

    /// The verifier for `data_source`.
    ///
    /// # Errors
    /// [`Error::UnknownDataSource`] (with the closest known patterns) or
    /// [`Error::VerifierUnavailable`].
    pub fn resolve(&self, data_source: &str) -> Result<&Arc<dyn Verifier>, Error> {
        let name = self.route_of(data_source).ok_or_else(|| self.unknown(data_source))?;
        self.verifiers.get(name).ok_or_else(|| Error::VerifierUnavailable {
            data_source: data_source.to_owned(),
            verifier: name.to_owned(),
        })
    }

    /// A registered verifier by name.
    pub fn verifier(&self, name: &str) -> Option<&Arc<dyn Verifier>> {
        self.verifiers.get(name)
    }

    /// The registered verifier names, sorted.
    pub fn verifier_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.verifiers.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The routes, in registration order.
    pub fn routes(&self) -> impl Iterator<Item = (&Pattern, &str)> {
        self.routes.iter().map(|(p, n)| (p, n.as_str()))
    }

    /// Grades one sample: resolves its verifier and calls it, containing any
    /// panic as [`Error::Panicked`].
    ///
    /// # Errors
    /// Dispatch errors, and whatever the verifier returns.
    pub fn verify(&self, sample: &Sample, cx: &Context) -> Result<Reward, Error> {
        let verifier = self.resolve(&sample.data_source)?;
        run_verifier(verifier.as_ref(), sample, || verifier.verify(sample, cx))
    }

    /// Checks the sample's ground truth with its verifier (see
    /// [`Verifier::check_ground_truth`]).
    ///
    /// # Errors
    /// Dispatch errors, and whatever the verifier returns.
    pub fn check_ground_truth(&self, sample: &Sample) -> Result<(), Error> {
        let verifier = self.resolve(&sample.data_source)?;
        run_verifier(verifier.as_ref(), sample, || verifier.check_ground_truth(sample))
    }

    fn unknown(&self, data_source: &str) -> Error {
        Error::UnknownDataSource {
            data_source: data_source.to_owned(),
            closest: self.closest(data_source, 3),
        }
    }

    /// The `n` route patterns closest to `data_source` by edit distance
    /// (a prefix pattern is compared with the same-length head of the name).
    pub fn closest(&self, data_source: &str, n: usize) -> Vec<String> {
        // Names are compared on their first 64 bytes: enough to tell routes
        // apart, and it bounds the quadratic distance computation.
        let ds: Vec<u8> = data_source.bytes().take(64).collect();
        let mut scored: Vec<(usize, String)> = self
            .routes
            .iter()
            .map(|(p, _)| {
                let text = p.text().as_bytes();
                // Distances are scaled by length, so short patterns do not
                // win just by being short. A prefix pattern is also compared
                // head to head with the name (the shorter length of the two).
                let scaled =
                    |a: &[u8], b: &[u8]| edit_distance(a, b) * 1000 / a.len().max(b.len()).max(1);
                let mut d = scaled(&ds, text);
                if matches!(p, Pattern::Prefix(_)) {
                    let n = ds.len().min(text.len());
                    d = d.min(scaled(&ds[..n], &text[..n]));
                }
                (d, p.to_string())
            })
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(n).map(|(_, p)| p).collect()
    }
}

/// Runs `f`, a call of verifier `v` on `sample`: the row's option keys
/// checked first ([`crate::option::misspelt`]), then `f`, a panic
/// contained. The one way every dispatch (one sample, a batch, a
/// ground-truth check) runs a verifier.
pub(crate) fn run_verifier<T>(
    v: &dyn Verifier,
    sample: &Sample,
    f: impl FnOnce() -> Result<T, Error>,
) -> Result<T, Error> {
    crate::option::misspelt(sample, v.name())?;
    guarded(v.name(), f)
}

/// Runs `f`, turning a panic into [`Error::Panicked`].
fn guarded<T>(verifier: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    // The verifier holds only immutable state behind `&self`, so a panic
    // cannot leave it half-updated for the next call.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_owned());
        Err(Error::Panicked { verifier: verifier.to_owned(), message })
    })
}

pub(crate) fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(!ca.eq_ignore_ascii_case(&cb));
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guru_table_routes_every_documented_name() {
        let reg = Registry::guru();
        let cases = [
            ("math__merged_deduped_dapo_or1_dataset", names::MATH),
            ("math_dapo", names::MATH),
            ("aime2024", names::MATH),
            ("openai/gsm8k", names::MATH),
            ("lighteval/MATH", names::MATH),
            ("numina_olympiads", names::MATH),
            ("codegen__leetcode2k", names::CODE),
            ("taco", names::CODE),
            ("simulation__codeio", names::CODEIO),
            ("simulation__cruxeval-o", names::CRUXEVAL),
            ("simulation__arcagi1", names::ARC),
            ("logic__arcagi2", names::ARC),
            ("logic__barc", names::ARC),
            ("simulation__barc", names::ARC),
            ("logic__zebra_puzzle_dataset", names::ZEBRA),
            ("zebra_puzzle_dataset", names::ZEBRA),
            ("ordering_puzzle_dataset", names::ORDERING),
            ("logic__graph_logical_dataset", names::GRAPH),
            ("graph_logical_dataset", names::GRAPH),
            ("table__hitab", names::TABLE),
            ("stem__gpqa_diamond_no_box", names::GPQA),
            ("stem__supergpqa", names::SUPERGPQA),
            ("stem_web", names::STEM_WEB),
            ("stem__web", names::STEM_WEB),
            ("reasoning_gym", names::REASONING_GYM),
            ("ood__ifeval", names::IFEVAL),
        ];
        for (ds, want) in cases {
            assert_eq!(reg.route_of(ds), Some(want), "{ds}");
        }
        assert_eq!(reg.route_of("reasoning_gym_extra"), None);
        assert_eq!(reg.route_of("apps2"), None);
    }

    #[test]
    fn exact_route_beats_prefix_and_longer_prefix_beats_shorter() {
        let mut reg = Registry::new();
        reg.route(Pattern::prefix("a"), "short").unwrap();
        reg.route(Pattern::prefix("abc"), "long").unwrap();
        reg.route(Pattern::exact("abcd"), "exact").unwrap();
        assert_eq!(reg.route_of("abx"), Some("short"));
        assert_eq!(reg.route_of("abcx"), Some("long"));
        assert_eq!(reg.route_of("abcd"), Some("exact"));
    }

    #[test]
    fn duplicate_route_or_verifier_is_an_error() {
        #[derive(Debug)]
        struct V;
        impl Verifier for V {
            fn name(&self) -> &str {
                "v"
            }
            fn verify(&self, _: &Sample, _: &Context) -> Result<Reward, Error> {
                Ok(Reward::correct())
            }
        }
        let mut reg = Registry::guru();
        reg.register(Arc::new(V)).unwrap();
        assert!(matches!(reg.register(Arc::new(V)), Err(Error::Duplicate { .. })));
        assert!(matches!(
            reg.route(Pattern::prefix("math"), "v"),
            Err(Error::Duplicate { what: "route", .. })
        ));
    }

    #[test]
    fn alias_follows_the_existing_route() {
        let mut reg = Registry::guru();
        reg.alias("my_math", "math__x").unwrap();
        assert_eq!(reg.route_of("my_math"), Some(names::MATH));
        assert!(matches!(reg.alias("b", "nothing"), Err(Error::UnknownDataSource { .. })));
    }

    #[test]
    fn unknown_data_source_names_the_closest_routes() {
        let reg = Registry::guru();
        let Err(Error::UnknownDataSource { closest, .. }) = reg.resolve("codgen__taco") else {
            panic!("expected unknown data source");
        };
        assert_eq!(closest[0], "codegen*");
        let Err(Error::UnknownDataSource { closest, .. }) = reg.resolve("logic__zebra") else {
            panic!("expected unknown data source");
        };
        assert_eq!(closest[0], "logic__zebra_puzzle*");
    }

    #[test]
    fn panics_are_contained() {
        #[derive(Debug)]
        struct Boom;
        impl Verifier for Boom {
            fn name(&self) -> &str {
                "boom"
            }
            fn verify(&self, _: &Sample, _: &Context) -> Result<Reward, Error> {
                panic!("kaboom")
            }
        }
        let mut reg = Registry::new();
        reg.register(Arc::new(Boom)).unwrap();
        reg.route(Pattern::exact("b"), "boom").unwrap();
        let err = reg.verify(&Sample::new("b", "", ""), &Context::default()).unwrap_err();
        assert_eq!(err.to_string(), "verifier `boom` panicked: kaboom");
    }

    #[test]
    fn edit_distance_is_levenshtein() {
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"", b"abc"), 3);
        assert_eq!(edit_distance(b"MATH", b"math"), 0);
    }
}
