//! `pm report allocation --format svg`: people × periods, each cell coloured by the person's
//! highest daily load in the period on one scale from 0% to their capacity, red with the
//! percent written in it when over, striped where the person has time off, dotted where they
//! are not in the pool, with a tooltip naming the person, period, load and projects.
//!
//! Every person keeps a row of the same height however many there are, so labels never shrink;
//! rows come in blocks of [`BLOCK`] people and each block repeats the period labels, so a
//! thousand people read like forty small maps, each with its own header.
//!
//! The dashboard draws the same data as an HTML table (render/html/heatmap.rs).

use std::fmt::{self, Write};

use chrono::Datelike;

use super::{Embed, n, scale, text_width};
use crate::render::markup::{Esc, truncate};
use crate::report::allocation::{By, Period};
use crate::report::heatmap::{HeatCell, HeatMap, HeatRow};

/// People per block; each block repeats the period labels above its rows.
pub const BLOCK: usize = 25;

const MARGIN: f64 = 16.0;
const ROW: f64 = 18.0;
/// The year and period label rows above each block.
const HEADER: f64 = 30.0;
/// Space after each block.
const GAP: f64 = 14.0;
/// Title, subtitle and legend above the first block.
const TOP: f64 = 100.0;
/// Longer names are cut (the tooltip of the row has the whole name).
const NAME_CHARS: usize = 28;
/// Room for the capacity column, right of the names.
const CAPACITY_WIDTH: f64 = 44.0;
/// A tooltip names this many projects and counts the rest.
const TOOLTIP_PROJECTS: usize = 6;

const LABEL: &str = "#3f3f46";
const MUTED: &str = "#71717a";
const RULE: &str = "#52525b";

fn cell_width(by: By) -> f64 {
    match by {
        By::Month => 32.0,
        By::Week => 22.0,
    }
}

pub fn render(map: &HeatMap) -> String {
    let embed = Embed::Standalone;
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = draw(&mut out, map, embed);
    out
}

fn unit(by: By) -> &'static str {
    match by {
        By::Month => "month",
        By::Week => "week",
    }
}

fn draw(out: &mut String, map: &HeatMap, embed: Embed<'_>) -> fmt::Result {
    let p = embed.prefix();
    let cw = cell_width(map.by);
    let longest = map
        .rows
        .iter()
        .map(|r| r.label().chars().count().min(NAME_CHARS))
        .max()
        .unwrap_or(0)
        .max(8);
    let label_w = (text_width(longest, 11.0) + 12.0 + CAPACITY_WIDTH).round();
    let grid_w = map.periods.len() as f64 * cw;
    let blocks: Vec<&[HeatRow]> = map.rows.chunks(BLOCK).collect();
    let drawable = !map.periods.is_empty() && !map.rows.is_empty();
    let body: f64 = if drawable {
        blocks
            .iter()
            .map(|b| HEADER + b.len() as f64 * ROW + GAP)
            .sum()
    } else {
        24.0
    };
    let width = (MARGIN * 2.0 + (label_w + grid_w).max(LEGEND_WIDTH)).round();
    let height = (TOP + body + MARGIN).round();

    let range = match (map.periods.first(), map.periods.last()) {
        (Some(f), Some(l)) => format!("{} to {}", f.start, l.end),
        _ => "no dates".to_owned(),
    };
    let load = if map.include_proposed {
        "committed and proposed load"
    } else {
        "committed load"
    };
    let over = map.over().count();
    let title = format!("{}: load by {}", map.title, unit(map.by));
    let desc = format!(
        "{} people by {}s, {range}. Each cell is the person's highest daily {load} in the {}, \
         shaded from 0% (lightest) to the person's capacity (darkest blue); {over} cell{} over \
         capacity, drawn red with the percent written in. Striped cells include time off; \
         dotted cells lie wholly before the person joins or after they leave.",
        map.rows.len(),
        unit(map.by),
        unit(map.by),
        if over == 1 { " is" } else { "s are" },
    );
    out.push_str(&embed.open(width, height, &title, &desc));
    defs(out, p)?;

    writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"16\" font-weight=\"700\" fill=\"#18181b\">{}</text>",
        MARGIN + 14.0,
        Esc(&title)
    )?;
    let blocks_note = if map.rows.len() > BLOCK {
        format!(", in blocks of {BLOCK}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"{}\" fill=\"{LABEL}\">{range} · highest daily {load} per {}, \
         from 0% to each person's capacity · {} people{blocks_note}</text>",
        MARGIN + 32.0,
        unit(map.by),
        map.rows.len(),
    )?;
    legend(out, p, MARGIN + 46.0)?;
    if !drawable {
        let why = if map.rows.is_empty() {
            "Nothing to draw: the pool has no people."
        } else {
            "Nothing to draw: no dates (no program window and no dated assignment)."
        };
        writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{}\" fill=\"{LABEL}\">{why}</text>",
            TOP + 14.0
        )?;
        return out.write_str("</svg>\n");
    }
    let mut y = TOP;
    for rows in blocks {
        block(out, map, rows, p, y, label_w, cw)?;
        y += HEADER + rows.len() as f64 * ROW + GAP;
    }
    out.write_str("</svg>\n")
}

/// The patterns of time off (stripes, over any colour) and of days out of the pool (dots).
fn defs(out: &mut String, p: &str) -> fmt::Result {
    writeln!(
        out,
        "<defs><pattern id=\"{p}-off\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#000\" \
         fill-opacity=\"0.35\"/><rect x=\"2\" width=\"2\" height=\"6\" fill=\"#fff\" \
         fill-opacity=\"0.6\"/></pattern><pattern id=\"{p}-out\" width=\"5\" height=\"5\" \
         patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#fafafa\"/>\
         <circle cx=\"2.5\" cy=\"2.5\" r=\"1\" fill=\"#a1a1aa\"/></pattern></defs>"
    )
}

const LEGEND_WIDTH: f64 = 580.0;

fn legend(out: &mut String, p: &str, y: f64) -> fmt::Result {
    let sw = 34.0;
    let step_w = 16.0;
    let h = 14.0;
    let label_y = y + h + 12.0;
    writeln!(out, "<g font-size=\"10\" fill=\"{LABEL}\">")?;
    writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"{}\">load</text>",
        n(y + 11.0)
    )?;
    let x0 = MARGIN + 30.0;
    for step in 0..=scale::STEPS {
        let sx = x0 + f64::from(step) * step_w;
        writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{step_w}\" height=\"{h}\" fill=\"{}\"/>",
            n(sx),
            n(y),
            scale::step_colour(step)
        )?;
        if step.is_multiple_of(5) {
            writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}%</text>",
                n(sx + step_w / 2.0),
                n(label_y),
                step * 100 / scale::STEPS
            )?;
        }
    }
    let mut x = x0 + f64::from(scale::STEPS + 1) * step_w;
    writeln!(
        out,
        "<text x=\"{}\" y=\"{}\">of capacity</text>",
        n(x + 6.0),
        n(y + 11.0)
    )?;
    x += 90.0;
    writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{sw}\" height=\"{h}\" fill=\"{}\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"{}\">120</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">over</text>",
        n(x),
        n(y),
        scale::OVER,
        n(x + sw / 2.0),
        n(y + 11.0),
        scale::OVER_TEXT,
        n(x + sw / 2.0),
        n(label_y)
    )?;
    x += sw + 24.0;
    writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{sw}\" height=\"{h}\" fill=\"{}\"/>\
         <rect x=\"{}\" y=\"{}\" width=\"{sw}\" height=\"{h}\" fill=\"url(#{p}-off)\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">time off</text>",
        n(x),
        n(y),
        scale::step_colour(5),
        n(x),
        n(y),
        n(x + sw / 2.0),
        n(label_y)
    )?;
    x += sw + 44.0;
    writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{sw}\" height=\"{h}\" fill=\"url(#{p}-out)\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">not in the pool</text>",
        n(x),
        n(y),
        n(x + sw / 2.0),
        n(label_y)
    )?;
    out.write_str("</g>\n")
}

fn year(by: By, period: &Period) -> i32 {
    match by {
        By::Month => period.start.year(),
        By::Week => period.start.iso_week().year(),
    }
}

fn short_label(by: By, period: &Period) -> String {
    match by {
        By::Month => period.start.format("%b").to_string(),
        By::Week => period.start.iso_week().week().to_string(),
    }
}

/// One block: its header (years, then periods) and its rows.
fn block(
    out: &mut String,
    map: &HeatMap,
    rows: &[HeatRow],
    p: &str,
    top: f64,
    label_w: f64,
    cw: f64,
) -> fmt::Result {
    let grid_x = MARGIN + label_w;
    writeln!(out, "<g font-size=\"10\" fill=\"{MUTED}\">")?;
    writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"{}\">person</text><text x=\"{}\" y=\"{}\" \
         text-anchor=\"end\">capacity</text>",
        n(top + 25.0),
        n(grid_x - 6.0),
        n(top + 25.0)
    )?;
    let mut last_year = None;
    for (i, period) in map.periods.iter().enumerate() {
        let x = grid_x + i as f64 * cw;
        let y = year(map.by, period);
        if last_year != Some(y) {
            writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-weight=\"700\" fill=\"{LABEL}\">{y}</text>",
                n(x + 1.0),
                n(top + 11.0)
            )?;
            last_year = Some(y);
        }
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n(x + cw / 2.0),
            n(top + 25.0),
            short_label(map.by, period)
        )?;
    }
    out.write_str("</g>\n")?;
    let rows_top = top + HEADER;
    for (r, row) in rows.iter().enumerate() {
        draw_row(out, map, row, p, rows_top + r as f64 * ROW, label_w, cw)?;
    }
    // A rule where each new year starts, across the block's rows.
    let bottom = rows_top + rows.len() as f64 * ROW - 1.0;
    for i in 1..map.periods.len() {
        if year(map.by, &map.periods[i]) != year(map.by, &map.periods[i - 1]) {
            let x = grid_x + i as f64 * cw - 0.5;
            writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{RULE}\"/>",
                n(x),
                n(top + 2.0),
                n(x),
                n(bottom)
            )?;
        }
    }
    Ok(())
}

fn draw_row(
    out: &mut String,
    map: &HeatMap,
    row: &HeatRow,
    p: &str,
    y: f64,
    label_w: f64,
    cw: f64,
) -> fmt::Result {
    write!(
        out,
        "<g transform=\"translate({MARGIN},{})\"><g><title>{} ({}), capacity {}%</title>\
         <text y=\"13\" fill=\"#18181b\">{}</text><text x=\"{}\" y=\"13\" text-anchor=\"end\" \
         fill=\"{MUTED}\">{}%</text></g>",
        n(y),
        Esc(row.label()),
        Esc(&row.person),
        row.capacity,
        Esc(&truncate(row.label(), NAME_CHARS)),
        n(label_w - 6.0),
        row.capacity
    )?;
    for (i, (cell, period)) in row.cells.iter().zip(&map.periods).enumerate() {
        draw_cell(out, map, row, cell, period, p, label_w + i as f64 * cw, cw)?;
    }
    out.write_str("</g>\n")
}

/// The fill of a cell: red over capacity, dotted out of the pool, else its step of the scale.
fn fill(row: &HeatRow, cell: &HeatCell, p: &str) -> String {
    match scale::step(cell.peak, row.capacity) {
        None => scale::OVER.to_owned(),
        Some(0) if cell.outside => format!("url(#{p}-out)"),
        Some(step) => scale::step_colour(step),
    }
}

fn over_text(out: &mut String, cell: &HeatCell, x: f64, cw: f64) -> fmt::Result {
    let text = cell.peak.to_string();
    // Four digits do not fit a week's cell at this size: squeeze them into it.
    let fit = if text_width(text.len(), 10.0) > cw - 3.0 {
        format!(
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            n(cw - 3.0)
        )
    } else {
        String::new()
    };
    write!(
        out,
        "<text x=\"{}\" y=\"13\" font-size=\"10\" font-weight=\"700\" text-anchor=\"middle\" \
         fill=\"{}\"{fit}>{text}</text>",
        n(x + (cw - 1.0) / 2.0),
        scale::OVER_TEXT
    )
}

#[allow(clippy::too_many_arguments)]
fn draw_cell(
    out: &mut String,
    map: &HeatMap,
    row: &HeatRow,
    cell: &HeatCell,
    period: &Period,
    p: &str,
    x: f64,
    cw: f64,
) -> fmt::Result {
    let over = cell.peak > row.capacity;
    let class = if over { "c o" } else { "c" };
    let xs = n(x);
    let rect = format!(
        "<rect class=\"{class}\" x=\"{xs}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
        n(cw - 1.0),
        n(ROW - 1.0),
        fill(row, cell, p)
    );
    let tip = tooltip(map, row, cell, period);
    if !over && cell.days_off == 0 {
        return write!(out, "{rect}><title>{}</title></rect>", Esc(&tip));
    }
    write!(out, "<g><title>{}</title>{rect}/>", Esc(&tip))?;
    if cell.days_off > 0 {
        write!(
            out,
            "<rect class=\"f\" x=\"{xs}\" width=\"{}\" height=\"{}\" fill=\"url(#{p}-off)\"/>",
            n(cw - 1.0),
            n(ROW - 1.0)
        )?;
    }
    if over {
        over_text(out, cell, x, cw)?;
    }
    out.write_str("</g>")
}

/// "priya · 2026-05: 120% of 100%, over capacity; 3 days off · lander, spacesuits".
fn tooltip(map: &HeatMap, row: &HeatRow, cell: &HeatCell, period: &Period) -> String {
    let mut s = format!("{} · {}", row.person, period.label(map.by));
    let whole = match map.by {
        By::Month => period.start.day() == 1 && period.end.succ_opt().is_none_or(|d| d.day() == 1),
        By::Week => false,
    };
    if !whole {
        s.push_str(&format!(" ({} to {})", period.start, period.end));
    }
    s.push_str(&format!(": {}% of {}%", cell.peak, row.capacity));
    if cell.peak > row.capacity {
        s.push_str(", over capacity");
    }
    if cell.days_off > 0 {
        let plural = if cell.days_off == 1 { "" } else { "s" };
        s.push_str(&format!("; {} day{plural} off", cell.days_off));
    }
    if cell.outside {
        s.push_str("; not in the pool");
    }
    s.push_str(" · ");
    if cell.projects.is_empty() {
        s.push_str("no assignment");
    } else {
        let shown: Vec<&str> = cell
            .projects
            .iter()
            .take(TOOLTIP_PROJECTS)
            .map(String::as_str)
            .collect();
        s.push_str(&shown.join(", "));
        let more = cell.projects.len() - shown.len();
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
    }
    s
}
