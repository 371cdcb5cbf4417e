use rlvr_core::extract::{self, Fence, Kind, Mode, Policy};

/// Every container kind the verifiers ask for, alone and together.
const KIND_SETS: &[&[Kind]] = &[
    &[Kind::Boxed],
    &[Kind::AnswerTag],
    &[Kind::Code(Fence::ANY)],
    &[Kind::Code(Fence::PYTHON)],
    &[Kind::Json],
    &[Kind::AnswerLine],
    &[Kind::AnswerPhrase],
    &[Kind::HashLine],
    &[Kind::Boxed, Kind::AnswerTag, Kind::AnswerLine, Kind::AnswerPhrase, Kind::HashLine],
    &[Kind::AnswerTag, Kind::Code(Fence::JSON), Kind::Json],
];

/// Extraction on a whole response: the first byte picks a set of container
/// kinds and a mode for [`Policy`] (one set per input keeps an execution
/// short), the rest is the response, also given to each finder alone. An
/// answer is a slice of the response no longer than the policy's cap.
///
/// # Panics
/// When extraction panics or breaks those rules.
pub fn extract(data: &[u8]) {
    let [which, rest @ ..] = data else { return };
    let kinds = KIND_SETS[usize::from(which >> 1) % KIND_SETS.len()];
    let mode = if which & 1 == 0 { Mode::Strict } else { Mode::Lenient };
    let response = String::from_utf8_lossy(rest);
    let response = response.as_ref();
    let policy = Policy::default().with_max_answer_bytes(256);
    let inside = |text: &str| {
        let (start, end) =
            (response.as_ptr() as usize, response.as_ptr() as usize + response.len());
        let at = text.as_ptr() as usize;
        text.is_empty() || (start <= at && at + text.len() <= end)
    };
    if let Ok(a) = policy.extract(response, kinds, mode) {
        assert!(inside(a.text), "answer {:?} is not in the response", a.text);
        assert!(a.text.len() <= 256, "answer of {} bytes over the cap", a.text.len());
    }
    let mut offered = 0;
    let got = policy.extract_with(response, kinds, mode, |_| {
        offered += 1;
        offered > 1
    });
    if let Ok(a) = got {
        assert!(inside(a.text), "answer {:?} is not in the response", a.text);
    }
    let finds = [
        extract::whole_answer(response),
        extract::last_boxed(response),
        extract::last_answer_tag(response),
        extract::last_code_block(response, Fence::ANY),
        extract::last_json(response),
        extract::last_answer_line(response),
        extract::last_answer_phrase(response),
        extract::last_hash_line(response),
        extract::last_math_env(response),
        extract::last_number(response),
    ];
    for f in finds {
        if let Some(text) = f.content() {
            assert!(inside(text), "found {text:?} outside the response");
        }
    }
    if let Ok(rest) = extract::after_think(response) {
        assert!(inside(rest), "the text after thinking is not in the response");
    }
    if let Some(n) = extract::last_number(response).content() {
        let _ = extract::decimal_comma(n);
    }
}
