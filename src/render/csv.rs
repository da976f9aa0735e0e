//! A report as CSV (RFC 4180, via the `csv` crate): a header row of column keys, then one record
//! per row. Cells carry plain values; over-capacity is for the reader to compute, not a marker.

use anyhow::{Context, Result};

use crate::report::Table;

pub fn render(t: &Table) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.key.as_str()))
        .context("cannot write the CSV header")?;
    for row in &t.rows {
        w.write_record(row.iter().map(|c| c.text.as_str()))
            .context("cannot write a CSV record")?;
    }
    let bytes = w.into_inner().context("cannot finish the CSV output")?;
    String::from_utf8(bytes).context("the CSV output is not UTF-8")
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
}
