//! MSPDI XML into a [`Document`]: the header, tasks, resources and assignments that an import
//! maps (calendars are not read). Element names are matched without their namespace, since
//! writers differ in the namespace they declare; unknown elements are skipped, as the schema
//! has hundreds that pm has no use for.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::Reader;
use quick_xml::events::Event;

use super::{
    Assignment, Document, PM_ID_ALIAS, RESOURCE_TEXT1, Resource, TASK_TEXT1, Task, WorkDay,
};

/// Why a file could not be read, and where: a byte offset into the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    pub at: usize,
    pub message: String,
}

fn err(at: usize, message: impl Into<String>) -> ReadError {
    ReadError {
        at,
        message: message.into(),
    }
}

/// One element: its local name, its text, its children, and where its start tag is.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
    at: usize,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The trimmed text of a child, when it has some.
    fn value(&self, name: &str) -> Option<(&str, usize)> {
        let c = self.child(name)?;
        let t = c.text.trim();
        (!t.is_empty()).then_some((t, c.at))
    }
    fn string(&self, name: &str) -> Option<String> {
        self.value(name).map(|(v, _)| v.to_owned())
    }
}

/// The document in `xml`.
pub fn read(xml: &str) -> Result<Document, ReadError> {
    let root = tree(xml)?;
    if root.name != "Project" {
        return Err(err(
            root.at,
            format!(
                "this is not Microsoft Project XML: its root element is <{}>, not <Project>",
                root.name
            ),
        ));
    }
    project(&root)
}

/// The element tree of the text, built without recursion so that deep nesting cannot exhaust
/// the stack.
fn tree(xml: &str) -> Result<Element, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            err(
                reader.error_position() as usize,
                format!("the XML is not well-formed: {e}"),
            )
        })?;
        let open = |name: &[u8]| Element {
            name: local(name),
            at,
            ..Element::default()
        };
        match event {
            Event::Start(e) => stack.push(open(e.name().as_ref().as_bytes())),
            Event::Empty(e) => {
                let element = open(e.name().as_ref().as_bytes());
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None if root.is_none() => root = Some(element),
                    None => return Err(err(at, "the XML has more than one root element")),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(err(at, "the XML closes an element it never opened"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None if root.is_none() => root = Some(done),
                    None => return Err(err(at, "the XML has more than one root element")),
                }
            }
            Event::Text(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(err(
                                at,
                                format!("the XML uses the entity &{};, which is not defined", &*r),
                            ));
                        }
                    },
                    Err(e) => return Err(err(at, format!("the XML is not well-formed: {e}"))),
                };
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(
            open.at,
            format!("the XML ends before <{}> is closed", open.name),
        ));
    }
    root.ok_or_else(|| err(0, "the file holds no XML element"))
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name.into_owned(),
    }
}

fn project(root: &Element) -> Result<Document, ReadError> {
    // Text1 carries pm ids only where the file says so, since other tools use it for anything.
    let mut pm_fields = BTreeSet::new();
    if let Some(defs) = root.child("ExtendedAttributes") {
        for def in defs.all("ExtendedAttribute") {
            if let (Some((field, _)), Some((alias, _))) = (def.value("FieldID"), def.value("Alias"))
                && alias == PM_ID_ALIAS
            {
                pm_fields.insert(field.to_owned());
            }
        }
    }
    let pm_id = |e: &Element, field: &str| -> Option<String> {
        if !pm_fields.contains(field) {
            return None;
        }
        e.all("ExtendedAttribute")
            .find(|a| a.value("FieldID").is_some_and(|(f, _)| f == field))
            .and_then(|a| a.string("Value"))
    };

    let mut doc = Document {
        name: root.string("Name"),
        title: root.string("Title"),
        manager: root.string("Manager"),
        start: date_time_of(root, "StartDate")?,
        finish: date_time_of(root, "FinishDate")?,
        ..Document::default()
    };
    if let Some(minutes) = integer_of(root, "MinutesPerDay")? {
        doc.day = WorkDay {
            minutes: u32::try_from(minutes).unwrap_or(480).clamp(1, 24 * 60 - 1),
        };
    }
    if let Some(tasks) = root.child("Tasks") {
        for t in tasks.all("Task") {
            if bool_of(t, "IsNull")? == Some(true) {
                continue;
            }
            doc.tasks.push(Task {
                uid: uid_of(t, "task")?,
                name: t.string("Name").unwrap_or_default(),
                outline_level: match integer_of(t, "OutlineLevel")? {
                    Some(l) => u32::try_from(l).map_err(|_| {
                        err(t.at, format!("the task's OutlineLevel {l} is not a level"))
                    })?,
                    None => 1,
                },
                start: date_time_of(t, "Start")?,
                finish: date_time_of(t, "Finish")?,
                duration_minutes: None,
                work_hours: hours_of(t, "Work")?,
                milestone: bool_of(t, "Milestone")?.unwrap_or(false),
                summary: bool_of(t, "Summary")?.unwrap_or(false),
                percent_complete: integer_of(t, "PercentComplete")?.map(|p| p.clamp(0, 100) as u32),
                actual_start: date_time_of(t, "ActualStart")?,
                actual_finish: date_time_of(t, "ActualFinish")?,
                keep_start: false,
                contact: t.string("Contact"),
                notes: t.string("Notes"),
                pm_id: pm_id(t, TASK_TEXT1),
                at: t.at,
            });
        }
    }
    if let Some(resources) = root.child("Resources") {
        for r in resources.all("Resource") {
            if bool_of(r, "IsNull")? == Some(true) {
                continue;
            }
            doc.resources.push(Resource {
                uid: uid_of(r, "resource")?,
                name: r.string("Name").unwrap_or_default(),
                group: r.string("Group"),
                max_units: float_of(r, "MaxUnits")?,
                calendar: integer_of(r, "CalendarUID")?,
                available_from: None,
                available_to: None,
                pm_id: pm_id(r, RESOURCE_TEXT1),
                at: r.at,
            });
        }
    }
    if let Some(assignments) = root.child("Assignments") {
        for a in assignments.all("Assignment") {
            let reference = |name: &str| -> Result<i64, ReadError> {
                integer_of(a, name)?.ok_or_else(|| {
                    err(
                        a.at,
                        format!("an assignment has no {name}; Project writes one"),
                    )
                })
            };
            doc.assignments.push(Assignment {
                uid: uid_of(a, "assignment")?,
                task: reference("TaskUID")?,
                resource: reference("ResourceUID")?,
                start: date_time_of(a, "Start")?,
                finish: date_time_of(a, "Finish")?,
                units: float_of(a, "Units")?,
                work_hours: hours_of(a, "Work")?,
                proposed: integer_of(a, "BookingType")? == Some(1),
                notes: a.string("Notes"),
                at: a.at,
            });
        }
    }
    Ok(doc)
}

fn uid_of(e: &Element, what: &str) -> Result<i64, ReadError> {
    integer_of(e, "UID")?
        .ok_or_else(|| err(e.at, format!("a {what} has no UID; Project writes one")))
}

fn integer_of(e: &Element, name: &str) -> Result<Option<i64>, ReadError> {
    let Some((v, at)) = e.value(name) else {
        return Ok(None);
    };
    v.parse::<i64>()
        .map(Some)
        .map_err(|_| err(at, format!("<{name}> '{v}' is not a whole number")))
}

fn float_of(e: &Element, name: &str) -> Result<Option<f64>, ReadError> {
    let Some((v, at)) = e.value(name) else {
        return Ok(None);
    };
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(err(at, format!("<{name}> '{v}' is not a number"))),
    }
}

fn bool_of(e: &Element, name: &str) -> Result<Option<bool>, ReadError> {
    let Some((v, at)) = e.value(name) else {
        return Ok(None);
    };
    match v {
        "1" | "true" => Ok(Some(true)),
        "0" | "false" => Ok(Some(false)),
        _ => Err(err(at, format!("<{name}> '{v}' is not 0 or 1"))),
    }
}

fn date_time_of(e: &Element, name: &str) -> Result<Option<NaiveDateTime>, ReadError> {
    let Some((v, at)) = e.value(name) else {
        return Ok(None);
    };
    parse_date_time(v).map(Some).ok_or_else(|| {
        err(
            at,
            format!("<{name}> '{v}' is not a date and time such as 2026-03-02T08:00:00"),
        )
    })
}

fn hours_of(e: &Element, name: &str) -> Result<Option<f64>, ReadError> {
    let Some((v, at)) = e.value(name) else {
        return Ok(None);
    };
    parse_duration(v).map(Some).ok_or_else(|| {
        err(
            at,
            format!("<{name}> '{v}' is not a duration in hours such as PT16H0M0S"),
        )
    })
}

/// `2026-03-02T08:00:00`, with or without seconds, fractions or a zone (the zone is dropped:
/// Project's times are local), or a bare date.
pub(crate) fn parse_date_time(v: &str) -> Option<NaiveDateTime> {
    let v = v.trim_end_matches('Z');
    let v = match v.get(10..).and_then(|time| time.find(['+', '-'])) {
        Some(zone) => &v[..10 + zone],
        None => v,
    };
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// An XML Schema duration in hours (`PT16H0M0S`, `P2DT4H`, `PT7.5H`). Years and months have
/// no fixed length in hours, so they are refused.
pub(crate) fn parse_duration(v: &str) -> Option<f64> {
    let rest = v.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut hours = 0.0;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        let mut last = 0usize;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let i = units.iter().position(|(u, _)| *u == c)?;
            // Units come in order, each at most once.
            if i < last || number.is_empty() {
                return None;
            }
            last = i + 1;
            let n: f64 = number.parse().ok()?;
            hours += n * units[i].1;
            number.clear();
            any = true;
        }
        number.is_empty().then_some(())
    };
    take(date, &[('W', 168.0), ('D', 24.0)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        take(t, &[('H', 1.0), ('M', 1.0 / 60.0), ('S', 1.0 / 3600.0)])?;
    }
    (any && hours.is_finite()).then_some(hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT16H0M0S"), Some(16.0));
        assert_eq!(parse_duration("PT7H30M0S"), Some(7.5));
        assert_eq!(parse_duration("PT7.5H"), Some(7.5));
        assert_eq!(parse_duration("P1DT2H"), Some(26.0));
        assert_eq!(parse_duration("PT0H0M0S"), Some(0.0));
        for bad in ["", "P", "PT", "16H", "P1Y", "PT1M1H", "PTxH", "PT1H1H"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_times() {
        let t = |s: &str| parse_date_time(s).map(|t| t.to_string());
        assert_eq!(
            t("2026-03-02T08:00:00").as_deref(),
            Some("2026-03-02 08:00:00")
        );
        assert_eq!(
            t("2026-03-02T08:00").as_deref(),
            Some("2026-03-02 08:00:00")
        );
        assert_eq!(
            t("2026-03-02T08:00:00.000+02:00").as_deref(),
            Some("2026-03-02 08:00:00")
        );
        assert_eq!(t("2026-03-02").as_deref(), Some("2026-03-02 00:00:00"));
        assert_eq!(t("2026-13-02T08:00:00"), None);
    }

    #[test]
    fn a_written_document_reads_back() {
        use super::super::write;
        let doc = Document {
            name: Some("Plan & co".into()),
            tasks: vec![Task {
                uid: 1,
                name: "Design <the> \"cabin\"".into(),
                outline_level: 1,
                start: parse_date_time("2026-03-02T08:00:00"),
                finish: parse_date_time("2026-03-06T17:00:00"),
                work_hours: Some(7.5),
                pm_id: Some("cabin".into()),
                contact: Some("alice".into()),
                ..Task::default()
            }],
            resources: vec![Resource {
                uid: 1,
                name: "Alice".into(),
                max_units: Some(0.6),
                pm_id: Some("alice".into()),
                ..Resource::default()
            }],
            assignments: vec![Assignment {
                uid: 1,
                task: 1,
                resource: 1,
                units: Some(0.5),
                proposed: true,
                ..Assignment::default()
            }],
            ..Document::default()
        };
        let back = read(&write(&doc)).expect("reads");
        assert_eq!(back.name, doc.name);
        let t = &back.tasks[0];
        assert_eq!(
            (
                t.name.as_str(),
                t.work_hours,
                t.pm_id.as_deref(),
                t.contact.as_deref()
            ),
            (
                "Design <the> \"cabin\"",
                Some(7.5),
                Some("cabin"),
                Some("alice")
            )
        );
        assert_eq!(t.start, doc.tasks[0].start);
        assert_eq!(back.resources[0].pm_id.as_deref(), Some("alice"));
        assert_eq!(back.resources[0].max_units, Some(0.6));
        assert_eq!(back.assignments[0].units, Some(0.5));
        assert!(back.assignments[0].proposed);
    }

    #[test]
    fn bad_xml_is_refused_where_it_is_wrong() {
        let e = read("<Project><Tasks></Project>").unwrap_err();
        assert!(e.message.contains("not well-formed"), "{e}");
        let e = read("<Plan/>").unwrap_err();
        assert!(e.message.contains("root element is <Plan>"), "{e}");
        let xml = "<Project>\n<Tasks><Task><UID>x</UID></Task></Tasks></Project>";
        let e = read(xml).unwrap_err();
        assert_eq!(&xml[e.at..e.at + 5], "<UID>");
        let e = read("<Project><Name>&nbsp;</Name></Project>").unwrap_err();
        assert!(e.message.contains("&nbsp;"), "{e}");
        assert!(read("").is_err());
    }

    #[test]
    fn ids_come_only_from_a_field_named_pm_id() {
        let xml = "<Project><Tasks><Task><UID>1</UID><Name>A</Name>\
                   <ExtendedAttribute><FieldID>188743731</FieldID><Value>x</Value></ExtendedAttribute>\
                   </Task></Tasks></Project>";
        assert_eq!(read(xml).unwrap().tasks[0].pm_id, None);
    }
}
