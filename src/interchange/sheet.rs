//! A CSV file with a header row, read against the columns it may have, the way a spreadsheet
//! writes it: a byte order mark, header names in any case, trailing empty cells and empty rows
//! are all fine; an unknown or repeated column is refused with where it is.

use crate::store::did_you_mean;

/// The rows of a CSV file under its known columns.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The known column each header cell names, in the header's order.
    columns: Vec<&'static str>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, where the row starts in the file.
    pub line: u64,
    cells: Vec<String>,
}

/// A cell with a value, and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub value: &'a str,
    pub line: u64,
    /// 1-based column number.
    pub column: usize,
    pub name: &'static str,
}

impl Cell<'_> {
    /// A refusal that points at this cell.
    pub fn error(&self, message: impl Into<String>) -> SheetError {
        SheetError {
            line: self.line,
            column: Some((self.column, self.name.to_owned())),
            message: message.into(),
        }
    }
}

/// Why a CSV file is refused: its line, the column when there is one, and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct SheetError {
    pub line: u64,
    /// The 1-based column number and its name.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl SheetError {
    fn describe(&self) -> String {
        match &self.column {
            Some((n, name)) if !name.is_empty() => {
                format!("line {}, column {n} ({name}): {}", self.line, self.message)
            }
            Some((n, _)) => format!("line {}, column {n}: {}", self.line, self.message),
            None => format!("line {}: {}", self.line, self.message),
        }
    }
}

impl Sheet {
    /// The trimmed value of `column` in `row`, unless the column is missing or the cell empty.
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> Option<Cell<'a>> {
        let i = self.columns.iter().position(|c| *c == column)?;
        let value = row
            .cells
            .get(i)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())?;
        Some(Cell {
            value,
            line: row.line,
            column: i + 1,
            name: self.columns[i],
        })
    }

    /// Whether the header has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains(&column)
    }
}

/// Reads `text`, whose header must name only columns of `known` and every one of `required`.
pub fn read(text: &str, known: &[&'static str], required: &[&str]) -> Result<Sheet, SheetError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let list = known.join(", ");
    let at_line = |line: u64, message: String| SheetError {
        line,
        column: None,
        message,
    };
    let Some(header) = records.next() else {
        return Err(at_line(
            1,
            format!("the file is empty; its first line names the columns ({list})"),
        ));
    };
    let header = header.map_err(|e| csv_error(text, &e))?;
    let header_line = line_of(text, header.position());
    let mut columns: Vec<&'static str> = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let name = cell.trim();
        let at = |message: String| SheetError {
            line: header_line,
            column: Some((i + 1, String::new())),
            message,
        };
        if name.is_empty() {
            return Err(at(format!(
                "a column without a name; name it ({list}) or remove it"
            )));
        }
        let lower = name.to_lowercase();
        let Some(&column) = known.iter().find(|k| **k == lower) else {
            return Err(at(match did_you_mean(&lower, known.iter().copied()) {
                Some(s) => {
                    format!("unknown column '{name}' — did you mean '{s}'? the columns are {list}")
                }
                None => format!("unknown column '{name}'; the columns are {list}"),
            }));
        };
        if let Some(first) = columns.iter().position(|c| *c == column) {
            return Err(at(format!(
                "column '{column}' is there twice (also column {}); keep one",
                first + 1
            )));
        }
        columns.push(column);
    }
    for r in required {
        if !columns.contains(r) {
            return Err(at_line(
                header_line,
                format!("the header has no '{r}' column; the columns are {list}"),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| csv_error(text, &e))?;
        let line = line_of(text, record.position());
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(extra) = cells
            .iter()
            .skip(columns.len())
            .position(|c| !c.trim().is_empty())
        {
            return Err(SheetError {
                line,
                column: Some((columns.len() + extra + 1, String::new())),
                message: format!(
                    "a value under no column; the header names {} columns",
                    columns.len()
                ),
            });
        }
        rows.push(Row { line, cells });
    }
    Ok(Sheet { columns, rows })
}

/// The line a record starts on. The csv crate's own line count goes wrong over CRLF and empty
/// lines, and its byte offset points at the empty lines it skipped: step over those, then count.
fn line_of(text: &str, at: Option<&csv::Position>) -> u64 {
    let start = at.map_or(0, |p| p.byte() as usize).min(text.len());
    let skipped = text[start..]
        .bytes()
        .take_while(|b| *b == b'\r' || *b == b'\n')
        .count();
    text.as_bytes()[..start + skipped]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

fn csv_error(text: &str, e: &csv::Error) -> SheetError {
    SheetError {
        line: line_of(text, e.position()),
        column: None,
        message: format!("not CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 3] = ["id", "name", "skills"];

    #[test]
    fn a_spreadsheet_export_reads() {
        let text = "\u{feff}ID,Name,Skills,\r\nann,\"Ann, the first\",rust;go,\r\n,,,\r\n\"bob\",Bob,,\r\n";
        let sheet = read(text, &KNOWN, &["id"]).unwrap_err();
        // The trailing comma of the header is a column without a name.
        assert_eq!(sheet.column, Some((4, String::new())));
        let text =
            "\u{feff}ID,Name,Skills\r\nann,\"Ann, the first\",rust;go,\r\n,,\r\n\"bob\",Bob,\r\n";
        let sheet = read(text, &KNOWN, &["id"]).unwrap();
        let rows: Vec<_> = sheet
            .rows
            .iter()
            .map(|r| {
                (
                    r.line,
                    sheet.get(r, "id").map(|c| c.value),
                    sheet.get(r, "name").map(|c| c.value),
                    sheet.get(r, "skills").map(|c| (c.value, c.column)),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (2, Some("ann"), Some("Ann, the first"), Some(("rust;go", 3))),
                (4, Some("bob"), Some("Bob"), None),
            ]
        );
    }

    #[test]
    fn bad_headers_and_rows_are_refused_where_they_are() {
        let e = read("id,skils\n", &KNOWN, &["id"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 2: unknown column 'skils' — did you mean 'skills'? the columns are id, name, skills"
        );
        let e = read("id,colour\n", &KNOWN, &["id"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 2: unknown column 'colour'; the columns are id, name, skills"
        );
        let e = read("name\n", &KNOWN, &["id"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1: the header has no 'id' column; the columns are id, name, skills"
        );
        let e = read("id,name,Name\n", &KNOWN, &["id"]).unwrap_err();
        assert!(
            e.to_string()
                .contains("column 3: column 'name' is there twice (also column 2)")
        );
        let e = read("id,name\na,b\n\nc,d,e\n", &KNOWN, &["id"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 4, column 3: a value under no column; the header names 2 columns"
        );
        assert!(
            read("", &KNOWN, &["id"])
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }
}
