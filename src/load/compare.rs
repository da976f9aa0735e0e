//! One person's load before and after a change: the calendar months in which their peak daily
//! committed load differs, for `pm diff`. The months are found from where the two load
//! profiles differ, so a change to a ten-year assignment costs as little as a change to a
//! one-week one, and only the months it touches are measured.

use chrono::{Datelike, Months, NaiveDate};

use super::{PersonLoad, Segment};

/// One month whose peak committed load changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeakChange {
    /// The first day of the month.
    pub month: NaiveDate,
    pub before: u32,
    pub after: u32,
}

/// The months, earliest first, in which the peak committed load of `before` and `after` (the
/// same person on each side of a change; `None` where they are not in the pool) differs. At
/// most `limit` months are measured; the second value counts the months with a change in the
/// daily load that were left out.
pub fn peak_changes(
    before: Option<&PersonLoad<'_>>,
    after: Option<&PersonLoad<'_>>,
    limit: usize,
) -> (Vec<PeakChange>, usize) {
    let a = before.map(|p| p.committed_profile()).unwrap_or_default();
    let b = after.map(|p| p.committed_profile()).unwrap_or_default();
    let (months, left_out) = months_touched(&differing_days(a, b), limit);
    let periods: Vec<(NaiveDate, NaiveDate)> = months
        .iter()
        .filter_map(|&m| Some((m, last_day(m)?)))
        .collect();
    let peaks = |p: Option<&PersonLoad<'_>>| match p {
        Some(p) => p.peaks(&periods),
        None => vec![0; periods.len()],
    };
    let (pa, pb) = (peaks(before), peaks(after));
    let changes = periods
        .iter()
        .zip(pa.iter().zip(&pb))
        .filter(|(_, (x, y))| x != y)
        .map(|(&(month, _), (&before, &after))| PeakChange {
            month,
            before,
            after,
        })
        .collect();
    (changes, left_out)
}

/// The inclusive day ranges, sorted and disjoint, on which the two profiles give different
/// loads (a day outside every segment has load 0).
fn differing_days(a: &[Segment], b: &[Segment]) -> Vec<(NaiveDate, NaiveDate)> {
    // Every day where either profile may change value, in order.
    let mut points: Vec<NaiveDate> = Vec::with_capacity(2 * (a.len() + b.len()));
    for s in a.iter().chain(b) {
        points.push(s.from);
        if let Some(next) = s.to.succ_opt() {
            points.push(next);
        }
    }
    points.sort_unstable();
    points.dedup();
    let (mut ia, mut ib) = (0, 0);
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (i, &day) in points.iter().enumerate() {
        let load = |p: &[Segment], at: &mut usize| {
            while p.get(*at).is_some_and(|s| s.to < day) {
                *at += 1;
            }
            p.get(*at).filter(|s| s.from <= day).map_or(0, |s| s.load)
        };
        if load(a, &mut ia) == load(b, &mut ib) {
            continue;
        }
        // The load stays as it is until the next point (or, after the last one, the last day
        // a segment covers, which cannot be: the last point ends every segment).
        let end = match points.get(i + 1).and_then(|n| n.pred_opt()) {
            Some(end) => end,
            None => NaiveDate::MAX,
        };
        match out.last_mut() {
            Some(last) if last.1.succ_opt() == Some(day) => last.1 = end,
            _ => out.push((day, end)),
        }
    }
    out
}

/// The first days of the months the ranges touch, earliest first, at most `limit`; and how
/// many more months they touch.
fn months_touched(ranges: &[(NaiveDate, NaiveDate)], limit: usize) -> (Vec<NaiveDate>, usize) {
    let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let mut months = Vec::new();
    let mut left_out = 0usize;
    let mut last: Option<i64> = None;
    for &(from, to) in ranges {
        let first = index(from).max(last.map_or(i64::MIN, |l| l + 1));
        let end = index(to);
        if first > end {
            continue;
        }
        last = Some(end);
        let count = usize::try_from(end - first + 1).unwrap_or(usize::MAX);
        let room = limit.saturating_sub(months.len()).min(count);
        let mut month = first_of_month(first);
        for _ in 0..room {
            let Some(m) = month else { break };
            months.push(m);
            month = m.checked_add_months(Months::new(1));
        }
        left_out = left_out.saturating_add(count - room);
    }
    (months, left_out)
}

fn first_of_month(index: i64) -> Option<NaiveDate> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn last_day(first: NaiveDate) -> Option<NaiveDate> {
    match first.checked_add_months(Months::new(1)) {
        Some(next) => next.pred_opt(),
        None => Some(NaiveDate::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn seg(from: &str, to: &str, load: u32) -> Segment {
        Segment {
            from: d(from),
            to: d(to),
            load,
        }
    }

    #[test]
    fn only_the_days_that_differ() {
        let a = [seg("2026-01-01", "2026-12-31", 60)];
        let b = [
            seg("2026-01-01", "2026-04-30", 60),
            seg("2026-05-01", "2026-06-30", 120),
            seg("2026-07-01", "2026-12-31", 60),
        ];
        assert_eq!(differing_days(&a, &b), [(d("2026-05-01"), d("2026-06-30"))]);
        assert_eq!(differing_days(&a, &a), []);
        assert_eq!(
            differing_days(&[], &[seg("2026-03-10", "2026-03-12", 50)]),
            [(d("2026-03-10"), d("2026-03-12"))]
        );
    }

    #[test]
    fn months_are_counted_without_walking_them() {
        let ranges = [
            (d("2026-01-15"), d("2026-02-02")),
            (d("2026-02-20"), d("2026-03-01")),
        ];
        let (months, more) = months_touched(&ranges, 10);
        assert_eq!(months, [d("2026-01-01"), d("2026-02-01"), d("2026-03-01")]);
        assert_eq!(more, 0);
        let huge = [(d("0001-01-01"), d("9999-12-31"))];
        let (months, more) = months_touched(&huge, 3);
        assert_eq!(months.len(), 3);
        assert_eq!(more, 9999 * 12 - 3);
    }
}
