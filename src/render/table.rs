//! Every table pm prints for people, reports and listings alike, in one style (comfy-table):
//! a header with a rule under it, columns two spaces apart, no box; fitted to the terminal, with
//! cells over capacity in red on a terminal and marked `!` everywhere else, and a legend line
//! under the table saying what the marks mean.

use comfy_table::{
    Attribute, Cell as TCell, CellAlignment, Color, ColumnConstraint, ContentArrangement,
    LineStyle, Table as TTable, TableStyle,
};

use crate::report::Table;

/// Marks a cell over capacity where colour cannot: in a pipe, a file, or under `NO_COLOR`.
pub const MARKER: &str = "!";

/// The width of the terminal when stdout is one; `None` in a pipe or a file, and for a
/// pseudo-terminal that reports no size (0 columns), where fitting would wrap every cell.
pub fn terminal_width() -> Option<u16> {
    TTable::new().width().filter(|&w| w > 0)
}

/// Free text is not squeezed below this many characters a line when planning the blocks.
const WRAP_MIN: usize = 16;

/// `width`: the width to fit, usually [`terminal_width`]; `None` leaves the table at its natural
/// width (a pipe has no width, and wrapping there would only corrupt the data).
///
/// To fit, free-text columns wrap; ids, dates and numbers never break. When even that is too
/// wide, the table is printed as several blocks, each repeating the columns that name a row.
pub fn render(t: &Table, color: bool, width: Option<u16>) -> String {
    let mut out = blocks(t, color, width);
    let legend = t.legend();
    if !legend.is_empty() {
        let mark = if color { "red" } else { MARKER };
        out.push_str(&format!("{mark} marks {}\n", legend.join("; ")));
    }
    out
}

fn blocks(t: &Table, color: bool, width: Option<u16>) -> String {
    let all: Vec<usize> = (0..t.columns.len()).collect();
    let whole = build(t, &all, color, width);
    let Some(avail) = width.map(usize::from) else {
        return finish(whole);
    };
    let natural = whole.column_max_content_widths();
    // The narrowest a column gets: its content, or WRAP_MIN for text that wraps; plus the gap
    // after it.
    let least = |i: usize| {
        let w = usize::from(natural.get(i).copied().unwrap_or(0));
        let wraps = t.columns.get(i).is_some_and(|c| c.wrap);
        (if wraps { w.min(WRAP_MIN) } else { w }) + GAP
    };
    let outer = |cols: &[usize]| cols.iter().map(|&i| least(i)).sum::<usize>();
    let frozen = t.frozen.min(t.columns.len());
    if frozen == 0 || frozen == t.columns.len() || outer(&all) <= avail {
        return finish(whole);
    }
    // Each block takes as many of the other columns as fit (always at least one, so every
    // column is printed somewhere).
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = (0..frozen).collect();
    for i in frozen..t.columns.len() {
        let mut with = current.clone();
        with.push(i);
        if current.len() > frozen && outer(&with) > avail {
            blocks.push(std::mem::replace(&mut current, (0..frozen).collect()));
            current.push(i);
        } else {
            current = with;
        }
    }
    blocks.push(current);
    blocks
        .iter()
        .map(|cols| finish(build(t, cols, color, width)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spaces between two columns: the padding after a column and the (blank) line between two.
const GAP: usize = 2;

fn finish(table: TTable) -> String {
    // No line ends in the padding of its last column.
    let mut s = table.trim_fmt();
    s.push('\n');
    s
}

fn build(t: &Table, cols: &[usize], color: bool, width: Option<u16>) -> TTable {
    let mut table = TTable::new();
    // The caller decides width and colour; comfy-table must not look at stdout by itself.
    table.force_no_tty();
    table.load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─')));
    if let Some(w) = width {
        table.set_width(w);
    }
    if color {
        table.enforce_styling();
    }
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(cols.iter().filter_map(|&i| t.columns.get(i)).map(|c| {
        let cell = TCell::new(&c.label);
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in &t.rows {
        table.add_row(cols.iter().map(|&i| {
            match row.get(i) {
                Some(cell) if cell.over && color => TCell::new(&cell.text)
                    .fg(Color::Red)
                    .add_attribute(Attribute::Bold),
                Some(cell) if cell.over => TCell::new(format!("{}{MARKER}", cell.text)),
                Some(cell) => TCell::new(&cell.text),
                None => TCell::new(""),
            }
        }));
    }
    for (n, &i) in cols.iter().enumerate() {
        let (Some(spec), Some(column)) = (t.columns.get(i), table.column_mut(n)) else {
            continue;
        };
        // Lines start at the margin like the rest of pm's output, and the rule under the
        // header ends with the last column.
        let gap = if n + 1 == cols.len() {
            0
        } else {
            GAP as u16 - 1
        };
        column.set_padding((0, gap));
        if spec.numeric {
            column.set_cell_alignment(CellAlignment::Right);
        }
        if !spec.wrap {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, Column};

    fn wide() -> Table {
        let mut columns = vec![Column::text("person", "person"), Column::num("cap", "cap")];
        columns.extend((1..=12).map(|m| {
            let l = format!("2026-{m:02}");
            Column::num(&l, &l).marking("a load over capacity")
        }));
        let row = |name: &str, peaks: &[u32]| {
            let mut r = vec![Cell::new(name), Cell::new("100")];
            r.extend(
                peaks
                    .iter()
                    .map(|&p| Cell::new(p.to_string()).over(p > 100)),
            );
            r
        };
        Table {
            columns,
            rows: vec![
                row("alice", &[0, 60, 60, 60, 120, 120, 60, 60, 60, 60, 60, 60]),
                row("bob", &[0, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]),
            ],
            frozen: 2,
        }
    }

    #[test]
    fn a_pipe_gets_the_natural_width_and_markers() {
        let out = render(&wide(), false, None);
        assert_eq!(out.lines().count(), 5, "{out}");
        assert!(out.contains("120!"), "{out}");
        assert!(
            out.ends_with(" 50\n! marks a load over capacity\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn a_narrow_terminal_gets_blocks_that_repeat_the_person() {
        let out = render(&wide(), false, Some(60));
        insta::assert_snapshot!(out);
        for line in out.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
        let blocks = out.split("\n\n").count();
        assert!(blocks >= 2, "{out}");
        assert_eq!(out.matches("alice").count(), blocks);
        for m in 1..=12 {
            assert_eq!(out.matches(&format!("2026-{m:02}")).count(), 1);
        }
    }

    #[test]
    fn colour_replaces_the_marker() {
        let out = render(&wide(), true, None);
        assert!(out.contains('\u{1b}'), "{out}");
        assert!(!out.contains("120!"), "{out}");
        assert!(out.ends_with("\nred marks a load over capacity\n"), "{out}");
    }

    #[test]
    fn free_text_wraps_and_ids_do_not() {
        let t = Table {
            columns: vec![
                Column::text("id", "id"),
                Column::text("due", "due"),
                Column::prose("title", "title"),
            ],
            rows: vec![vec![
                Cell::new("landing-leg-tests"),
                Cell::new("2026-09-30"),
                Cell::new("a rather long title that cannot fit on one narrow line"),
            ]],
            frozen: 1,
        };
        let out = render(&t, false, Some(60));
        insta::assert_snapshot!(out);
        for line in out.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
        assert!(out.contains("landing-leg-tests"), "ids do not break: {out}");
        assert!(out.contains("2026-09-30"), "dates do not break: {out}");
        assert_eq!(out.split("\n\n").count(), 1, "wrapping was enough: {out}");
    }
}
