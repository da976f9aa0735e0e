//! The dates a sponsor wants in their calendar, as an iCalendar file (RFC 5545): each
//! deliverable's due date, each project's charter window and each person's time off, as
//! all-day events.
//!
//! Every event's UID is made from the program's id and the ids of what it shows, never from a
//! clock or a counter, so exporting again gives the same UIDs and a calendar that subscribes to
//! the file, or imports it again, updates its events instead of adding copies. Cancelled
//! projects are left out: their dates no longer hold.

use chrono::{Datelike, NaiveDate};

use crate::model::{Person, Program, Project, ProjectStatus};

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    /// The first and last day, inclusive.
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub summary: String,
    pub description: String,
    pub category: &'static str,
}

/// The events of `projects` and of the people they involve (every person for the whole
/// program), in a fixed order: projects as given, then people as the pool lists them.
pub fn events(program: &Program, projects: &[&Project], whole_program: bool) -> Vec<Event> {
    let scope = if program.id.value.is_empty() {
        "program"
    } else {
        program.id.value.as_str()
    };
    let mut out = Vec::new();
    let mut involved: Vec<&str> = Vec::new();
    for p in projects {
        if p.status.value == ProjectStatus::Cancelled {
            continue;
        }
        let pid = p.id.value.as_str();
        if let (Some(s), Some(e)) = (&p.charter.start, &p.charter.end)
            && s.value <= e.value
        {
            out.push(Event {
                uid: format!("{scope}/{pid}/charter@pm"),
                first: s.value,
                last: e.value,
                summary: format!("{}: charter window", p.name),
                description: format!(
                    "The charter window of project {pid}, {} to {}.",
                    s.value, e.value
                ),
                category: "charter",
            });
        }
        for d in &p.deliverables {
            let Some(due) = &d.due else { continue };
            let title = d.title.as_deref().unwrap_or(&d.id.value);
            out.push(Event {
                uid: format!("{scope}/{pid}/deliverable/{}@pm", d.id.value),
                first: due.value,
                last: due.value,
                summary: format!("{}: {title} due", p.name),
                description: format!("Deliverable {} of project {pid} is due.", d.id.value),
                category: "deliverable",
            });
        }
        for a in &p.assignments {
            involved.push(&a.person.value);
        }
        for w in &p.work {
            if let Some(a) = &w.assignee {
                involved.push(&a.value);
            }
        }
    }
    let people = program
        .people
        .iter()
        .filter(|person| whole_program || involved.contains(&person.id.value.as_str()));
    for person in people {
        out.extend(time_off(scope, person));
    }
    out
}

fn time_off<'a>(scope: &'a str, person: &'a Person) -> impl Iterator<Item = Event> + 'a {
    let id = &person.id.value;
    person
        .time_off
        .iter()
        .filter(|t| t.from <= t.to)
        .map(move |t| Event {
            uid: format!("{scope}/person/{id}/time-off/{}@pm", t.from),
            first: t.from,
            last: t.to,
            summary: match &t.reason {
                Some(r) => format!("{}: time off ({r})", person.display_name()),
                None => format!("{}: time off", person.display_name()),
            },
            description: format!("{id} is away from {} to {}.", t.from, t.to),
            category: "time-off",
        })
}

/// The calendar file. `stamp` is the day it is made (pm's today), the DTSTAMP RFC 5545
/// requires, written as midnight UTC so that the same day gives the same bytes.
pub fn write(name: &str, events: &[Event], stamp: NaiveDate) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//pm//pm {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    let stamp = format!("{}T000000Z", stamp.format("%Y%m%d"));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", e.first.format("%Y%m%d")));
        // The end of an all-day event is the day after its last, which year 9999 does not have.
        if let Some(end) = e.last.succ_opt().filter(|d| d.year() <= 9999) {
            line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        }
        line(format!("SUMMARY:{}", escape(&e.summary)));
        line(format!("DESCRIPTION:{}", escape(&e.description)));
        line(format!("CATEGORIES:{}", escape(e.category)));
        // Dates to know about, not time that is taken.
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// RFC 5545 text: backslash, semicolon and comma escaped, a line break as `\n`, and control
/// characters (which the grammar does not allow) left out.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded as RFC 5545 asks: no line longer than 75 octets before its CRLF, each
/// continuation starting with a space, and never in the middle of a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut room = 75;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space counts.
            room = 74;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "é".repeat(60));
        fold(&text, &mut out);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded: String = out.replace("\r\n ", "").trim_end().to_owned();
        assert_eq!(unfolded, text);
        let mut short = String::new();
        fold("VERSION:2.0", &mut short);
        assert_eq!(short, "VERSION:2.0\r\n");
    }
}
