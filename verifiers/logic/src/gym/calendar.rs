//! Calendar and time arithmetic: weekdays, day counts, leap years and
//! durations, recomputed in the proleptic Gregorian calendar from the
//! instance's dates. Exact by default: an answer one day or one minute off
//! is wrong (reasoning-gym gives such answers up to 0.99999 credit).

use std::sync::LazyLock;

use regex::Regex;
use rlvr_core::{Context, Error, Reward};

use super::numeric::{clean, grade_integer};
use super::{Entry, meta_err};
use crate::answer;

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// The longest span of days counted one by one.
const MAX_SPAN_DAYS: i64 = 1_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` for an
/// invalid date.
fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || y.abs() > 1_000_000 {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Monday = 0 … Sunday = 6.
fn weekday(days: i64) -> usize {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as usize
}

fn weekday_index(name: &str) -> Option<usize> {
    let n = name.trim().to_lowercase();
    WEEKDAYS.iter().position(|w| *w == n)
}

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(-?\d{1,7})-(\d{2})-(\d{2})").expect("regex"));

/// An ISO date `YYYY-MM-DD` as days since the epoch.
fn iso_date(s: &str) -> Option<i64> {
    let c = ISO_DATE.captures(s.trim())?;
    days_from_civil(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

fn date_field(e: &Entry, key: &str) -> Result<i64, Error> {
    let s: String = e.field(key)?;
    iso_date(&s).ok_or_else(|| meta_err(format!("`{key}` is not a date")))
}

/// Grades a weekday name, case-insensitively.
fn grade_weekday(text: &str, truth: usize) -> Reward {
    let said = answer::norm(&clean(text));
    match weekday_index(said.trim_end_matches(['.', '!'])) {
        Some(w) => Reward::from_bool(w == truth)
            .with_pred(WEEKDAYS[w])
            .with_detail(format!("the weekday is {}", WEEKDAYS[truth])),
        None => Reward::incorrect().with_detail("not a weekday name"),
    }
}

/// The weekday `count_days` asks about; only the question names it.
static COUNTED_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)how many (\w+?)s are there|occurrences of (\w+) from|how many times does (\w+) occur",
    )
    .expect("regex")
});

/// Calendar arithmetic, by the instance's `task`:
/// - `weekday_offset`, `weekday_of_date`, `weekday_of_date_from_first_date`:
///   a weekday name in any capitalisation (reasoning-gym gives `monday` for
///   `Monday` 0.05);
/// - `recurring_event_day`, `count_days`, `count_business_days`: an integer,
///   exactly (reasoning-gym gives partial credit by relative error);
/// - `is_leap_year`: Yes or No.
pub(super) fn calendar_arithmetic(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let task: String = e.field("task")?;
    cx.charge(text.len() as u64)?;
    match task.as_str() {
        "weekday_offset" => {
            let start = date_field(e, "start_date")?;
            let offset: i64 = e.field("offset_days")?;
            if offset.abs() > MAX_SPAN_DAYS {
                return Err(meta_err("offset too large"));
            }
            Ok(grade_weekday(text, weekday(start + offset)))
        }
        "weekday_of_date" => Ok(grade_weekday(text, weekday(date_field(e, "target_date")?))),
        "weekday_of_date_from_first_date" => {
            // A hypothetical calendar: January 1 falls on `first_day`.
            let first: String = e.field("first_day")?;
            let first = weekday_index(&first).ok_or_else(|| meta_err("bad `first_day`"))?;
            let target: String = e.field("target_date")?;
            let year: i64 = target
                .get(..4)
                .and_then(|y| y.parse().ok())
                .ok_or_else(|| meta_err("bad `target_date`"))?;
            let jan1 = days_from_civil(year, 1, 1).ok_or_else(|| meta_err("bad year"))?;
            let delta = iso_date(&target).ok_or_else(|| meta_err("bad `target_date`"))? - jan1;
            Ok(grade_weekday(text, (first as i64 + delta).rem_euclid(7) as usize))
        }
        "recurring_event_day" => {
            let year: i64 = e.field("year")?;
            let month: u32 = e.field("month")?;
            let ordinal: String = e.field("ordinal")?;
            let wd: String = e.field("weekday")?;
            let wd = weekday_index(&wd).ok_or_else(|| meta_err("bad `weekday`"))?;
            let first = days_from_civil(year, month, 1).ok_or_else(|| meta_err("bad month"))?;
            let len = days_in_month(year, month);
            let days: Vec<u32> =
                (1..=len).filter(|&d| weekday(first + i64::from(d) - 1) == wd).collect();
            let day = match ordinal.as_str() {
                "first" => days.first(),
                "second" => days.get(1),
                "third" => days.get(2),
                "fourth" => days.get(3),
                "fifth" => days.get(4),
                "last" => days.last(),
                _ => return Err(meta_err("bad `ordinal`")),
            };
            Ok(grade_integer(text, day.map_or(-1, |&d| i64::from(d))))
        }
        "count_days" => {
            let (start, end) = (date_field(e, "start_date")?, date_field(e, "end_date")?);
            let caps = COUNTED_WEEKDAY
                .captures(&e.question)
                .ok_or_else(|| meta_err("the question names no weekday to count"))?;
            let name = caps.iter().skip(1).flatten().next().map_or("", |m| m.as_str());
            let wd = weekday_index(name).ok_or_else(|| meta_err("bad weekday in the question"))?;
            let n = count_days(start, end, cx, |d| weekday(d) == wd)?;
            Ok(grade_integer(text, n))
        }
        "count_business_days" => {
            let (start, end) = (date_field(e, "start_date")?, date_field(e, "end_date")?);
            let n = count_days(start, end, cx, |d| weekday(d) < 5)?;
            Ok(grade_integer(text, n))
        }
        "is_leap_year" => {
            let year: i64 = e.field("year")?;
            let truth = is_leap(year);
            Ok(match answer::parse_bool(&clean(text)) {
                Some(b) => Reward::from_bool(b == truth).with_pred(if b { "Yes" } else { "No" }),
                None => Reward::incorrect().with_detail("not Yes or No"),
            })
        }
        other => Err(meta_err(format!("unknown calendar task `{other}`"))),
    }
}

/// The days from `start` to `end`, both included, for which `keep` holds.
fn count_days(
    start: i64,
    end: i64,
    cx: &Context,
    keep: impl Fn(i64) -> bool,
) -> Result<i64, Error> {
    if end < start || end - start > MAX_SPAN_DAYS {
        return Err(meta_err("bad date range"));
    }
    cx.charge((end - start + 1) as u64)?;
    Ok((start..=end).filter(|&d| keep(d)).count() as i64)
}

// ---------------------------------------------------------------------------
// Time intervals.

const MICROS: i128 = 1_000_000;
const DAY: i128 = 86_400 * MICROS;

/// `str(datetime)` as Python prints it: `YYYY-MM-DD HH:MM:SS[.ffffff][±HH:MM]`.
static PY_DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(-?\d{1,7}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2}):(\d{2}))?$",
    )
    .expect("regex")
});

/// A timestamp as UTC microseconds since the epoch, and whether it carried
/// an offset.
fn py_datetime(s: &str) -> Option<(i128, bool)> {
    let c = PY_DATETIME.captures(s.trim())?;
    let days = i128::from(iso_date(&c[1])?);
    let num = |i: usize| -> Option<i128> { c.get(i).map_or(Some(0), |m| m.as_str().parse().ok()) };
    let (h, m, sec) = (num(2)?, num(3)?, num(4)?);
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let frac = c.get(5).map_or(Some(0), |f| {
        let digits = f.as_str();
        let v: i128 = digits.parse().ok()?;
        Some(v * 10i128.pow(6 - digits.len() as u32))
    })?;
    let offset = match c.get(6) {
        Some(sign) => {
            let o = (num(7)? * 3600 + num(8)? * 60) * MICROS;
            if sign.as_str() == "-" { -o } else { o }
        }
        None => 0,
    };
    let local = days * DAY + (h * 3600 + m * 60 + sec) * MICROS + frac;
    Some((local - offset, c.get(6).is_some()))
}

/// The question's timestamps in the `%Y-%m-%d (%A) %H:%M:%S %z` format.
static WEEKDAY_DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}-\d{2}-\d{2}) \(\w+\) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})")
        .expect("regex")
});

/// The instance's start and end instants. Read from the metadata, except
/// for the `… (%A) %H:%M:%S %z` format: reasoning-gym cuts each timestamp
/// at ` (` before parsing it, so its metadata (and its answer) keep only
/// the dates and drop the times and offsets the question shows. Those are
/// read from the question instead.
fn interval(e: &Entry) -> Result<(i128, i128), Error> {
    let format: String = e.field("format").unwrap_or_default();
    if format.contains("(%A) %H") {
        let stamps: Vec<i128> = WEEKDAY_DATETIME
            .captures_iter(&e.question)
            .filter_map(|c| {
                let text = format!("{} {}{}{}:{}", &c[1], &c[2], &c[3], &c[4], &c[5]);
                py_datetime(&text).map(|(t, _)| t)
            })
            .collect();
        return match stamps[..] {
            [a, b] => Ok((a, b)),
            _ => Err(meta_err("the question does not show two timestamps")),
        };
    }
    let read = |k: &str| -> Result<(i128, bool), Error> {
        let s: String = e.field(k)?;
        py_datetime(&s).ok_or_else(|| meta_err(format!("`{k}` is not a timestamp")))
    };
    let ((a, tz_a), (b, tz_b)) = (read("start_time")?, read("end_time")?);
    if tz_a != tz_b {
        return Err(meta_err("one timestamp has an offset and the other not"));
    }
    Ok((a, b))
}

/// A duration answer: microseconds and the unit of its last field.
static DAYS_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([+-]?\d{1,7})\s*days?\s*(?:,|and)?\s*(.*)$").expect("regex"));
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?)(\d{1,7}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$").expect("regex")
});

/// Reads `73 days, 16:34`, `1 day 02:00:00`, `08:48`, `8:48`,
/// `04:55:00.806`, `59 days` (and a bare `59` when days are asked for).
/// Days carry their own sign and the clock is added, as Python prints a
/// negative `timedelta` (`-1 days, 23:00`).
fn read_duration(text: &str, days_only: bool) -> Option<(i128, i128)> {
    let s = answer::norm(&clean(text));
    if s.len() > 64 {
        return None;
    }
    let (days, clock) = match DAYS_PART.captures(&s) {
        Some(c) => (
            Some(c[1].parse::<i128>().ok()?),
            c.get(2).map_or("", |m| m.as_str()).trim().to_owned(),
        ),
        None if days_only && DAYS_ONLY.is_match(&s) => {
            (Some(s.parse::<i128>().ok()?), String::new())
        }
        None => (None, s.clone()),
    };
    if clock.is_empty() {
        return days.map(|d| (d * DAY, DAY));
    }
    let c = CLOCK.captures(&clock)?;
    let num = |i: usize| -> Option<i128> { c.get(i).map_or(Some(0), |m| m.as_str().parse().ok()) };
    let (h, m, sec) = (num(2)?, num(3)?, num(4)?);
    if m > 59 || sec > 59 || (days.is_some() && !c[1].is_empty()) {
        return None;
    }
    let (frac, unit) = match c.get(5) {
        Some(f) => {
            let k = f.as_str().len() as u32;
            let unit = 10i128.pow(6 - k);
            (f.as_str().parse::<i128>().ok()? * unit, unit)
        }
        None if c.get(4).is_some() => (0, MICROS),
        None => (0, 60 * MICROS),
    };
    let mut t = (h * 3600 + m * 60 + sec) * MICROS + frac;
    if &c[1] == "-" {
        t = -t;
    }
    Some((days.unwrap_or(0) * DAY + t, unit))
}

static DAYS_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[+-]?\d{1,7}$").expect("regex"));

/// Time intervals: the duration from start to end, in the asked format or
/// any finer one (`HH:MM:SS` when `HH:MM` is asked is fine if it is
/// exact). A field the format leaves out is truncated, as the reference
/// does (`D days, HH:MM` drops the seconds). The truth is exact integer
/// microseconds; reasoning-gym computes milliseconds in floating point and
/// stores, for about half its `HH:MM:SS.mmm` entries, an answer one
/// millisecond short (`12:27:12.868` for an interval of 12:27:12.869).
pub(super) fn time_intervals(e: &Entry, text: &str, cx: &Context) -> Result<Reward, Error> {
    let expected: String = e.field("expected_format")?;
    let required = match expected.as_str() {
        "HH:MM" | "D days, HH:MM" => 60 * MICROS,
        "HH:MM:SS" | "D days, HH:MM:SS" => MICROS,
        "HH:MM:SS.mmm" => 1_000,
        "D days" => DAY,
        other => return Err(meta_err(format!("unknown format `{other}`"))),
    };
    cx.charge(text.len() as u64)?;
    let (start, end) = interval(e)?;
    let exact = end - start;
    let at = |unit: i128| exact.div_euclid(unit) * unit;
    let truth = at(required);
    let Some((said, unit)) = read_duration(text, required == DAY) else {
        return Ok(
            Reward::incorrect().with_detail(format!("not a duration in the form {expected}"))
        );
    };
    let ok = if unit <= required { said == at(unit) } else { said == truth };
    Ok(Reward::from_bool(ok)
        .with_pred(show_duration(said))
        .with_detail(format!("the duration is {}", show_duration(truth))))
}

fn show_duration(us: i128) -> String {
    let days = us.div_euclid(DAY);
    let rest = us.rem_euclid(DAY);
    let (h, m) = (rest / (3600 * MICROS), rest / (60 * MICROS) % 60);
    let (s, f) = (rest / MICROS % 60, rest % MICROS);
    format!("{days} days, {h:02}:{m:02}:{s:02}.{f:06}")
}
