//! `pm report people`: the pool, with each person's load today and when they next have room.

use std::collections::BTreeSet;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table, capacity};
use crate::load::{Loads, Options, Segment};
use crate::model::Person;
use crate::store::{Loaded, Programs};

#[derive(Debug, Serialize)]
pub struct People {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    pub today: NaiveDate,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub name: Option<String>,
    pub capacity: u32,
    /// Committed load today, percent; 0 on a day off.
    pub load_today: u32,
    /// Projects with a committed assignment of this person covering today.
    pub projects_now: Vec<String>,
    pub skills: Vec<String>,
    /// The first day from today (or from when the person joins), not off, with load below
    /// capacity; `None` when there is none before the person leaves.
    pub free_from: Option<NaiveDate>,
}

pub fn build(loaded: &Loaded, today: NaiveDate) -> Result<People> {
    super::program(loaded)?;
    build_for(&Programs::one(loaded), today)
}

/// The people of the programs shown, their load counted in every program; in a portfolio a
/// project is named with its program (`artemis/lander`).
pub fn build_for(programs: &Programs<'_>, today: NaiveDate) -> Result<People> {
    let loads = Loads::of(&programs.all, Options::default());
    let mut rows: Vec<Row> = programs
        .people()
        .into_iter()
        .map(|person| {
            let load = loads.person(person.id.as_str());
            let profile = load.map(|l| l.committed_profile()).unwrap_or_default();
            let projects_now: BTreeSet<String> = load
                .map(|l| l.committed.as_slice())
                .unwrap_or_default()
                .iter()
                .filter(|c| c.interval.from <= today && today <= c.interval.to)
                .map(|c| {
                    if programs.portfolio {
                        format!("{}/{}", c.program, c.project.id.value)
                    } else {
                        c.project.id.value.clone()
                    }
                })
                .collect();
            Row {
                id: person.id.value.clone(),
                name: person.name.clone(),
                capacity: capacity(person),
                load_today: load.map_or(0, |l| l.peak(today, today)),
                projects_now: projects_now.into_iter().collect(),
                skills: person.skills.clone(),
                free_from: free_from(person, profile, today),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(People {
        schema_version: 1,
        kind: "people",
        program: programs.id.clone(),
        today,
        rows,
    })
}

/// Walks the load segments and the time off from today, never the days: a day off is not spare
/// capacity, and a day between segments has load 0. Each step moves past a segment or a time-off
/// range, so the walk is bounded by their number.
fn free_from(person: &Person, profile: &[Segment], today: NaiveDate) -> Option<NaiveDate> {
    let cap = capacity(person);
    if cap == 0 {
        return None;
    }
    let mut day = match &person.start {
        Some(start) => start.value.max(today),
        None => today,
    };
    loop {
        let off = person
            .time_off
            .iter()
            .filter(|t| t.from <= day && day <= t.to)
            .map(|t| t.to)
            .max();
        let busy = profile
            .get(profile.partition_point(|s| s.to < day))
            .filter(|s| s.from <= day && s.load >= cap)
            .map(|s| s.to);
        match off.max(busy) {
            Some(last) => day = last.succ_opt()?,
            None => break,
        }
    }
    match &person.end {
        Some(end) if day > end.value => None,
        _ => Some(day),
    }
}

impl People {
    pub fn table(&self) -> Table {
        let columns = vec![
            Column::text("id", "id"),
            Column::prose("name", "name"),
            Column::num("capacity", "capacity"),
            Column::num("load_today", "load today").marking(super::OVER_CAPACITY),
            Column::prose("projects_now", "projects now"),
            Column::prose("skills", "skills"),
            Column::text("free_from", "free from"),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::new(&r.id),
                    Cell::opt(r.name.as_deref()),
                    Cell::new(r.capacity.to_string()),
                    Cell::new(r.load_today.to_string()).over(r.load_today > r.capacity),
                    Cell::new(r.projects_now.join(", ")),
                    Cell::new(r.skills.join(", ")),
                    Cell::opt(r.free_from.map(|d| d.to_string())),
                ]
            })
            .collect();
        Table {
            columns,
            rows,
            frozen: 1,
        }
    }
}
