//! Microsoft Project XML (the MSPDI schema of Project 2007, `mspdi_pj12.xsd`), which MS Project,
//! ProjectLibre and every reader built on MPXJ open.
//!
//! [`Document`] holds the part of the schema pm maps: the project's header, its calendars,
//! tasks, resources and assignments. `export` builds one from a program, `write` turns it into
//! XML; `read` parses XML into one and `import` turns it into a new project. Keeping the
//! document between the two halves lets each be tested on its own.

pub mod export;
pub mod import;
mod read;
mod write;

pub use read::{ReadError, read};
pub use write::write;

use chrono::{NaiveDate, NaiveDateTime};

/// The namespace MS Project writes its XML in.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/project";

/// The custom text field that carries pm's ids, so that a plan read back keeps them: Text1 of
/// tasks and of resources (MSPDI field ids), shown in Project under the alias `pm id`.
pub const TASK_TEXT1: &str = "188743731";
pub const RESOURCE_TEXT1: &str = "205520904";
pub const PM_ID_ALIAS: &str = "pm id";

/// What MS Project writes as the resource of a task that has none.
pub const NO_RESOURCE: i64 = -65535;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub name: Option<String>,
    pub title: Option<String>,
    pub manager: Option<String>,
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    /// The working time of a day of the standard calendar.
    pub day: WorkDay,
    pub calendars: Vec<Calendar>,
    pub tasks: Vec<Task>,
    pub resources: Vec<Resource>,
    pub assignments: Vec<Assignment>,
}

/// The hours of a working day: a morning and an afternoon block with an hour's break between,
/// Monday to Friday, as Project's standard calendar has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkDay {
    /// Minutes of work in a day.
    pub minutes: u32,
}

impl Default for WorkDay {
    fn default() -> WorkDay {
        WorkDay { minutes: 8 * 60 }
    }
}

impl WorkDay {
    /// From the program's `hours_per_week` over a five-day week.
    pub fn from_hours_per_week(hours: f64) -> WorkDay {
        let minutes = (hours * 60.0 / 5.0)
            .round()
            .clamp(1.0, MAX_DAY_MINUTES as f64);
        WorkDay {
            minutes: minutes as u32,
        }
    }

    /// The working periods of a day, as minutes after midnight: 08:00 on, with a break at
    /// midday while the day leaves room for one, else one block from midnight.
    pub fn periods(self) -> Vec<(u32, u32)> {
        const EIGHT: u32 = 8 * 60;
        if self.minutes <= 14 * 60 {
            let morning = self.minutes / 2;
            let afternoon = EIGHT + morning + 60;
            vec![
                (EIGHT, EIGHT + morning),
                (afternoon, afternoon + self.minutes - morning),
            ]
        } else {
            vec![(0, self.minutes)]
        }
    }

    /// When a working day starts.
    pub fn start(self) -> u32 {
        self.periods().first().map_or(0, |p| p.0)
    }

    /// When a working day ends.
    pub fn finish(self) -> u32 {
        self.periods().last().map_or(0, |p| p.1)
    }
}

/// The last minute a day can hold: `24:00:00` is not a time every reader takes.
const MAX_DAY_MINUTES: u32 = 24 * 60 - 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub uid: i64,
    pub name: String,
    /// The calendar this one is based on; `None` for a base calendar.
    pub base: Option<i64>,
    /// Days off, inclusive.
    pub exceptions: Vec<Exception>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Task {
    pub uid: i64,
    pub name: String,
    /// 0 is the project's own summary task; 1 the top of the outline.
    pub outline_level: u32,
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    /// Working minutes between start and finish.
    pub duration_minutes: Option<u64>,
    /// Hours of work.
    pub work_hours: Option<f64>,
    pub milestone: bool,
    pub summary: bool,
    pub percent_complete: Option<u32>,
    pub actual_start: Option<NaiveDateTime>,
    pub actual_finish: Option<NaiveDateTime>,
    /// Written as a start-no-earlier-than constraint on `start`, so that Project keeps the
    /// date rather than moving the task to the start of the project.
    pub keep_start: bool,
    pub contact: Option<String>,
    pub notes: Option<String>,
    pub pm_id: Option<String>,
    /// Where the task is written in the file that was read (a byte offset); 0 when built.
    pub at: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    pub uid: i64,
    pub name: String,
    /// Skills, for people reading the resource sheet.
    pub group: Option<String>,
    /// 1.0 is one full-time person.
    pub max_units: Option<f64>,
    pub calendar: Option<i64>,
    pub available_from: Option<NaiveDate>,
    pub available_to: Option<NaiveDate>,
    pub pm_id: Option<String>,
    pub at: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignment {
    pub uid: i64,
    pub task: i64,
    pub resource: i64,
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    /// 1.0 is full time.
    pub units: Option<f64>,
    pub work_hours: Option<f64>,
    /// A proposed booking rather than a committed one.
    pub proposed: bool,
    pub notes: Option<String>,
    pub at: usize,
}

/// The working days (Monday to Friday) from `from` to `to` inclusive, less the days in `off`.
pub fn working_days(from: NaiveDate, to: NaiveDate, off: &[(NaiveDate, NaiveDate)]) -> u64 {
    if to < from {
        return 0;
    }
    let weekdays = |from: NaiveDate, to: NaiveDate| -> u64 {
        if to < from {
            return 0;
        }
        // Whole weeks hold five each; the days left over are counted one by one.
        let days = (to - from).num_days() as u64 + 1;
        let rest = from
            .checked_add_days(chrono::Days::new(days / 7 * 7))
            .map_or(0, |d| {
                d.iter_days()
                    .take((days % 7) as usize)
                    .filter(|d| is_weekday(*d))
                    .count() as u64
            });
        days / 7 * 5 + rest
    };
    let mut total = weekdays(from, to);
    // Periods off may overlap one another; count each day once.
    let mut clipped: Vec<(NaiveDate, NaiveDate)> = off
        .iter()
        .map(|&(a, b)| (a.max(from), b.min(to)))
        .filter(|(a, b)| a <= b)
        .collect();
    clipped.sort();
    let mut covered_to: Option<NaiveDate> = None;
    for (a, b) in clipped {
        let a = match covered_to {
            Some(c) if c >= a => match c.succ_opt() {
                Some(next) => next,
                None => continue,
            },
            _ => a,
        };
        if a <= b {
            total = total.saturating_sub(weekdays(a, b));
        }
        covered_to = Some(covered_to.map_or(b, |c| c.max(b)));
    }
    total
}

fn is_weekday(d: NaiveDate) -> bool {
    use chrono::Datelike;
    d.weekday().number_from_monday() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn working_days_count_weekdays_less_time_off() {
        // 2026-06-01 is a Monday.
        assert_eq!(working_days(d("2026-06-01"), d("2026-06-07"), &[]), 5);
        assert_eq!(working_days(d("2026-06-06"), d("2026-06-07"), &[]), 0);
        assert_eq!(working_days(d("2026-06-01"), d("2026-06-30"), &[]), 22);
        let off = [
            (d("2026-06-03"), d("2026-06-05")),
            (d("2026-06-04"), d("2026-06-09")),
        ];
        // Off from Wednesday 3rd to Tuesday 9th: 3, 4, 5, 8, 9 are weekdays.
        assert_eq!(working_days(d("2026-06-01"), d("2026-06-30"), &off), 17);
        assert_eq!(working_days(d("2026-06-02"), d("2026-06-01"), &[]), 0);
        // A long span costs the same as a short one.
        assert_eq!(
            working_days(d("0001-01-01"), d("9999-12-31"), &[]),
            working_days(d("0001-01-01"), d("9999-12-31"), &[])
        );
    }

    #[test]
    fn a_working_day_has_a_break_while_it_fits() {
        assert_eq!(WorkDay::default().periods(), vec![(480, 720), (780, 1020)]);
        assert_eq!(
            WorkDay::from_hours_per_week(37.5).periods(),
            vec![(480, 705), (765, 990)]
        );
        assert_eq!(
            WorkDay::from_hours_per_week(168.0).periods(),
            vec![(0, 1439)]
        );
    }
}
