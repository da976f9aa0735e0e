//! A [`Document`] as MSPDI XML. The schema is a strict sequence: every element below is written
//! in the order `mspdi_pj12.xsd` lists it, and only when it has a value.

use std::io;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};

use super::{
    Assignment, Calendar, Document, NAMESPACE, PM_ID_ALIAS, RESOURCE_TEXT1, Resource, TASK_TEXT1,
    Task, WorkDay,
};

type Xml = Writer<Vec<u8>>;

/// The XML text of `doc`.
pub fn write(doc: &Document) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into memory cannot fail.
    let _ = document(&mut w, doc);
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn document(w: &mut Xml, doc: &Document) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))?;
    let root = BytesStart::new("Project").with_attributes([("xmlns", NAMESPACE)]);
    w.write_event(Event::Start(root.borrow()))?;
    // Project 2007.
    text(w, "SaveVersion", "12")?;
    opt(w, "Name", doc.name.as_deref().map(|n| limit(n, 255)))?;
    opt(w, "Title", doc.title.as_deref().map(|n| limit(n, 512)))?;
    opt(w, "Manager", doc.manager.as_deref().map(|n| limit(n, 512)))?;
    text(w, "ScheduleFromStart", "1")?;
    opt(w, "StartDate", doc.start.map(date_time))?;
    opt(w, "FinishDate", doc.finish.map(date_time))?;
    // Required by the schema. pm writes no costs, so it names the currency Project itself
    // defaults to rather than one pm cannot know.
    text(w, "CurrencyCode", "USD")?;
    text(w, "CalendarUID", "1")?;
    text(w, "DefaultStartTime", &time(doc.day.start()))?;
    text(w, "DefaultFinishTime", &time(doc.day.finish()))?;
    text(w, "MinutesPerDay", &doc.day.minutes.to_string())?;
    text(w, "MinutesPerWeek", &(doc.day.minutes * 5).to_string())?;
    text(w, "DaysPerMonth", "20")?;
    // Monday.
    text(w, "WeekStartDay", "1")?;
    extended_attributes(w)?;
    section(w, "Calendars", |w| {
        standard_calendar(w, doc.day)?;
        for c in &doc.calendars {
            calendar(w, c)?;
        }
        Ok(())
    })?;
    section(w, "Tasks", |w| {
        let numbers = outline_numbers(&doc.tasks);
        for (t, number) in doc.tasks.iter().zip(&numbers) {
            task(w, t, number)?;
        }
        Ok(())
    })?;
    section(w, "Resources", |w| {
        for (i, r) in doc.resources.iter().enumerate() {
            resource(w, r, i + 1)?;
        }
        Ok(())
    })?;
    section(w, "Assignments", |w| {
        for a in &doc.assignments {
            assignment(w, a)?;
        }
        Ok(())
    })?;
    w.write_event(Event::End(root.to_end()))?;
    Ok(())
}

/// The `pm id` text field of tasks and resources, named so a Project user sees what it is.
fn extended_attributes(w: &mut Xml) -> io::Result<()> {
    section(w, "ExtendedAttributes", |w| {
        for field in [TASK_TEXT1, RESOURCE_TEXT1] {
            section(w, "ExtendedAttribute", |w| {
                text(w, "FieldID", field)?;
                text(w, "FieldName", "Text1")?;
                text(w, "Alias", PM_ID_ALIAS)
            })?;
        }
        Ok(())
    })
}

/// Calendar 1, the project's: Monday to Friday, the program's hours a day.
fn standard_calendar(w: &mut Xml, day: WorkDay) -> io::Result<()> {
    section(w, "Calendar", |w| {
        text(w, "UID", "1")?;
        text(w, "Name", "Standard")?;
        text(w, "IsBaseCalendar", "1")?;
        section(w, "WeekDays", |w| {
            // DayType 1 is Sunday, 7 Saturday.
            for day_type in 1..=7 {
                section(w, "WeekDay", |w| {
                    text(w, "DayType", &day_type.to_string())?;
                    let working = (2..=6).contains(&day_type);
                    text(w, "DayWorking", if working { "1" } else { "0" })?;
                    if working {
                        section(w, "WorkingTimes", |w| {
                            for (from, to) in day.periods() {
                                section(w, "WorkingTime", |w| {
                                    text(w, "FromTime", &time(from))?;
                                    text(w, "ToTime", &time(to))
                                })?;
                            }
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
    })
}

fn calendar(w: &mut Xml, c: &Calendar) -> io::Result<()> {
    section(w, "Calendar", |w| {
        text(w, "UID", &c.uid.to_string())?;
        text(w, "Name", limit(&c.name, 512))?;
        text(
            w,
            "IsBaseCalendar",
            if c.base.is_none() { "1" } else { "0" },
        )?;
        opt(w, "BaseCalendarUID", c.base.map(|b| b.to_string()))?;
        if c.exceptions.is_empty() {
            return Ok(());
        }
        section(w, "Exceptions", |w| {
            for e in &c.exceptions {
                section(w, "Exception", |w| {
                    text(w, "EnteredByOccurrences", "0")?;
                    section(w, "TimePeriod", |w| {
                        text(w, "FromDate", &date_time(at(e.from, 0)))?;
                        text(w, "ToDate", &date_time(at(e.to, 23 * 60 + 59)))
                    })?;
                    text(w, "Occurrences", "1")?;
                    opt(w, "Name", e.name.as_deref().map(|n| limit(n, 512)))?;
                    // Daily, not working.
                    text(w, "Type", "1")?;
                    text(w, "DayWorking", "0")
                })?;
            }
            Ok(())
        })
    })
}

fn task(w: &mut Xml, t: &Task, outline_number: &str) -> io::Result<()> {
    section(w, "Task", |w| {
        text(w, "UID", &t.uid.to_string())?;
        text(w, "ID", &t.uid.to_string())?;
        text(w, "Name", limit(&t.name, 512))?;
        opt(w, "Contact", t.contact.as_deref().map(|c| limit(c, 512)))?;
        if t.outline_level > 0 {
            text(w, "OutlineNumber", outline_number)?;
        }
        text(w, "OutlineLevel", &t.outline_level.to_string())?;
        opt(w, "Start", t.start.map(date_time))?;
        opt(w, "Finish", t.finish.map(date_time))?;
        if let Some(minutes) = t.duration_minutes {
            text(w, "Duration", &duration(minutes as f64 / 60.0))?;
            // Shown in days.
            text(w, "DurationFormat", "7")?;
        }
        opt(w, "Work", t.work_hours.map(duration))?;
        text(w, "Milestone", flag(t.milestone))?;
        text(w, "Summary", flag(t.summary))?;
        opt(
            w,
            "PercentComplete",
            t.percent_complete.map(|p| p.to_string()),
        )?;
        opt(w, "ActualStart", t.actual_start.map(date_time))?;
        opt(w, "ActualFinish", t.actual_finish.map(date_time))?;
        match (t.keep_start, t.start) {
            (true, Some(start)) => {
                // Start no earlier than.
                text(w, "ConstraintType", "4")?;
                text(w, "ConstraintDate", &date_time(start))?;
            }
            _ => text(w, "ConstraintType", "0")?,
        }
        opt(w, "Notes", t.notes.as_deref())?;
        if let Some(id) = &t.pm_id {
            pm_id(w, TASK_TEXT1, id)?;
        }
        Ok(())
    })
}

fn resource(w: &mut Xml, r: &Resource, id: usize) -> io::Result<()> {
    section(w, "Resource", |w| {
        text(w, "UID", &r.uid.to_string())?;
        text(w, "ID", &id.to_string())?;
        text(w, "Name", limit(&r.name, 512))?;
        // A work resource (a person), not a material.
        text(w, "Type", "1")?;
        opt(w, "Group", r.group.as_deref().map(|g| limit(g, 512)))?;
        opt(w, "MaxUnits", r.max_units.map(number))?;
        opt(w, "CalendarUID", r.calendar.map(|c| c.to_string()))?;
        if let Some(id) = &r.pm_id {
            pm_id(w, RESOURCE_TEXT1, id)?;
        }
        if r.available_from.is_some() || r.available_to.is_some() {
            section(w, "AvailabilityPeriods", |w| {
                section(w, "AvailabilityPeriod", |w| {
                    opt(
                        w,
                        "AvailableFrom",
                        r.available_from.map(|d| date_time(at(d, 0))),
                    )?;
                    opt(
                        w,
                        "AvailableTo",
                        r.available_to.map(|d| date_time(at(d, 23 * 60 + 59))),
                    )?;
                    opt(w, "AvailableUnits", r.max_units.map(number))
                })
            })?;
        }
        Ok(())
    })
}

fn assignment(w: &mut Xml, a: &Assignment) -> io::Result<()> {
    section(w, "Assignment", |w| {
        text(w, "UID", &a.uid.to_string())?;
        text(w, "TaskUID", &a.task.to_string())?;
        text(w, "ResourceUID", &a.resource.to_string())?;
        opt(w, "Finish", a.finish.map(date_time))?;
        opt(w, "Notes", a.notes.as_deref())?;
        opt(w, "Start", a.start.map(date_time))?;
        opt(w, "Units", a.units.map(number))?;
        opt(w, "Work", a.work_hours.map(duration))?;
        text(w, "BookingType", if a.proposed { "1" } else { "0" })
    })
}

fn pm_id(w: &mut Xml, field: &str, id: &str) -> io::Result<()> {
    section(w, "ExtendedAttribute", |w| {
        text(w, "FieldID", field)?;
        text(w, "Value", id)
    })
}

/// "1", "1.2", "1.2.3": each task's place in the outline, which Project shows and some readers
/// build the outline from.
fn outline_numbers(tasks: &[Task]) -> Vec<String> {
    let mut counters: Vec<u32> = Vec::new();
    tasks
        .iter()
        .map(|t| {
            let level = t.outline_level as usize;
            if level == 0 {
                return String::new();
            }
            counters.resize(level, 0);
            counters[level - 1] += 1;
            counters
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

fn section(
    w: &mut Xml,
    name: &str,
    inner: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element(name).write_inner_content(inner)?;
    Ok(())
}

fn text(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    let value = xml_chars(value);
    w.create_element(name)
        .write_text_content(BytesText::new(&value))?;
    Ok(())
}

fn opt<S: AsRef<str>>(w: &mut Xml, name: &str, value: Option<S>) -> io::Result<()> {
    match value {
        Some(v) => text(w, name, v.as_ref()),
        None => Ok(()),
    }
}

/// Text XML 1.0 can hold: characters it forbids (most control characters) become U+FFFD, and
/// line ends become line feeds, which is what every reader turns them into anyway.
fn xml_chars(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => c,
            c if c >= '\u{10000}' => c,
            _ => '\u{FFFD}',
        })
        .collect()
}

/// At most `max` characters, as the schema limits names.
fn limit(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// A number without needless digits: `1`, `0.6`, `0.125`.
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// `PT12H30M0S`, as Project writes durations and work.
fn duration(hours: f64) -> String {
    let seconds = (hours.max(0.0) * 3600.0).round() as u64;
    format!(
        "PT{}H{}M{}S",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

pub(super) fn at(d: NaiveDate, minutes: u32) -> NaiveDateTime {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes.min(1439) * 60, 0)
        .unwrap_or(NaiveTime::MIN);
    d.and_time(time)
}

fn date_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn time(minutes: u32) -> String {
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_numbers_read_as_project_writes_them() {
        assert_eq!(duration(800.0), "PT800H0M0S");
        assert_eq!(duration(7.5), "PT7H30M0S");
        assert_eq!(duration(1.0 / 3.0), "PT0H20M0S");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.6), "0.6");
        assert_eq!(number(0.125), "0.125");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn outline_numbers_count_per_level() {
        let levels = [0, 1, 2, 3, 3, 2, 1, 2];
        let tasks: Vec<Task> = levels
            .iter()
            .map(|&l| Task {
                outline_level: l,
                ..Task::default()
            })
            .collect();
        assert_eq!(
            outline_numbers(&tasks),
            ["", "1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
        );
    }

    #[test]
    fn text_is_escaped_and_cleaned() {
        let doc = Document {
            name: Some("R&D <alpha> \u{7}bell".into()),
            ..Document::default()
        };
        let xml = write(&doc);
        assert!(
            xml.contains("<Name>R&amp;D &lt;alpha&gt; \u{FFFD}bell</Name>"),
            "{xml}"
        );
        assert_eq!(limit("ééé", 2), "éé");
    }
}
