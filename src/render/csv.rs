//! A report as CSV (RFC 4180, via the `csv` crate): a header row of column keys, then one record
//! per row. Cells carry plain values; over-capacity is for the reader to compute, not a marker.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some strip
//! a leading tab or carriage return first), so a title such as `=HYPERLINK("http://x","y")`
//! would become a live link. As OWASP recommends for CSV injection, such a text cell gets a
//! single quote in front, which spreadsheets show as text. Numbers in number columns are
//! left as they are, so `-5` stays a number.

use anyhow::{Context, Result};

use crate::report::Table;

pub fn render(t: &Table) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| guard(&c.key)))
        .context("cannot write the CSV header")?;
    for row in &t.rows {
        w.write_record(row.iter().enumerate().map(|(i, c)| {
            let numeric = t.columns.get(i).is_some_and(|col| col.numeric);
            if numeric && is_number(&c.text) {
                c.text.clone()
            } else {
                guard(&c.text)
            }
        }))
        .context("cannot write a CSV record")?;
    }
    let bytes = w.into_inner().context("cannot finish the CSV output")?;
    String::from_utf8(bytes).context("the CSV output is not UTF-8")
}

/// Text that a spreadsheet will not run as a formula.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A plain decimal number, as pm writes them: `-12`, `7.5`.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, Column};

    #[test]
    fn quotes_what_needs_quoting() {
        let t = Table {
            columns: vec![Column::text("id", "id"), Column::text("title", "title")],
            rows: vec![vec![Cell::new("a"), Cell::new("Say \"hi\", then go")]],
            frozen: 0,
        };
        assert_eq!(
            render(&t).unwrap(),
            "id,title\r\na,\"Say \"\"hi\"\", then go\"\r\n"
        );
    }

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        let t = Table {
            columns: vec![Column::text("title", "title"), Column::num("n", "n")],
            rows: vec![
                vec![
                    Cell::new("=HYPERLINK(\"http://x\",\"click\")"),
                    Cell::new("-5"),
                ],
                vec![Cell::new("+1"), Cell::new("7.5")],
                vec![Cell::new("-x"), Cell::new("=1+1")],
                vec![Cell::new("@SUM(A1)"), Cell::new("")],
                vec![Cell::new("\tx"), Cell::new("1e3")],
                vec![Cell::new("a=b"), Cell::new("12")],
            ],
            frozen: 0,
        };
        assert_eq!(
            render(&t).unwrap(),
            "title,n\r\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",-5\r\n\
             '+1,7.5\r\n\
             '-x,'=1+1\r\n\
             '@SUM(A1),\r\n\
             '\tx,1e3\r\n\
             a=b,12\r\n"
        );
    }

    #[test]
    fn numbers_are_plain_decimals() {
        for n in ["0", "-12", "7.5", "100"] {
            assert!(is_number(n), "{n}");
        }
        for n in ["", "-", "1.", ".5", "1e3", "inf", "NaN", "+1", "1,5"] {
            assert!(!is_number(n), "{n}");
        }
    }
}
