//! The dashboard's timeline: one row per project, its charter window as a bar, its deliverables
//! as diamonds at their due dates, and today as a dashed line. The status is written next to
//! the name and also drawn (a proposed project is an outline), so colour is never the only clue.

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::{Embed, n, text_width};
use crate::model::ProjectStatus;
use crate::render::markup::{Esc, truncate};
use crate::report::dashboard::{Bar, Timeline};

const MARGIN: f64 = 16.0;
const ROW: f64 = 20.0;
const BAR: f64 = 10.0;
/// The axis labels above the rows.
const HEADER: f64 = 34.0;
/// The width of the time axis, whatever the span: long spans get coarser ticks, not more room.
const AXIS: f64 = 880.0;
const NAME_CHARS: usize = 32;
const STATUS_WIDTH: f64 = 64.0;
/// At most about this many ticks on the axis.
const MAX_TICKS: i64 = 48;

const LABEL: &str = "#3f3f46";
const MUTED: &str = "#71717a";
const GRID: &str = "#e4e4e7";
const TODAY: &str = "#b91c1c";

/// The style of the bars by status (a proposed project is only a dashed outline) and of the
/// milestones, once for the whole drawing.
fn style(p: &str) -> String {
    let mut css = format!(
        "<style>#{p}-svg .bar{{height:{BAR}px;stroke-width:1}}#{p}-svg .ms{{fill:#18181b;stroke:#ffffff}}\
         #{p}-svg .s{{font-size:10px;fill:{MUTED};text-anchor:end}}#{p}-svg a text{{fill:#1d4ed8}}"
    );
    for status in [
        ProjectStatus::Proposed,
        ProjectStatus::Active,
        ProjectStatus::OnHold,
        ProjectStatus::Done,
        ProjectStatus::Cancelled,
    ] {
        let (fill, stroke, dash) = match status {
            ProjectStatus::Proposed => ("#ffffff", "#3b6ea5", "3 2"),
            ProjectStatus::Active => ("#3b6ea5", "#24476e", "none"),
            ProjectStatus::OnHold => ("#e0a526", "#8a6412", "none"),
            ProjectStatus::Done => ("#5b9a56", "#345a31", "none"),
            ProjectStatus::Cancelled => ("#a1a1aa", "#52525b", "none"),
        };
        css.push_str(&format!(
            "#{p}-svg .{}{{fill:{fill};stroke:{stroke};stroke-dasharray:{dash}}}",
            status.as_str()
        ));
    }
    css.push_str("</style>\n");
    css
}

pub fn render(t: &Timeline, embed: Embed<'_>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = draw(&mut out, t, embed);
    out
}

fn draw(out: &mut String, t: &Timeline, embed: Embed<'_>) -> fmt::Result {
    let longest = t
        .bars
        .iter()
        .map(|b| b.name.chars().count().min(NAME_CHARS))
        .max()
        .unwrap_or(0)
        .max(8);
    let label_w = (text_width(longest, 11.0) + 12.0 + STATUS_WIDTH).round();
    let width = (MARGIN * 2.0 + label_w + AXIS).round();
    // Room under the rows for the today label.
    let height = (MARGIN * 2.0 + HEADER + (t.bars.len().max(1)) as f64 * ROW + 14.0).round();
    let title = "Timeline: projects and deliverables";
    let range = match (t.from, t.to) {
        (Some(f), Some(to)) => format!("{f} to {to}"),
        _ => "no dates".to_owned(),
    };
    let desc = format!(
        "{} projects from {range}: each bar is a project's charter window, each diamond a \
         deliverable at its due date; the dashed line is today, {}.",
        t.bars.len(),
        t.today
    );
    out.push_str(&embed.open(width, height, title, &desc));
    out.push_str(&style(embed.prefix()));
    let (Some(from), Some(to)) = (t.from, t.to) else {
        writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{}\" fill=\"{LABEL}\">Nothing to draw: no project has a \
             charter window.</text>",
            MARGIN + 14.0
        )?;
        return out.write_str("</svg>\n");
    };
    let axis_x = MARGIN + label_w;
    let days = (to - from).num_days() + 1;
    let x_of = |d: NaiveDate| axis_x + (d - from).num_days() as f64 * AXIS / days as f64;
    let rows_top = MARGIN + HEADER;
    let rows_bottom = rows_top + t.bars.len().max(1) as f64 * ROW;
    axis(out, from, to, rows_top, rows_bottom, &x_of)?;
    if t.bars.is_empty() {
        writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{}\" fill=\"{LABEL}\">No project's charter window overlaps \
             {range}.</text>",
            n(rows_top + 14.0)
        )?;
    }
    for (i, bar) in t.bars.iter().enumerate() {
        draw_bar(
            out,
            bar,
            rows_top + i as f64 * ROW,
            label_w,
            from,
            to,
            &x_of,
        )?;
    }
    if from <= t.today && t.today <= to {
        let x = x_of(t.today);
        writeln!(
            out,
            "<line class=\"today\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{TODAY}\" \
             stroke-dasharray=\"4 3\"><title>today, {}</title></line><text x=\"{}\" y=\"{}\" \
             font-size=\"10\" fill=\"{TODAY}\" text-anchor=\"middle\">today</text>",
            n(x),
            n(rows_top - 4.0),
            n(x),
            n(rows_bottom + 2.0),
            t.today,
            n(x),
            n(rows_bottom + 13.0)
        )?;
    }
    out.write_str("</svg>\n")
}

/// Year labels, and ticks at months, years or several years, whichever keeps them few.
fn axis(
    out: &mut String,
    from: NaiveDate,
    to: NaiveDate,
    top: f64,
    bottom: f64,
    x_of: &impl Fn(NaiveDate) -> f64,
) -> fmt::Result {
    let months = i64::from(to.year() - from.year()) * 12 + i64::from(to.month0())
        - i64::from(from.month0())
        + 1;
    let years = i64::from(to.year() - from.year()) + 1;
    writeln!(out, "<g font-size=\"10\" fill=\"{MUTED}\">")?;
    if months <= MAX_TICKS {
        // A month name needs about 24 px; narrower months are named once a quarter.
        let quarterly = AXIS / (months as f64) < 28.0;
        let mut d = from.with_day(1).unwrap_or(from);
        while d <= to {
            let x = x_of(d.max(from));
            if d >= from {
                tick(out, x, top, bottom)?;
            }
            if d.month() == 1 || d <= from {
                writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-weight=\"700\" fill=\"{LABEL}\">{}</text>",
                    n(x + 2.0),
                    n(top - 20.0),
                    d.year()
                )?;
            }
            if !quarterly || d.month0().is_multiple_of(3) {
                writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    n(x + 2.0),
                    n(top - 8.0),
                    d.format("%b")
                )?;
            }
            match d.checked_add_months(chrono::Months::new(1)) {
                Some(next) => d = next,
                None => break,
            }
        }
    } else {
        let step = (years + MAX_TICKS - 1) / MAX_TICKS;
        let step = i32::try_from(step.max(1)).unwrap_or(i32::MAX);
        let mut y = from.year();
        while y <= to.year() {
            let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) else {
                break;
            };
            let x = x_of(d.max(from));
            if d >= from {
                tick(out, x, top, bottom)?;
            }
            writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-weight=\"700\" fill=\"{LABEL}\">{y}</text>",
                n(x + 2.0),
                n(top - 8.0)
            )?;
            match y.checked_add(step) {
                Some(next) => y = next,
                None => break,
            }
        }
    }
    out.write_str("</g>\n")
}

fn tick(out: &mut String, x: f64, top: f64, bottom: f64) -> fmt::Result {
    writeln!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\"/>",
        n(x),
        n(top - 30.0),
        n(x),
        n(bottom)
    )
}

fn draw_bar(
    out: &mut String,
    bar: &Bar,
    y: f64,
    label_w: f64,
    from: NaiveDate,
    to: NaiveDate,
    x_of: &impl Fn(NaiveDate) -> f64,
) -> fmt::Result {
    let status = bar.status.as_str();
    // The name leads to the project's section, which says the rest.
    write!(
        out,
        "<g transform=\"translate(0,{})\"><a href=\"#project-{}\"><text x=\"{MARGIN}\" y=\"14\">{}</text></a>\
         <text class=\"s\" x=\"{}\" y=\"14\">{status}</text>",
        n(y),
        Esc(&bar.project),
        Esc(&truncate(&bar.name, NAME_CHARS)),
        n(MARGIN + label_w - 8.0),
    )?;
    let x1 = x_of(bar.start.max(from));
    // The bar ends at the end of its last day.
    let x2 = to
        .min(bar.end)
        .succ_opt()
        .map_or_else(|| x_of(to) + 1.0, x_of);
    write!(
        out,
        "<rect class=\"bar {status}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\"/>",
        n(x1),
        n((ROW - BAR) / 2.0),
        n((x2 - x1).max(1.5)),
    )?;
    // The row's diamonds as one path, a closed figure each.
    let diamonds: String = bar
        .milestones
        .iter()
        .filter(|m| from <= m.due && m.due <= to)
        .map(|m| format!("M{} {}l5 5-5 5-5-5z", n(x_of(m.due)), n(ROW / 2.0 - 5.0)))
        .collect();
    if !diamonds.is_empty() {
        write!(out, "<path class=\"ms\" d=\"{diamonds}\"/>")?;
    }
    out.write_str("</g>\n")
}
