//! The CSV files that name people: the pool as an HR spreadsheet keeps it (`pm import people`),
//! and the map from a plan's resources to pool ids (`pm import mspdi --map`). Every value is
//! checked here, so a bad cell is refused by its line and column before anything is written.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::sheet::{self, Cell, SheetError};
use crate::model::slug_error;

/// The columns of a people file, in the order of a `[[person]]` table.
pub const COLUMNS: [&str; 6] = ["id", "name", "capacity", "skills", "start", "end"];

/// One person as a row gives them: `None` where the column is missing or the cell empty, which
/// leaves that key of an existing person as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub line: u64,
    pub id: String,
    pub name: Option<String>,
    pub capacity: Option<i64>,
    pub skills: Option<Vec<String>>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Where the start and end cells are, to point at them when they clash with the pool.
    pub start_cell: Option<(u64, usize)>,
    pub end_cell: Option<(u64, usize)>,
}

/// The rows of a people file.
pub fn people(text: &str) -> Result<Vec<PersonRow>, SheetError> {
    let sheet = sheet::read(text, &COLUMNS, &["id"])?;
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let Some(id) = sheet.get(row, "id") else {
            return Err(SheetError {
                line: row.line,
                column: None,
                message: "the row has no id; every person needs one (a slug such as 'alice')"
                    .into(),
            });
        };
        if let Some(why) = slug_error(id.value) {
            return Err(id.error(why));
        }
        if let Some(first) = seen.insert(id.value.to_owned(), row.line) {
            return Err(id.error(format!(
                "'{}' is on line {first} too; give each person one row",
                id.value
            )));
        }
        let name = sheet.get(row, "name").map(|c| c.value.to_owned());
        if let Some(c) = sheet.get(row, "name")
            && c.value.contains(['\n', '\r'])
        {
            return Err(c.error("a name must fit on one line"));
        }
        let capacity = sheet.get(row, "capacity").map(percent).transpose()?;
        let skills = sheet.get(row, "skills").map(|c| skills(c.value));
        let start_cell = sheet.get(row, "start");
        let end_cell = sheet.get(row, "end");
        let start = start_cell.map(date).transpose()?;
        let end = end_cell.map(date).transpose()?;
        if let (Some(s), Some(e), Some(cell)) = (start, end, end_cell)
            && e < s
        {
            return Err(cell.error(format!(
                "{e} is before the start {s}; a person cannot leave before joining"
            )));
        }
        out.push(PersonRow {
            line: row.line,
            id: id.value.to_owned(),
            name,
            capacity,
            skills,
            start,
            end,
            start_cell: start_cell.map(|c| (c.line, c.column)),
            end_cell: end_cell.map(|c| (c.line, c.column)),
        });
    }
    if out.is_empty() {
        return Err(SheetError {
            line: 2,
            column: None,
            message: "the file has a header and no people; add a row per person".into(),
        });
    }
    Ok(out)
}

/// One line of a resource map: a plan's resource name and the pool id it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRow {
    pub line: u64,
    pub resource: String,
    pub person: String,
    /// The column of the person cell, to point at it when the id is not in the pool.
    pub person_column: usize,
}

/// The rows of a resource map (`resource,person`).
pub fn resource_map(text: &str) -> Result<Vec<MapRow>, SheetError> {
    let sheet = sheet::read(text, &["resource", "person"], &["resource", "person"])?;
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let missing = |what: &str| SheetError {
            line: row.line,
            column: None,
            message: format!("the row has no {what}; each row maps a resource to a person id"),
        };
        let resource = sheet
            .get(row, "resource")
            .ok_or_else(|| missing("resource"))?;
        let person = sheet.get(row, "person").ok_or_else(|| missing("person"))?;
        if let Some(why) = slug_error(person.value) {
            return Err(person.error(why));
        }
        let key = resource.value.to_lowercase();
        if let Some(first) = seen.insert(key, row.line) {
            return Err(resource.error(format!(
                "'{}' is mapped on line {first} too; map each resource once",
                resource.value
            )));
        }
        out.push(MapRow {
            line: row.line,
            resource: resource.value.to_owned(),
            person: person.value.to_owned(),
            person_column: person.column,
        });
    }
    Ok(out)
}

/// `80` or `80%`, from 0 to 1000.
fn percent(c: Cell) -> Result<i64, SheetError> {
    let digits = c.value.strip_suffix('%').unwrap_or(c.value).trim();
    match digits.parse::<i64>() {
        Ok(n) if (0..=1000).contains(&n) => Ok(n),
        _ => Err(c.error(format!(
            "'{}' is not a percent; write a whole number from 0 to 1000 (100 = one full-time person)",
            c.value
        ))),
    }
}

fn date(c: Cell) -> Result<NaiveDate, SheetError> {
    NaiveDate::parse_from_str(c.value, "%Y-%m-%d").map_err(|_| {
        c.error(format!(
            "'{}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01",
            c.value
        ))
    })
}

/// `rust; gnc ;rust` → `[rust, gnc]`.
fn skills(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|x| x == s) {
            out.push(s.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_give_what_they_have() {
        let rows = people(
            "id,name,capacity,skills,start\nann,Ann,80%,rust; gnc ;rust,2026-01-05\nbob,,,,\n",
        )
        .unwrap();
        assert_eq!(rows[0].capacity, Some(80));
        assert_eq!(
            rows[0].skills.as_deref(),
            Some(&["rust".to_owned(), "gnc".to_owned()][..])
        );
        assert_eq!(rows[0].start, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(rows[1].line, 3);
        assert_eq!(
            (
                rows[1].name.as_ref(),
                rows[1].capacity,
                rows[1].skills.as_ref()
            ),
            (None, None, None)
        );
    }

    #[test]
    fn bad_cells_are_refused_by_line_and_column() {
        let e = |text: &str| people(text).unwrap_err().to_string();
        assert_eq!(
            e("id,capacity\nann,80\nbob,lots\n"),
            "line 3, column 2 (capacity): 'lots' is not a percent; write a whole number from 0 to 1000 (100 = one full-time person)"
        );
        assert_eq!(
            e("name,id\nAnn,Ann\n"),
            "line 2, column 2 (id): 'Ann' contains 'A'; an id uses only lower-case letters, digits and '-'"
        );
        assert_eq!(
            e("id,end\nann,2026-02-30\n"),
            "line 2, column 2 (end): '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
        );
        assert_eq!(
            e("id,start,end\nann,2026-03-01,2026-02-01\n"),
            "line 2, column 3 (end): 2026-02-01 is before the start 2026-03-01; a person cannot leave before joining"
        );
        assert_eq!(
            e("id\nann\nbob\nann\n"),
            "line 4, column 1 (id): 'ann' is on line 2 too; give each person one row"
        );
        assert_eq!(
            e("id,name\n,Ann\n"),
            "line 2: the row has no id; every person needs one (a slug such as 'alice')"
        );
        assert!(e("id,name\n").contains("no people"));
    }

    #[test]
    fn a_map_names_each_resource_once() {
        let rows = resource_map("Resource,Person\nAnn M.,ann\n").unwrap();
        assert_eq!(
            (rows[0].resource.as_str(), rows[0].person.as_str()),
            ("Ann M.", "ann")
        );
        let e = resource_map("resource,person\nAnn,ann\nANN,bob\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(resource_map("resource\nAnn\n").is_err());
    }
}
