//! `pm report dashboard`: one self-contained HTML page. No script, no font, image or style
//! from anywhere else, and a Content-Security-Policy that forbids them, since program files come
//! from pull requests and the page is opened from CI artifacts. Every text from the files goes
//! through [`Esc`]. Tables have header cells, severities and over-capacity are written in words
//! as well as colours, and the page prints.

mod heatmap;
mod people;
mod projects;

use std::collections::HashSet;
use std::fmt::{self, Write};

use chrono::NaiveDate;

use crate::check::Severity;
use crate::render::markup::{Esc, EscText};
use crate::render::svg::{self, Embed};
use crate::report::dashboard::{Dashboard, Roster};

/// Nothing but the inline style may load: no script, no remote anything, images only inline.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = include_str!("style.css");

/// What the sections share: the dashboard, the ids that have a section (to link to them), and
/// where findings link to.
struct Page<'a> {
    d: &'a Dashboard,
    people: HashSet<&'a str>,
    projects: HashSet<&'a str>,
    source_url: Option<&'a str>,
}

/// The page. `source_url`, when given, is a repository browser's URL of the program folder at
/// one commit: each finding links to `URL/FILE#LLINE`.
pub fn render(d: &Dashboard, source_url: Option<&str>) -> String {
    let page = Page {
        d,
        people: d.people.iter().map(|p| p.row.id.as_str()).collect(),
        projects: d.projects.iter().map(|p| p.row.id.as_str()).collect(),
        source_url: source_url.map(|u| u.trim_end_matches('/')),
    };
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = page.write(&mut out);
    out
}

impl Page<'_> {
    fn write(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"pm {}\">\n<title>{} — program dashboard</title>\n\
             <style>\n{STYLE}{}</style>\n</head>\n<body>",
            env!("CARGO_PKG_VERSION"),
            Esc(&d.name),
            heatmap::style()
        )?;
        self.header(out)?;
        out.write_str("<main>\n")?;
        self.summary(out)?;
        self.findings(out)?;
        self.load(out)?;
        self.timeline(out)?;
        self.projects(out)?;
        self.people(out)?;
        out.write_str("</main>\n")?;
        writeln!(
            out,
            "<footer>Made by pm {} from {} file{} of program <code>{}</code>, as of {}. This page \
             runs no script and loads nothing from anywhere.</footer>\n</body>\n</html>",
            env!("CARGO_PKG_VERSION"),
            d.files,
            plural(d.files),
            Esc(&d.program),
            d.today
        )
    }

    fn header(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        writeln!(out, "<header>\n<h1>{}</h1>", Esc(&d.name))?;
        write!(
            out,
            "<p class=\"meta\">Program <code>{}</code>",
            Esc(&d.program)
        )?;
        if let Some(m) = &d.manager {
            write!(out, " · manager {}", self.person_link(m))?;
        }
        if let Some(s) = &d.sponsor {
            write!(out, " · sponsor {}", Esc(s))?;
        }
        if d.start.is_some() || d.end.is_some() {
            write!(out, " · {}", window(d.start, d.end))?;
        }
        writeln!(out, " · as of {}</p>", d.today)?;
        writeln!(
            out,
            "<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a> \
             <a href=\"#findings\">Findings</a> <a href=\"#load\">Load</a> \
             <a href=\"#timeline\">Timeline</a> <a href=\"#projects\">Projects</a> \
             <a href=\"#people\">People</a></nav>\n</header>"
        )
    }

    fn summary(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        let s = &d.summary;
        writeln!(
            out,
            "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>"
        )?;
        if d.unreadable > 0 {
            writeln!(
                out,
                "<p><strong>{} problem{} reading the program files:</strong> what could not be \
                 read is missing from this page (see the PM001 findings).</p>",
                d.unreadable,
                plural(d.unreadable)
            )?;
        }
        out.write_str("<div class=\"cards\">\n")?;
        writeln!(
            out,
            "<table><caption>Projects by status</caption>\n<thead><tr><th scope=\"col\">status</th>\
             <th scope=\"col\" class=\"num\">projects</th></tr></thead>\n<tbody>"
        )?;
        for (status, count) in &s.by_status {
            writeln!(
                out,
                "<tr><th scope=\"row\">{status}</th><td class=\"num\">{count}</td></tr>"
            )?;
        }
        writeln!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\">all</th><td class=\"num\">{}</td></tr></tfoot></table>",
            s.projects
        )?;
        writeln!(
            out,
            "<table><caption>People and requests</caption>\n<tbody>\
             <tr><th scope=\"row\">people in the pool</th><td class=\"num\">{}</td></tr>\n\
             <tr><th scope=\"row\">over-allocated (PM201)</th><td class=\"num\">{}</td></tr>\n\
             <tr><th scope=\"row\">open staffing requests</th><td class=\"num\">{}</td></tr>\n\
             </tbody></table>",
            s.people, s.over_allocated, s.open_requests
        )?;
        writeln!(
            out,
            "<table><caption>Findings by severity</caption>\n<tbody>\
             <tr><th scope=\"row\"><span class=\"sev sev-error\">error</span></th><td class=\"num\">{}</td></tr>\n\
             <tr><th scope=\"row\"><span class=\"sev sev-warning\">warning</span></th><td class=\"num\">{}</td></tr>\n\
             </tbody></table>",
            s.errors, s.warnings
        )?;
        out.write_str("</div>\n")?;
        if !d.benefits.is_empty() {
            writeln!(
                out,
                "<table><caption>Benefits and the projects that serve them</caption>\n<thead><tr>\
                 <th scope=\"col\">benefit</th><th scope=\"col\">title</th>\
                 <th scope=\"col\">projects</th></tr></thead>\n<tbody>"
            )?;
            for b in &d.benefits {
                let projects: Vec<String> = b.projects.iter().map(|p| Esc(p).to_string()).collect();
                writeln!(
                    out,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                    Esc(&b.id),
                    Esc(b.title.as_deref().unwrap_or("")),
                    if projects.is_empty() {
                        "<span class=\"none\">none</span>".to_owned()
                    } else {
                        projects.join(", ")
                    }
                )?;
            }
            out.write_str("</tbody></table>\n")?;
        }
        self.requests(out)?;
        self.dependencies(out)?;
        out.write_str("</section>\n")
    }

    fn dependencies(&self, out: &mut String) -> fmt::Result {
        let rows = &self.d.dependencies;
        if rows.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<table><caption>Dependencies between projects</caption>\n<thead><tr>\
             <th scope=\"col\">project</th><th scope=\"col\">waits on</th>\
             <th scope=\"col\">due</th><th scope=\"col\">needed by</th>\
             <th scope=\"col\">status</th><th scope=\"col\">for</th></tr></thead>\n<tbody>"
        )?;
        for r in rows {
            // In words, not only in colour: "at risk: due 59 days after it is needed".
            let status = match (&r.risk, r.accepted) {
                (Some(why), true) => format!("at risk, accepted: {why}"),
                (Some(why), false) => format!("<strong>at risk</strong>: {}", Esc(why)),
                (None, _) => r.status.replace('-', " "),
            };
            let status = if r.accepted {
                Esc(&status).to_string()
            } else {
                status
            };
            writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code> {}</td><td>{}</td><td>{}</td><td>{status}</td><td>{}</td></tr>",
                self.project_link(&r.project),
                Esc(&r.on),
                Esc(r.title.as_deref().unwrap_or("")),
                date(r.due),
                r.needed_by,
                Esc(&r.work.join(", ")),
            )?;
        }
        out.write_str("</tbody></table>\n")
    }

    fn requests(&self, out: &mut String) -> fmt::Result {
        let rows = &self.d.requests;
        if rows.is_empty() {
            return out.write_str("<p>No open staffing request.</p>\n");
        }
        writeln!(
            out,
            "<table><caption>Open staffing requests and who could take them</caption>\n<thead><tr>\
             <th scope=\"col\">project</th><th scope=\"col\">request</th><th scope=\"col\">skills</th>\
             <th scope=\"col\" class=\"num\">allocation</th><th scope=\"col\">dates</th>\
             <th scope=\"col\">best candidates (free)</th><th scope=\"col\">reason</th></tr></thead>\n<tbody>"
        )?;
        for r in rows {
            let candidates: Vec<String> = r
                .candidates
                .iter()
                .map(|c| format!("{} ({}%)", self.person_link(&c.person), c.free))
                .collect();
            writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td></tr>",
                self.project_link(&r.project),
                Esc(&r.request),
                Esc(&r.skills.join(", ")),
                r.allocation.map(|a| format!("{a}%")).unwrap_or_default(),
                window(Some(r.from), Some(r.to)),
                if candidates.is_empty() {
                    "<span class=\"none\">nobody free with these skills</span>".to_owned()
                } else {
                    candidates.join(", ")
                },
                Esc(r.reason.as_deref().unwrap_or(""))
            )?;
        }
        out.write_str("</tbody></table>\n")
    }

    fn findings(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        writeln!(
            out,
            "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>"
        )?;
        if d.findings.is_empty() {
            return out.write_str("<p>pm check finds nothing.</p>\n</section>\n");
        }
        writeln!(
            out,
            "<p>{} error{} and {} warning{}, as <code>pm check</code> reports them; \
             <code>pm check</code> also says how to resolve each.</p>",
            d.summary.errors,
            plural(d.summary.errors),
            d.summary.warnings,
            plural(d.summary.warnings)
        )?;
        self.rules(out)?;
        // Grouped by file, in pm check's order: the path once, then line and column.
        writeln!(
            out,
            "<table class=\"findings\"><caption>Every finding, by file</caption>\n<thead><tr>\
             <th scope=\"col\">line<th scope=\"col\">rule<th scope=\"col\">finding</thead>"
        )?;
        let mut file: Option<&str> = None;
        for (i, f) in d.findings.iter().enumerate() {
            if file != Some(f.file.as_str()) {
                if file.is_some() {
                    out.write_str("</tbody>\n")?;
                }
                writeln!(
                    out,
                    "<tbody><tr><th scope=\"rowgroup\" colspan=\"3\">{}</th></tr>",
                    Esc(&f.file)
                )?;
                file = Some(&f.file);
            }
            writeln!(
                out,
                "<tr id=\"f-{n}\"><td>{place}<td class=\"sev-{sev}\">{code} {sev}<td>{message}",
                n = i + 1,
                sev = f.severity.as_str(),
                code = f.rule.code(),
                place = self.place(&f.file, f.line, f.column),
                message = EscText(&f.message)
            )?;
        }
        out.write_str("</tbody></table>\n</section>\n")
    }

    /// How many findings of each rule, with the rule's name and severity in words.
    fn rules(&self, out: &mut String) -> fmt::Result {
        let mut by_rule: std::collections::BTreeMap<(&str, &str, &str), usize> =
            std::collections::BTreeMap::new();
        for f in &self.d.findings {
            *by_rule
                .entry((f.rule.code(), f.rule.name(), f.severity.as_str()))
                .or_default() += 1;
        }
        writeln!(
            out,
            "<table><caption>Findings by rule</caption>\n<thead><tr><th scope=\"col\">rule\
             <th scope=\"col\">name<th scope=\"col\">severity<th scope=\"col\" class=\"num\">findings\
             </thead>\n<tbody>"
        )?;
        for ((code, name, sev), n) in by_rule {
            writeln!(
                out,
                "<tr><td>{code}<td>{name}<td class=\"sev-{sev}\">{sev}<td class=\"num\">{n}"
            )?;
        }
        out.write_str("</tbody></table>\n")
    }

    fn load(&self, out: &mut String) -> fmt::Result {
        let map = &self.d.heatmap;
        writeln!(
            out,
            "<section id=\"load\" aria-labelledby=\"load-h\">\n<h2 id=\"load-h\">Load</h2>\n\
             <p>Each cell is a person's highest daily {} load in the {}, in percent: lighter is \
             less, the darkest blue is their whole capacity, and red is over it. \
             <code>pm report allocation --format svg</code> draws the same as a picture, with the \
             projects behind each cell.</p>",
            if map.include_proposed {
                "committed and proposed"
            } else {
                "committed"
            },
            map.by.as_str()
        )?;
        let over: Vec<String> = map
            .over()
            .map(|(r, p)| {
                let row = &map.rows[r];
                format!(
                    "{} in {} ({}% of {}%)",
                    self.person_link(&row.person),
                    map.periods[p].label(map.by),
                    row.cells[p].peak,
                    row.capacity
                )
            })
            .collect();
        if !over.is_empty() {
            let shown = over.len().min(OVER_LISTED);
            write!(out, "<p>Over capacity: {}", over[..shown].join("; "))?;
            if over.len() > shown {
                write!(out, "; and {} more", over.len() - shown)?;
            }
            out.write_str(".</p>\n")?;
        }
        self.heat_map(out, map)?;
        out.write_str("</section>\n")
    }

    fn timeline(&self, out: &mut String) -> fmt::Result {
        let t = &self.d.timeline;
        writeln!(
            out,
            "<section id=\"timeline\" aria-labelledby=\"timeline-h\">\n<h2 id=\"timeline-h\">Timeline</h2>\n\
             <p>Each bar is a project's charter window (an outline while it is only proposed), each \
             diamond a deliverable at its due date, the dashed line today.</p>"
        )?;
        let mut left_out = Vec::new();
        if t.cancelled > 0 {
            left_out.push(format!("{} cancelled", t.cancelled));
        }
        if t.undated > 0 {
            left_out.push(format!("{} without a charter window", t.undated));
        }
        if !left_out.is_empty() {
            writeln!(out, "<p>Not drawn: {}.</p>", left_out.join(", "))?;
        }
        writeln!(
            out,
            "<div class=\"scroll\">\n{}</div>\n</section>",
            svg::timeline::render(t, Embed::Inline("timeline"))
        )
    }

    /// `line:column` of a finding in `file`, linked into the repository browser when there is
    /// one.
    fn place(&self, file: &str, line: usize, column: usize) -> String {
        let text = format!("{line}:{column}");
        match self.source_url {
            Some(base) => format!(
                "<a href=\"{}/{}#L{line}\">{text}</a>",
                Esc(base),
                Esc(&percent_encode_path(file))
            ),
            None => text,
        }
    }

    /// `text` linking to the person's section.
    fn person_link_named(&self, id: &str, text: &str) -> String {
        if self.people.contains(id) {
            format!("<a href=\"#person-{}\">{}</a>", Esc(id), Esc(text))
        } else {
            Esc(text).to_string()
        }
    }

    fn person_link(&self, id: &str) -> String {
        if self.people.contains(id) {
            format!("<a href=\"#person-{0}\">{0}</a>", Esc(id))
        } else {
            Esc(id).to_string()
        }
    }

    fn project_link(&self, id: &str) -> String {
        if self.projects.contains(id) {
            format!("<a href=\"#project-{0}\">{0}</a>", Esc(id))
        } else {
            Esc(id).to_string()
        }
    }

    /// The findings of a section, each a link to its row in the findings table (which has the
    /// place and the message).
    fn finding_list(&self, out: &mut String, findings: &[usize]) -> fmt::Result {
        if findings.is_empty() {
            return Ok(());
        }
        let (mut errors, mut warnings) = (0, 0);
        let links: Vec<String> = findings
            .iter()
            .filter_map(|&i| {
                let f = self.d.findings.get(i)?;
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                }
                Some(format!("<a href=\"#f-{}\">{}</a>", i + 1, f.rule.code()))
            })
            .collect();
        writeln!(
            out,
            "<p>Findings ({errors} error{}, {warnings} warning{}): {}</p>",
            plural(errors),
            plural(warnings),
            links.join(", ")
        )
    }
}

/// Which column of a roster names the other side: the person (in a project's section) or the
/// project (in a person's).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Person,
    Project,
}

impl Page<'_> {
    /// The assignments running today as a table, with what else there is in words.
    fn roster(&self, out: &mut String, r: &Roster, side: Side, caption: &str) -> fmt::Result {
        let today = self.d.today;
        let mut others = Vec::new();
        if r.finished > 0 {
            others.push(format!("{} finished", r.finished));
        }
        if r.to_come > 0 {
            let next = r
                .next_start
                .map(|d| format!(", the next from {d}"))
                .unwrap_or_default();
            others.push(format!("{} to come{next}", r.to_come));
        }
        if r.undated > 0 {
            others.push(format!("{} without dates", r.undated));
        }
        let others = if others.is_empty() {
            String::new()
        } else {
            format!("; {}", others.join(", "))
        };
        if r.today.is_empty() {
            return writeln!(
                out,
                "<p>{caption}: none running on {today} ({} assignment{} in all{others}).</p>",
                r.total(),
                plural(r.total())
            );
        }
        let name = match side {
            Side::Person => "person",
            Side::Project => "project",
        };
        writeln!(
            out,
            "<table class=\"staff\"><caption>{caption} on {today}: {} of {} assignment{}{others}\
             </caption>\n<thead><tr><th>{name}<th>role<th>allocation<th>from<th>to</thead>\n<tbody>",
            r.today.len(),
            r.total(),
            plural(r.total())
        )?;
        for a in &r.today {
            let who = match side {
                Side::Person => self.person_link(&a.person),
                Side::Project => self.project_link(&a.project),
            };
            writeln!(
                out,
                "<tr><td>{who}<td>{}<td>{}%{}<td>{}<td>{}",
                Esc(a.role.as_deref().unwrap_or("")),
                a.allocation,
                if a.proposed { " proposed" } else { "" },
                date(a.from),
                date(a.to),
            )?;
        }
        out.write_str("</tbody></table>\n")
    }
}

/// How many over-capacity cells the text under the Load heading names.
const OVER_LISTED: usize = 20;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "?".to_owned(), |d| d.to_string())
}

/// "2026-02-01 to 2027-12-31", with `?` for a missing end.
fn window(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    format!("{} to {}", date(from), date(to))
}

/// A relative path as a URL path: every byte but unreserved characters and `/` percent-encoded.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_url_paths() {
        assert_eq!(
            percent_encode_path("projects/a b#?é.toml"),
            "projects/a%20b%23%3F%C3%A9.toml"
        );
    }
}
