//! Daily load as a piecewise-constant function, built by sweeping over interval end points so
//! the cost grows with the number of assignments, never with the number of days they span.

use chrono::{Datelike, NaiveDate};

/// One assignment of a person, as the sweep sees it. Ranges are inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub allocation: u32,
}

/// A maximal stretch of days with one constant load. `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub load: u32,
}

/// A maximal run of consecutive over-allocated days (load > capacity), with the highest load in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub peak: u32,
}

/// Day number of a date. Internally all ranges are half-open `[start, end)` over these numbers,
/// held in `i64` so that `end = last + 1` can never overflow, even at chrono's maximum date.
fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Inverse of [`day`]; `None` when the number is outside chrono's range.
fn date(n: i64) -> Option<NaiveDate> {
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Half-open piece `[start, end)` of constant `load`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: i64,
    end: i64,
    load: u32,
}

fn to_pieces(profile: &[Segment]) -> Vec<Piece> {
    profile
        .iter()
        .filter(|s| s.from <= s.to)
        .map(|s| Piece {
            start: day(s.from),
            end: day(s.to) + 1,
            load: s.load,
        })
        .collect()
}

fn to_segment(p: Piece) -> Option<Segment> {
    Some(Segment {
        from: date(p.start)?,
        to: date(p.end - 1)?,
        load: p.load,
    })
}

/// Sorted, disjoint, non-adjacent half-open ranges covering the union of `ranges` (inclusive,
/// possibly overlapping; ranges with from > to are ignored).
fn merge_ranges(ranges: &[(NaiveDate, NaiveDate)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = ranges
        .iter()
        .filter(|(a, b)| a <= b)
        .map(|&(a, b)| (day(a), day(b) + 1))
        .collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Appends a piece, merging it into the previous one when contiguous with the same load.
fn push_piece(out: &mut Vec<Piece>, p: Piece) {
    if p.start >= p.end || p.load == 0 {
        return;
    }
    match out.last_mut() {
        Some(last) if last.end == p.start && last.load == p.load => last.end = p.end,
        _ => out.push(p),
    }
}

/// The piecewise-constant daily load of one person: sorted, non-overlapping segments
/// covering exactly the days with load > 0 (days in time_off have load 0 and so are not
/// covered; adjacent segments always have different loads or a gap between them).
/// Intervals with from > to are ignored. time_off ranges are inclusive and may overlap each other.
///
/// Loads are summed without overflow and saturate at `u32::MAX`.
/// Cost: O((n + m) log(n + m)) for n intervals and m time-off ranges.
pub fn load_profile(intervals: &[Interval], time_off: &[(NaiveDate, NaiveDate)]) -> Vec<Segment> {
    // Sweep: +allocation at the first day, -allocation at the day after the last.
    let mut events: Vec<(i64, i128)> = Vec::with_capacity(intervals.len() * 2);
    for iv in intervals {
        if iv.from > iv.to || iv.allocation == 0 {
            continue;
        }
        let a = i128::from(iv.allocation);
        events.push((day(iv.from), a));
        events.push((day(iv.to) + 1, -a));
    }
    events.sort_unstable_by_key(|e| e.0);

    let mut raw: Vec<Piece> = Vec::new();
    let mut load: i128 = 0;
    let mut i = 0;
    while i < events.len() {
        let at = events[i].0;
        while i < events.len() && events[i].0 == at {
            load += events[i].1;
            i += 1;
        }
        if let Some(&(next, _)) = events.get(i) {
            let l = u32::try_from(load.max(0)).unwrap_or(u32::MAX);
            push_piece(
                &mut raw,
                Piece {
                    start: at,
                    end: next,
                    load: l,
                },
            );
        }
    }

    // Cut the time off out of the pieces (both lists sorted: two pointers).
    let off = merge_ranges(time_off);
    let mut out: Vec<Piece> = Vec::with_capacity(raw.len());
    let mut k = 0;
    for p in raw {
        let mut start = p.start;
        while k < off.len() && off[k].1 <= start {
            k += 1;
        }
        let mut j = k;
        while start < p.end {
            match off.get(j) {
                Some(&(os, oe)) if os < p.end => {
                    if os > start {
                        push_piece(
                            &mut out,
                            Piece {
                                start,
                                end: os,
                                load: p.load,
                            },
                        );
                    }
                    start = start.max(oe);
                    if oe <= p.end {
                        j += 1;
                    }
                    if oe >= p.end {
                        break;
                    }
                }
                _ => {
                    push_piece(
                        &mut out,
                        Piece {
                            start,
                            end: p.end,
                            load: p.load,
                        },
                    );
                    break;
                }
            }
        }
        k = j.min(off.len());
    }

    out.into_iter().filter_map(to_segment).collect()
}

/// Collects maximal runs of contiguous pieces satisfying `pred`, with the peak of `peak_of`.
struct RunBuilder {
    runs: Vec<(i64, i64, u32)>,
}

impl RunBuilder {
    fn new() -> Self {
        RunBuilder { runs: Vec::new() }
    }

    fn add(&mut self, start: i64, end: i64, peak: u32) {
        if start >= end {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.1 == start => {
                last.1 = end;
                last.2 = last.2.max(peak);
            }
            _ => self.runs.push((start, end, peak)),
        }
    }

    fn finish(self) -> Vec<Run> {
        self.runs
            .into_iter()
            .filter_map(|(s, e, peak)| {
                Some(Run {
                    from: date(s)?,
                    to: date(e - 1)?,
                    peak,
                })
            })
            .collect()
    }
}

/// Maximal runs of consecutive days where profile load > capacity (exactly equal is not over).
///
/// `profile` must be sorted and non-overlapping, as returned by [`load_profile`].
pub fn over_runs(profile: &[Segment], capacity: u32) -> Vec<Run> {
    let mut b = RunBuilder::new();
    for p in to_pieces(profile) {
        if p.load > capacity {
            b.add(p.start, p.end, p.load);
        }
    }
    b.finish()
}

/// Maximal runs of consecutive days where `total` load > capacity but `committed` load <= capacity
/// on that day (PM202: tentative over-allocation). `peak` is the highest TOTAL load in the run.
///
/// Both profiles must be sorted and non-overlapping, as returned by [`load_profile`].
pub fn tentative_runs(committed: &[Segment], total: &[Segment], capacity: u32) -> Vec<Run> {
    let committed = to_pieces(committed);
    let mut b = RunBuilder::new();
    let mut k = 0;
    for t in to_pieces(total) {
        if t.load <= capacity {
            continue;
        }
        // Walk the committed pieces overlapping t; outside them committed load is 0.
        while k < committed.len() && committed[k].end <= t.start {
            k += 1;
        }
        let mut cursor = t.start;
        let mut j = k;
        while cursor < t.end {
            match committed.get(j) {
                Some(c) if c.start < t.end => {
                    let c_start = c.start.max(cursor);
                    // Gap before c: committed load 0 <= capacity.
                    b.add(cursor, c_start, t.load);
                    let c_end = c.end.min(t.end);
                    if c.load <= capacity {
                        b.add(c_start, c_end, t.load);
                    }
                    cursor = cursor.max(c_end);
                    if c.end <= t.end {
                        j += 1;
                    } else {
                        break;
                    }
                }
                _ => {
                    b.add(cursor, t.end, t.load);
                    break;
                }
            }
        }
        k = j.min(committed.len());
    }
    b.finish()
}

/// Maximal runs of consecutive days on which `after` load is over `cap_after` by more than
/// `before` load was over `cap_before` (by a negative amount when it was under): the days a
/// change to someone's load makes over-allocated, or more over-allocated than they were. A day
/// that was over before and is no worse after is not in a run, so an edit is never blamed for
/// an over-allocation it did not make. `peak` is the highest `after` load in the run.
///
/// Both profiles must be sorted and non-overlapping, as returned by [`load_profile`].
pub fn worse_runs(
    before: &[Segment],
    cap_before: u32,
    after: &[Segment],
    cap_after: u32,
) -> Vec<Run> {
    let before = to_pieces(before);
    let after = to_pieces(after);
    let mut bounds: Vec<i64> = before
        .iter()
        .chain(&after)
        .flat_map(|p| [p.start, p.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    // The load of `pieces` on day `at`, moving `i` forward only (days are visited in order).
    fn load_at(pieces: &[Piece], i: &mut usize, at: i64) -> u32 {
        while *i < pieces.len() && pieces[*i].end <= at {
            *i += 1;
        }
        match pieces.get(*i) {
            Some(p) if p.start <= at => p.load,
            _ => 0,
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut b = RunBuilder::new();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        let old = load_at(&before, &mut i, start);
        let new = load_at(&after, &mut j, start);
        let excess_old = i64::from(old) - i64::from(cap_before);
        let excess_new = i64::from(new) - i64::from(cap_after);
        if new > cap_after && excess_new > excess_old {
            b.add(start, end, new);
        }
    }
    b.finish()
}

/// Highest load on any day of from..=to (0 if none).
///
/// `profile` must be sorted and non-overlapping, as returned by [`load_profile`].
/// Cost: O(log n + segments overlapping the range).
pub fn peak_between(profile: &[Segment], from: NaiveDate, to: NaiveDate) -> u32 {
    if from > to {
        return 0;
    }
    peak_from(profile, profile.partition_point(|s| s.to < from), from, to)
}

/// The highest load of `profile[first..]` on a day of from..=to: the segments from `first` on
/// that start by `to`.
fn peak_from(profile: &[Segment], first: usize, from: NaiveDate, to: NaiveDate) -> u32 {
    profile
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|s| s.from <= to)
        .filter(|s| s.from <= s.to && s.to >= from)
        .map(|s| s.load)
        .max()
        .unwrap_or(0)
}

/// `peak_between(profile, from, to)` for each period, in order.
///
/// O(segments + periods) when the periods are sorted and non-overlapping; periods with
/// from > to give 0. Unsorted periods are still answered correctly, one binary search each.
pub fn peaks_for_periods(profile: &[Segment], periods: &[(NaiveDate, NaiveDate)]) -> Vec<u32> {
    let sorted = periods
        .iter()
        .filter(|(a, b)| a <= b)
        .zip(periods.iter().filter(|(a, b)| a <= b).skip(1))
        .all(|(p, q)| p.0 <= q.0);
    if !sorted {
        return periods
            .iter()
            .map(|&(a, b)| peak_between(profile, a, b))
            .collect();
    }
    let mut out = Vec::with_capacity(periods.len());
    let mut i = 0;
    for &(from, to) in periods {
        if from > to {
            out.push(0);
            continue;
        }
        // Segments ending before this period also end before every later one.
        while i < profile.len() && profile[i].to < from {
            i += 1;
        }
        out.push(peak_from(profile, i, from, to));
    }
    out
}

/// Indices of the intervals that are active (from..=to overlaps) on some day of run from..=to.
/// Intervals with from > to are never active.
pub fn active_in(intervals: &[Interval], from: NaiveDate, to: NaiveDate) -> Vec<usize> {
    if from > to {
        return Vec::new();
    }
    intervals
        .iter()
        .enumerate()
        .filter(|(_, iv)| iv.from <= iv.to && iv.from <= to && iv.to >= from)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests;
