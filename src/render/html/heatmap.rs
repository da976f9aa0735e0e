//! The dashboard's heat map: the data of `pm report allocation --format svg` as an HTML table,
//! one row per person and one cell per period, shaded on the same scale, with the load written
//! in every cell. A table is what a screen reader can walk and what a printer repeats headers
//! for, and at 250 people × 48 months it is a fifth of the size of the same picture in SVG
//! (twelve thousand cells). The header row comes again every [`BLOCK`] people.

use std::fmt::{self, Write};

use chrono::Datelike;

use super::Page;
use crate::render::markup::Esc;
use crate::render::svg::heatmap::BLOCK;
use crate::render::svg::scale;
use crate::report::allocation::{By, Period};
use crate::report::heatmap::{HeatCell, HeatMap, HeatRow};

/// The cell classes' colours: a step of the scale (`l0`…`l10`), over capacity (`o`), out of
/// the pool (`x`), with time off (`f`, stripes over the colour).
pub fn style() -> String {
    let mut css = String::new();
    for step in 0..=scale::STEPS {
        css.push_str(&format!(
            ".l{step}{{background:{};color:{}}}",
            scale::step_colour(step),
            scale::text_on(step)
        ));
    }
    css.push_str(&format!(
        ".o{{background:{};color:{};font-weight:700}}\
         .x{{background:radial-gradient(#a1a1aa 1px,#fafafa 1.5px) 0 0/5px 5px;color:#52525b}}\
         .f{{background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.35) 0 2px,\
         rgba(255,255,255,.55) 2px 4px,transparent 4px 7px)}}\n",
        scale::OVER,
        scale::OVER_TEXT
    ));
    css
}

impl Page<'_> {
    pub(super) fn heat_map(&self, out: &mut String, map: &HeatMap) -> fmt::Result {
        if map.rows.is_empty() || map.periods.is_empty() {
            let why = if map.rows.is_empty() {
                "the pool has no people"
            } else {
                "there are no dates (no program window and no dated assignment)"
            };
            return writeln!(out, "<p>No heat map: {why}.</p>");
        }
        legend(out)?;
        let unit = match map.by {
            By::Month => "month",
            By::Week => "week",
        };
        writeln!(
            out,
            "<div class=\"scroll\"><table class=\"heat\">\n<caption>Highest daily load in each \
             {unit}, in percent, {} to {}</caption>\n<thead>{}</thead>",
            map.periods[0].start,
            map.periods[map.periods.len() - 1].end,
            header(map, false)
        )?;
        for (b, rows) in map.rows.chunks(BLOCK).enumerate() {
            out.write_str("<tbody>")?;
            if b > 0 {
                // The labels again for the next people; a screen reader has them already.
                out.push_str(&header(map, true));
            }
            for row in rows {
                self.heat_row(out, row)?;
            }
            out.write_str("</tbody>\n")?;
        }
        out.write_str("</table></div>\n")
    }

    fn heat_row(&self, out: &mut String, row: &HeatRow) -> fmt::Result {
        write!(
            out,
            "<tr><th scope=\"row\">{}<td class=\"num\">{}%",
            self.person_link_named(&row.person, row.label()),
            row.capacity
        )?;
        for cell in &row.cells {
            write!(out, "<td class=\"{}\">{}", class(row, cell), text(cell))?;
        }
        out.write_str("\n")
    }
}

/// The shade of the load, in words too: what each class means.
fn legend(out: &mut String) -> fmt::Result {
    out.write_str("<p class=\"legend\">Shade, as a share of the person's capacity: ")?;
    for step in 0..=scale::STEPS {
        let label = match step {
            0 => "0".to_owned(),
            s => format!("≤{}", s * 100 / scale::STEPS),
        };
        write!(out, "<span class=\"l{step}\">{label}</span>")?;
    }
    writeln!(
        out,
        " %; <span class=\"o\">over</span> capacity (red, the load written in it); \
         <span class=\"l3 f\">striped</span> cells include time off; \
         <span class=\"x\">dotted</span> cells lie wholly outside the person's time in the pool.</p>"
    )
}

fn class(row: &HeatRow, cell: &HeatCell) -> String {
    let base = match scale::step(cell.peak, row.capacity) {
        None => "o".to_owned(),
        Some(0) if cell.outside => "x".to_owned(),
        Some(step) => format!("l{step}"),
    };
    if cell.days_off > 0 {
        format!("{base} f")
    } else {
        base
    }
}

fn text(cell: &HeatCell) -> String {
    if cell.outside && cell.peak == 0 {
        // Not "0": the person is not there to be loaded.
        return "–".to_owned();
    }
    cell.peak.to_string()
}

/// The two header rows: the years, then each period.
fn header(map: &HeatMap, again: bool) -> String {
    let hidden = if again {
        " class=\"again\" aria-hidden=\"true\""
    } else {
        ""
    };
    let mut years = format!("<tr{hidden}><td><td>");
    let mut i = 0;
    while i < map.periods.len() {
        let y = year(map.by, &map.periods[i]);
        let span = map.periods[i..]
            .iter()
            .take_while(|p| year(map.by, p) == y)
            .count();
        years.push_str(&format!(
            "<th scope=\"col\" colspan=\"{span}\" class=\"year\">{y}"
        ));
        i += span;
    }
    let mut periods =
        format!("<tr{hidden}><th scope=\"col\">person<th scope=\"col\" class=\"num\">capacity");
    for p in &map.periods {
        let label = match map.by {
            By::Month => p.start.format("%b").to_string(),
            By::Week => p.start.iso_week().week().to_string(),
        };
        periods.push_str(&format!(
            "<th scope=\"col\" title=\"{}\">{label}",
            Esc(&format!("{} to {}", p.start, p.end))
        ));
    }
    format!("{years}\n{periods}\n")
}

fn year(by: By, period: &Period) -> i32 {
    match by {
        By::Month => period.start.year(),
        By::Week => period.start.iso_week().year(),
    }
}
