//! `pm history P`: a project's charter life from Git, as a document — each commit that changed
//! the approval, a change request, the scope (deliverables and exclusions) or the charter's
//! window or effort cap, with what it changed. The versions of the file come from
//! [`crate::git::Repo::file_history`]; here they are compared, oldest first.

use chrono::NaiveDate;
use serde::Serialize;

use crate::git::{Commit, FileHistory};
use crate::model::{ChangeRequest, ChangeStatus, FileId, Project};
use crate::store::decode_project;

#[derive(Debug, Serialize)]
pub struct History {
    pub schema_version: u32,
    pub kind: &'static str,
    pub project: String,
    /// The file as it is now, relative to the program root.
    pub file: String,
    /// The commit that gave `charter.approved` its current value: what PM108 compares with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Commit>,
    /// The clone is shallow and its history ends before the file was added.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shallow: bool,
    /// Oldest first; the work tree's uncommitted changes last.
    pub entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    /// `None` for changes in the work tree that are not committed yet.
    pub commit: Option<Commit>,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// The file's first commit (or the first the clone holds).
    Created {
        path: String,
        deliverables: Vec<String>,
        exclusions: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        start: Option<NaiveDate>,
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<NaiveDate>,
        #[serde(skip_serializing_if = "Option::is_none")]
        effort_hours: Option<f64>,
    },
    Renamed {
        from: String,
        to: String,
    },
    Approved {
        on: NaiveDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    ApprovalRemoved {
        was: NaiveDate,
    },
    ChangeRequested {
        id: String,
        title: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    ChangeApproved {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        on: Option<NaiveDate>,
    },
    ChangeRejected {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        on: Option<NaiveDate>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    ChangeRemoved {
        id: String,
    },
    DeliverableAdded {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    DeliverableRemoved {
        id: String,
    },
    ExclusionAdded {
        id: String,
    },
    ExclusionRemoved {
        id: String,
    },
    /// The charter's `start` or `end` moved (or was set or removed).
    Window {
        key: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<NaiveDate>,
    },
    EffortCap {
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<f64>,
    },
}

/// The history of project `id`, whose file is `rel` in the work tree with `current` as its
/// text. `prefix` is the program folder in the repository, which history paths start with.
pub fn build(id: &str, rel: &str, current: &str, prefix: &str, git: &FileHistory) -> History {
    let decode = |text: &str, path: &str| {
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".toml"))
            .unwrap_or_default();
        decode_project(FileId(0), text, stem).0
    };
    let shown = |path: &str| path.strip_prefix(prefix).unwrap_or(path).to_owned();
    let mut entries = Vec::new();
    let mut before: Option<(Project, String)> = None;
    let mut baseline = None;
    let mut approved_now = None;
    for v in git.versions.iter().rev() {
        let Some(after) = decode(&v.text, &v.path) else {
            continue;
        };
        let path = shown(&v.path);
        let events = match &before {
            None => created(&after, &path),
            Some((old, old_path)) => {
                let mut events = Vec::new();
                if *old_path != path {
                    events.push(Event::Renamed {
                        from: old_path.clone(),
                        to: path.clone(),
                    });
                }
                events.extend(compare(old, &after));
                events
            }
        };
        let approval = after.charter.approved.as_ref().map(|d| d.value);
        if approval != approved_now {
            baseline = approval.map(|_| v.commit.clone());
            approved_now = approval;
        }
        if !events.is_empty() {
            entries.push(Entry {
                commit: Some(v.commit.clone()),
                events,
            });
        }
        before = Some((after, path));
    }
    if let Some(now) = decode(current, rel) {
        let committed = git.versions.first().is_some_and(|v| v.text == current);
        if !committed {
            let events = match &before {
                None => created(&now, rel),
                Some((old, old_path)) => {
                    let mut events = Vec::new();
                    if old_path != rel {
                        events.push(Event::Renamed {
                            from: old_path.clone(),
                            to: rel.to_owned(),
                        });
                    }
                    events.extend(compare(old, &now));
                    events
                }
            };
            if now.charter.approved.as_ref().map(|d| d.value) != approved_now {
                baseline = None;
            }
            if !events.is_empty() {
                entries.push(Entry {
                    commit: None,
                    events,
                });
            }
        }
    }
    History {
        schema_version: 1,
        kind: "history",
        project: id.to_owned(),
        file: rel.to_owned(),
        baseline,
        shallow: git.shallow,
        entries,
    }
}

/// What the first version of the file holds.
fn created(p: &Project, path: &str) -> Vec<Event> {
    let c = &p.charter;
    let mut events = vec![Event::Created {
        path: path.to_owned(),
        deliverables: p.deliverables.iter().map(|d| d.id.value.clone()).collect(),
        exclusions: p.exclusions.iter().map(|e| e.id.value.clone()).collect(),
        start: c.start.as_ref().map(|d| d.value),
        end: c.end.as_ref().map(|d| d.value),
        effort_hours: c.effort_hours.as_ref().map(|e| e.value),
    }];
    if let Some(on) = &c.approved {
        events.push(Event::Approved {
            on: on.value,
            by: c.approved_by.as_ref().map(|b| b.value.clone()),
        });
    }
    for change in &p.changes {
        events.extend(change_events(None, change));
    }
    events
}

/// What changed in the charter between two versions of a project.
fn compare(old: &Project, new: &Project) -> Vec<Event> {
    let mut events = Vec::new();
    let (oc, nc) = (&old.charter, &new.charter);
    let date = |d: Option<&crate::model::Sp<NaiveDate>>| d.map(|d| d.value);
    match (date(oc.approved.as_ref()), date(nc.approved.as_ref())) {
        (a, Some(b)) if a != Some(b) => events.push(Event::Approved {
            on: b,
            by: nc.approved_by.as_ref().map(|b| b.value.clone()),
        }),
        (Some(a), None) => events.push(Event::ApprovalRemoved { was: a }),
        _ => {}
    }
    for (key, a, b) in [
        ("start", date(oc.start.as_ref()), date(nc.start.as_ref())),
        ("end", date(oc.end.as_ref()), date(nc.end.as_ref())),
    ] {
        if a != b {
            events.push(Event::Window {
                key,
                from: a,
                to: b,
            });
        }
    }
    let cap = |c: &crate::model::Charter| c.effort_hours.as_ref().map(|e| e.value);
    if cap(oc) != cap(nc) {
        events.push(Event::EffortCap {
            from: cap(oc),
            to: cap(nc),
        });
    }
    for d in &new.deliverables {
        if old.deliverable(d.id.as_str()).is_none() {
            events.push(Event::DeliverableAdded {
                id: d.id.value.clone(),
                title: d.title.clone(),
            });
        }
    }
    for d in &old.deliverables {
        if new.deliverable(d.id.as_str()).is_none() {
            events.push(Event::DeliverableRemoved {
                id: d.id.value.clone(),
            });
        }
    }
    for e in &new.exclusions {
        if old.exclusion(e.id.as_str()).is_none() {
            events.push(Event::ExclusionAdded {
                id: e.id.value.clone(),
            });
        }
    }
    for e in &old.exclusions {
        if new.exclusion(e.id.as_str()).is_none() {
            events.push(Event::ExclusionRemoved {
                id: e.id.value.clone(),
            });
        }
    }
    for c in &new.changes {
        let was = old.changes.iter().find(|o| o.id.value == c.id.value);
        events.extend(change_events(was, c));
    }
    for c in &old.changes {
        if !new.changes.iter().any(|n| n.id.value == c.id.value) {
            events.push(Event::ChangeRemoved {
                id: c.id.value.clone(),
            });
        }
    }
    events
}

/// A change request appearing (`was` is `None`) or being decided.
fn change_events(was: Option<&ChangeRequest>, c: &ChangeRequest) -> Vec<Event> {
    let mut events = Vec::new();
    let id = c.id.value.clone();
    if was.is_none() {
        events.push(Event::ChangeRequested {
            id: id.clone(),
            title: c.title.clone(),
            by: c.requested_by.as_ref().map(|b| b.value.clone()),
            reason: match c.status.value {
                // A rejected change's reason carries the rejection; its event says that.
                ChangeStatus::Rejected => None,
                _ => c.reason.clone(),
            },
        });
    }
    let status = c.status.value;
    if was.map(|w| w.status.value) == Some(status) {
        return events;
    }
    let by = c.decided_by.as_ref().map(|b| b.value.clone());
    let on = c.decided.as_ref().map(|d| d.value);
    match status {
        ChangeStatus::Approved => events.push(Event::ChangeApproved { id, by, on }),
        ChangeStatus::Rejected => events.push(Event::ChangeRejected {
            id,
            by,
            on,
            reason: c.reason.clone(),
        }),
        ChangeStatus::Proposed => {}
    }
    events
}
