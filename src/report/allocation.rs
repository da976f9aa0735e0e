//! `pm report allocation`: people × periods, each cell the highest daily load in the period.

use anyhow::{Result, bail};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::{Cell, Column, OVER_CAPACITY, Table, capacity};
use crate::load::{Loads, Options as LoadOptions, sweep};
use crate::store::{Loaded, Programs};

/// More columns than this is not a report anyone reads; refuse rather than print megabytes.
pub const MAX_PERIODS: i64 = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Week,
    Month,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Week => "week",
            By::Month => "month",
        }
    }
}

pub struct Options {
    pub by: By,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub include_proposed: bool,
}

#[derive(Debug, Serialize)]
pub struct Allocation {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    pub by: By,
    pub include_proposed: bool,
    pub periods: Vec<Period>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// `2026-05` for a month, `2026-W19` for an ISO week: the period's column name.
    pub fn label(&self, by: By) -> String {
        match by {
            By::Month => self.start.format("%Y-%m").to_string(),
            By::Week => {
                let w = self.start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub person: String,
    pub capacity: u32,
    /// `peak[i]` is the highest daily load in `periods[i]`.
    pub peak: Vec<u32>,
}

pub fn build(loaded: &Loaded, opts: &Options) -> Result<Allocation> {
    build_with(loaded, &loads(loaded, opts), opts)
}

/// The load the report measures: committed, and proposed too with `--include-proposed`.
pub fn loads<'a>(loaded: &'a Loaded, opts: &Options) -> Loads<'a> {
    Loads::new(
        loaded,
        LoadOptions {
            proposed: opts.include_proposed,
        },
    )
}

/// The report from loads already built with [`loads`], for a caller that needs them too.
pub fn build_with(loaded: &Loaded, loads: &Loads<'_>, opts: &Options) -> Result<Allocation> {
    super::program(loaded)?;
    build_from(&Programs::one(loaded), loads, opts)
}

/// The people of the programs shown, their load counted in every program.
pub fn build_for(programs: &Programs<'_>, opts: &Options) -> Result<Allocation> {
    let loads = Loads::of(
        &programs.all,
        LoadOptions {
            proposed: opts.include_proposed,
        },
    );
    build_from(programs, &loads, opts)
}

fn build_from(programs: &Programs<'_>, loads: &Loads<'_>, opts: &Options) -> Result<Allocation> {
    let (from, to) = window(programs, opts, loads)?;
    let periods = match (from, to) {
        (Some(from), Some(to)) => periods(from, to, opts.by)?,
        // No dates anywhere: no assignment and no program window. Nothing to measure.
        _ => Vec::new(),
    };
    let spans: Vec<(NaiveDate, NaiveDate)> = periods.iter().map(|p| (p.start, p.end)).collect();
    let rows = programs
        .people()
        .into_iter()
        .map(|person| {
            let peak = match loads.person(person.id.as_str()) {
                Some(load) if opts.include_proposed => {
                    sweep::peaks_for_periods(load.total_profile(), &spans)
                }
                Some(load) => load.peaks(&spans),
                None => vec![0; spans.len()],
            };
            Row {
                person: person.id.value.clone(),
                capacity: capacity(person),
                peak,
            }
        })
        .collect();
    Ok(Allocation {
        schema_version: 1,
        kind: "allocation",
        program: programs.id.clone(),
        by: opts.by,
        include_proposed: opts.include_proposed,
        periods,
        rows,
    })
}

/// `--from/--to`, else the program window, else the span of the assignments; side by side.
fn window(
    programs: &Programs<'_>,
    opts: &Options,
    loads: &Loads<'_>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (start, end) = programs.window();
    let all = loads.people().iter().flat_map(|p| {
        if opts.include_proposed {
            &p.all
        } else {
            &p.committed
        }
        .iter()
        .map(|c| &c.interval)
    });
    let from = opts
        .from
        .or(start)
        .or_else(|| all.clone().map(|iv| iv.from).min());
    let to = opts.to.or(end).or_else(|| all.map(|iv| iv.to).max());
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        let source = |given: bool| if given { "" } else { " (defaulted)" };
        bail!(
            "the report would start on {f}{} after it ends on {t}{}; give --from on or before --to",
            source(opts.from.is_some()),
            source(opts.to.is_some())
        );
    }
    Ok((from, to))
}

/// The Monday starting the ISO week of `d` (clamped to the first representable day).
fn monday(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(NaiveDate::MIN)
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// How many periods from..=to spans, counted without walking it.
pub fn period_count(from: NaiveDate, to: NaiveDate, by: By) -> i64 {
    match by {
        By::Month => month_index(to) - month_index(from) + 1,
        By::Week => (monday(to) - monday(from)).num_days() / 7 + 1,
    }
}

/// The calendar months or ISO weeks (Monday to Sunday) overlapping from..=to, clipped to it, so
/// every period says exactly which days it measured.
fn periods(from: NaiveDate, to: NaiveDate, by: By) -> Result<Vec<Period>> {
    let count = period_count(from, to, by);
    if count > MAX_PERIODS {
        let hint = match by {
            By::Week => "narrow --from/--to, or use --by month",
            By::Month => "narrow --from/--to",
        };
        bail!(
            "{from} to {to} by {} is {count} columns, more than the {MAX_PERIODS} a report prints; {hint}",
            by.as_str()
        );
    }
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut start = from;
    loop {
        let next = match by {
            By::Month => start
                .with_day(1)
                .and_then(|first| first.checked_add_months(Months::new(1))),
            By::Week => monday(start).checked_add_days(Days::new(7)),
        };
        let end = next.and_then(|n| n.pred_opt()).map_or(to, |e| e.min(to));
        out.push(Period { start, end });
        match next {
            Some(n) if n <= to => start = n,
            _ => break,
        }
    }
    Ok(out)
}

impl Allocation {
    pub fn table(&self) -> Table {
        let mut columns = vec![
            Column::text("person", "person"),
            Column::num("capacity", "capacity"),
        ];
        columns.extend(self.periods.iter().map(|p| {
            let label = p.label(self.by);
            Column::num(&label, &label).marking(OVER_CAPACITY)
        }));
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![Cell::new(&r.person), Cell::new(r.capacity.to_string())];
                cells.extend(
                    r.peak
                        .iter()
                        .map(|&p| Cell::new(p.to_string()).over(p > r.capacity)),
                );
                cells
            })
            .collect();
        Table {
            columns,
            rows,
            frozen: 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn months_are_clipped_to_the_range() {
        let p = periods(d(2026, 1, 15), d(2026, 3, 10), By::Month).unwrap();
        let got: Vec<_> = p.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            got,
            vec![
                (d(2026, 1, 15), d(2026, 1, 31)),
                (d(2026, 2, 1), d(2026, 2, 28)),
                (d(2026, 3, 1), d(2026, 3, 10)),
            ]
        );
        assert_eq!(period_count(d(2026, 1, 15), d(2026, 3, 10), By::Month), 3);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-01-01 is a Thursday: the first week is clipped to Thursday..Sunday.
        let p = periods(d(2026, 1, 1), d(2026, 1, 19), By::Week).unwrap();
        let got: Vec<_> = p.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            got,
            vec![
                (d(2026, 1, 1), d(2026, 1, 4)),
                (d(2026, 1, 5), d(2026, 1, 11)),
                (d(2026, 1, 12), d(2026, 1, 18)),
                (d(2026, 1, 19), d(2026, 1, 19)),
            ]
        );
        assert_eq!(period_count(d(2026, 1, 1), d(2026, 1, 19), By::Week), 4);
    }

    #[test]
    fn one_day_and_calendar_extremes() {
        assert_eq!(
            periods(d(2026, 5, 5), d(2026, 5, 5), By::Week)
                .unwrap()
                .len(),
            1
        );
        let last = periods(
            NaiveDate::MAX.with_day(1).unwrap(),
            NaiveDate::MAX,
            By::Month,
        )
        .unwrap();
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].end, NaiveDate::MAX);
        let weeks = periods(NaiveDate::MAX - Days::new(20), NaiveDate::MAX, By::Week).unwrap();
        assert_eq!(weeks.last().map(|p| p.end), Some(NaiveDate::MAX));
        assert!(periods(NaiveDate::MIN, NaiveDate::MAX, By::Month).is_err());
    }
}
