//! The dashboard's section per project: charter, scope, staffing and findings. A program may
//! have hundreds of projects, so each section is a few lines and one short table.

use std::fmt::{self, Write};

use super::{Page, Side, plural, window};
use crate::render::markup::Esc;
use crate::report::dashboard::ProjectSection;
use crate::report::hours;

impl Page<'_> {
    pub(super) fn projects(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        writeln!(
            out,
            "<section id=\"projects\" aria-labelledby=\"projects-h\">\n<h2 id=\"projects-h\">Projects</h2>"
        )?;
        if d.projects.is_empty() {
            return out.write_str("<p>No project yet.</p>\n</section>\n");
        }
        for p in &d.projects {
            self.project(out, p)?;
        }
        out.write_str("</section>\n")
    }

    fn project(&self, out: &mut String, p: &ProjectSection) -> fmt::Result {
        let r = &p.row;
        writeln!(
            out,
            "<article id=\"project-{0}\">\n<h3>{1} <code>{0}</code> · {2}</h3>",
            Esc(&r.id),
            Esc(&r.name),
            r.status
        )?;
        if let Some(o) = &p.objective {
            writeln!(out, "<p>{}</p>", Esc(o))?;
        }
        self.charter(out, p)?;
        self.scope(out, p)?;
        self.roster(out, &p.staffing, Side::Person, "Staffing")?;
        self.project_requests(out, p)?;
        self.finding_list(out, &p.findings)?;
        out.write_str("</article>\n")
    }

    /// The charter and the state of the project, on one line.
    fn charter(&self, out: &mut String, p: &ProjectSection) -> fmt::Result {
        let r = &p.row;
        let mut facts = vec![format!("charter {}", window(r.start, r.end))];
        if let Some(m) = &r.manager {
            facts.push(format!("manager {}", self.person_link(m)));
        }
        if !p.benefits.is_empty() {
            let b: Vec<String> = p.benefits.iter().map(|b| Esc(b).to_string()).collect();
            facts.push(format!("serves {}", b.join(", ")));
        }
        facts.push(match r.effort_cap_hours {
            Some(cap) if r.estimate_hours > cap => format!(
                "<span class=\"over\">{} h estimated, over the {} h cap</span>",
                hours(r.estimate_hours),
                hours(cap)
            ),
            Some(cap) => format!(
                "{} h estimated of a {} h cap",
                hours(r.estimate_hours),
                hours(cap)
            ),
            None => format!("{} h estimated", hours(r.estimate_hours)),
        });
        facts.push(format!(
            "{} of {} work items done",
            r.work_done, r.work_total
        ));
        facts.push(format!(
            "{} {} on it today ({:.1} FTE)",
            r.people_now,
            if r.people_now == 1 {
                "person"
            } else {
                "people"
            },
            r.fte_now
        ));
        if let Some(b) = p.budget {
            facts.push(format!("budget {}", hours(b)));
        }
        if let Some(a) = p.approved {
            let by = p
                .approved_by
                .as_deref()
                .map(|b| format!(" by {}", self.person_link(b)))
                .unwrap_or_default();
            facts.push(format!("approved {a}{by}"));
        }
        writeln!(out, "<p>{}</p>", facts.join(" · "))
    }

    /// Deliverables and exclusions, as lists: a project may have many, and each is an id, a
    /// title and a date. Work outside the charter is in the project's findings (PM101, PM102).
    fn scope(&self, out: &mut String, p: &ProjectSection) -> fmt::Result {
        let s = &p.scope;
        if s.deliverables.is_empty() {
            out.write_str("<p>No deliverable: nothing is in scope yet.</p>\n")?;
        } else {
            let items: Vec<String> = s
                .deliverables
                .iter()
                .map(|i| {
                    let title = i
                        .title
                        .as_deref()
                        .map(|t| format!(" ({})", Esc(t)))
                        .unwrap_or_default();
                    let due = i.due.map(|d| format!(", due {d}")).unwrap_or_default();
                    format!(
                        "{}{title}{due}, {} work item{}",
                        Esc(&i.id),
                        i.work,
                        plural(i.work)
                    )
                })
                .collect();
            writeln!(out, "<p>In scope: {}.</p>", items.join("; "))?;
        }
        if !s.exclusions.is_empty() {
            let items: Vec<String> = s
                .exclusions
                .iter()
                .map(|i| match &i.title {
                    Some(t) => format!("{} ({})", Esc(&i.id), Esc(t)),
                    None => Esc(&i.id).to_string(),
                })
                .collect();
            writeln!(out, "<p>Out of scope: {}.</p>", items.join("; "))?;
        }
        Ok(())
    }

    fn project_requests(&self, out: &mut String, p: &ProjectSection) -> fmt::Result {
        if p.requests.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<table><caption>Staffing requests</caption>\n<thead><tr><th scope=\"col\">request\
             <th scope=\"col\">status<th scope=\"col\">skills<th scope=\"col\" class=\"num\">allocation\
             <th scope=\"col\">dates<th scope=\"col\">reason</thead>\n<tbody>"
        )?;
        for r in &p.requests {
            let status = match &r.filled_by {
                Some(who) => format!("{} by {}", r.status, self.person_link(who)),
                None => r.status.to_owned(),
            };
            writeln!(
                out,
                "<tr><td><code>{}</code><td>{status}<td>{}<td class=\"num\">{}<td>{}<td>{}",
                Esc(&r.id),
                Esc(&r.skills.join(", ")),
                r.allocation.map(|a| format!("{a}%")).unwrap_or_default(),
                window(r.from, r.to),
                Esc(r.reason.as_deref().unwrap_or(""))
            )?;
        }
        out.write_str("</tbody></table>\n")
    }
}
