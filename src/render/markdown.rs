//! A report as a GitHub-flavoured Markdown table; numbers right-aligned, cells over capacity in
//! bold with the `!` marker so they stand out both rendered and as plain text.

use crate::report::Table;

use super::table::MARKER;

pub fn render(t: &Table) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(t.columns.iter().map(|c| escape(&c.label)).collect()));
    out.push_str(&line(
        t.columns
            .iter()
            .map(|c| if c.numeric { "---:" } else { "---" }.to_owned())
            .collect(),
    ));
    for row in &t.rows {
        out.push_str(&line(
            row.iter()
                .map(|c| {
                    if c.over {
                        format!("**{}{MARKER}**", escape(&c.text))
                    } else {
                        escape(&c.text)
                    }
                })
                .collect(),
        ));
    }
    out
}

/// A cell's text that cannot end the cell or the row early.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, Column};

    #[test]
    fn pipes_and_newlines_stay_inside_the_cell() {
        let t = Table {
            columns: vec![Column::text("t", "a|b"), Column::num("n", "n")],
            rows: vec![vec![Cell::new("x | y\nz"), Cell::new("120").over(true)]],
            frozen: 0,
        };
        assert_eq!(
            render(&t),
            "| a\\|b | n |\n| --- | ---: |\n| x \\| y<br>z | **120!** |\n"
        );
    }
}
