//! The allocation report as a picture needs more than numbers: each person's name, and for
//! each cell the days off, whether the person is in the pool at all, and the projects behind
//! the load. This builds that, as plain data, from the same load as `pm report allocation`.

use anyhow::Result;
use chrono::NaiveDate;

use super::allocation::{self, By, Options, Period};
use crate::load::{self, Contribution, Run};
use crate::model::Person;
use crate::store::Loaded;

#[derive(Debug)]
pub struct HeatMap {
    pub program: String,
    /// The program's name, for the title.
    pub title: String,
    pub by: By,
    pub include_proposed: bool,
    pub periods: Vec<Period>,
    /// One per pool member, sorted by id (as the allocation report).
    pub rows: Vec<HeatRow>,
}

#[derive(Debug)]
pub struct HeatRow {
    pub person: String,
    pub name: Option<String>,
    pub capacity: u32,
    /// One per period.
    pub cells: Vec<HeatCell>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HeatCell {
    /// The highest daily load in the period, percent.
    pub peak: u32,
    /// Days of the period the person has off.
    pub days_off: u32,
    /// The person is not in the pool on any day of the period (before `start` or after `end`).
    pub outside: bool,
    /// Sorted ids of the projects with an assignment of the person whose dates overlap the
    /// period (the ones counted: committed, and proposed with `--include-proposed`).
    pub projects: Vec<String>,
}

impl HeatRow {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.person)
    }
}

impl HeatMap {
    /// The cells whose load is over the person's capacity, as (row, period) indices.
    pub fn over(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.rows.iter().enumerate().flat_map(|(r, row)| {
            row.cells
                .iter()
                .enumerate()
                .filter(move |(_, c)| c.peak > row.capacity)
                .map(move |(p, _)| (r, p))
        })
    }
}

pub fn build(loaded: &Loaded, opts: &Options) -> Result<HeatMap> {
    let program = super::program(loaded)?;
    let loads = allocation::loads(loaded, opts);
    let report = allocation::build_with(loaded, &loads, opts)?;
    // The periods as the runs `active_per_run` walks: sorted and disjoint, as they are.
    let runs: Vec<Run> = report
        .periods
        .iter()
        .map(|p| Run {
            from: p.start,
            to: p.end,
            peak: 0,
        })
        .collect();
    let rows = report
        .rows
        .into_iter()
        .map(|row| {
            let person = program.person(&row.person);
            let contributions: &[Contribution<'_>] = match loads.person(&row.person) {
                Some(l) if opts.include_proposed => &l.all,
                Some(l) => &l.committed,
                None => &[],
            };
            let active = load::active_per_run(contributions, &runs, 0);
            let off = person.map(days_off(&report.periods)).unwrap_or_default();
            let cells = row
                .peak
                .iter()
                .zip(&report.periods)
                .zip(active)
                .enumerate()
                .map(|(i, ((&peak, period), active))| HeatCell {
                    peak,
                    days_off: off.get(i).copied().unwrap_or(0),
                    outside: person.is_some_and(|p| outside(p, period)),
                    projects: active.projects,
                })
                .collect();
            HeatRow {
                name: person.and_then(|p| p.name.clone()),
                person: row.person,
                capacity: row.capacity,
                cells,
            }
        })
        .collect();
    Ok(HeatMap {
        program: program.id.value.clone(),
        title: program.name.clone(),
        by: report.by,
        include_proposed: report.include_proposed,
        periods: report.periods,
        rows,
    })
}

/// Whether the person is out of the pool on every day of the period.
fn outside(person: &Person, period: &Period) -> bool {
    person.start.as_ref().is_some_and(|s| s.value > period.end)
        || person.end.as_ref().is_some_and(|e| e.value < period.start)
}

/// For each period (sorted, disjoint), how many of its days the person has off. The time off is
/// merged first, so overlapping entries count once; each period looks only at the entries that
/// can reach it.
fn days_off(periods: &[Period]) -> impl Fn(&Person) -> Vec<u32> + '_ {
    move |person| {
        let mut off: Vec<(NaiveDate, NaiveDate)> = load::time_off(person)
            .into_iter()
            .filter(|(f, t)| f <= t)
            .collect();
        off.sort();
        let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(off.len());
        for (f, t) in off {
            match merged.last_mut() {
                Some(last) if f <= last.1.succ_opt().unwrap_or(last.1) => last.1 = last.1.max(t),
                _ => merged.push((f, t)),
            }
        }
        periods
            .iter()
            .map(|p| {
                let first = merged.partition_point(|(_, t)| *t < p.start);
                merged[first..]
                    .iter()
                    .take_while(|(f, _)| *f <= p.end)
                    .map(|(f, t)| {
                        let days = ((*t).min(p.end) - (*f).max(p.start)).num_days() + 1;
                        u32::try_from(days).unwrap_or(0)
                    })
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn days_off_are_counted_once_and_clipped_to_each_period() {
        let (loaded, _) = crate::check::check_texts(
            br#"[program]
id = "x"
name = "X"
[[person]]
id = "a"
time_off = [
  { from = 2026-01-30, to = 2026-02-03 },
  { from = 2026-02-02, to = 2026-02-04 },
  { from = 2026-03-10, to = 2026-03-09 },
]
"#,
            b"[project]\nid = \"p\"\nname = \"P\"\n",
        );
        let person = &loaded.program.as_ref().unwrap().people[0];
        let periods = [
            Period {
                start: d(2026, 1, 1),
                end: d(2026, 1, 31),
            },
            Period {
                start: d(2026, 2, 1),
                end: d(2026, 2, 28),
            },
            Period {
                start: d(2026, 3, 1),
                end: d(2026, 3, 31),
            },
        ];
        // Jan 30-31; Feb 1-4 (the two entries overlap); the backwards entry is no time off.
        assert_eq!(days_off(&periods)(person), vec![2, 4, 0]);
    }
}
