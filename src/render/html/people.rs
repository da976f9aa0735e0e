//! The dashboard's section per person: capacity, availability, load today, and their
//! assignments across projects (their load over time is their row of the heat map).

use std::fmt::{self, Write};

use super::{Page, Side, window};
use crate::render::markup::Esc;
use crate::report::dashboard::PersonSection;

impl Page<'_> {
    pub(super) fn people(&self, out: &mut String) -> fmt::Result {
        let d = self.d;
        writeln!(
            out,
            "<section id=\"people\" aria-labelledby=\"people-h\">\n<h2 id=\"people-h\">People</h2>"
        )?;
        if d.people.is_empty() {
            return out.write_str("<p>The pool has no people.</p>\n</section>\n");
        }
        for p in &d.people {
            self.person(out, p)?;
        }
        out.write_str("</section>\n")
    }

    fn person(&self, out: &mut String, p: &PersonSection) -> fmt::Result {
        let r = &p.row;
        writeln!(
            out,
            "<article id=\"person-{0}\">\n<h3>{1} <code>{0}</code></h3>",
            Esc(&r.id),
            Esc(r.name.as_deref().unwrap_or(&r.id))
        )?;
        let mut facts = vec![format!("capacity {}%", r.capacity)];
        facts.push(if r.load_today > r.capacity {
            format!(
                "<span class=\"over\">load today {}%, over capacity</span>",
                r.load_today
            )
        } else {
            format!("load today {}%", r.load_today)
        });
        facts.push(match r.free_from {
            Some(d) => format!("free from {d}"),
            None => "no free capacity before they leave".to_owned(),
        });
        if !r.skills.is_empty() {
            facts.push(format!("skills {}", Esc(&r.skills.join(", "))));
        }
        if p.start.is_some() || p.end.is_some() {
            facts.push(format!("in the pool {}", window(p.start, p.end)));
        }
        if !p.time_off.is_empty() {
            let off: Vec<String> = p
                .time_off
                .iter()
                .map(|(from, to, reason)| match reason {
                    Some(why) => format!("{} ({})", window(Some(*from), Some(*to)), Esc(why)),
                    None => window(Some(*from), Some(*to)),
                })
                .collect();
            facts.push(format!("time off {}", off.join("; ")));
        }
        writeln!(out, "<p>{}</p>", facts.join(" · "))?;
        self.roster(out, &p.assignments, Side::Project, "Assignments")?;
        self.finding_list(out, &p.findings)?;
        out.write_str("</article>\n")
    }
}
