//! The typed model of `program.toml` and the project files, with the source location of every
//! item and of the keys that findings point at.

mod id;
mod id_hash;
pub mod keys;
pub mod schema;

pub use id::{is_slug, slug_error, slugify};
pub use id_hash::IdHash;

use chrono::NaiveDate;

use crate::diagnostic::Rule;

pub use crate::diagnostic::{FileId, Loc, Span};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Sp<T> {
        Sp { value, span }
    }
}

impl Sp<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

#[derive(Debug, Clone, Default)]
pub struct Program {
    pub file: FileId,
    /// The `[program]` header (or the start of the file when it is missing).
    pub span: Span,
    pub id: Sp<String>,
    pub name: String,
    pub manager: Option<Sp<String>>,
    pub sponsor: Option<String>,
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
    pub hours_per_week: f64,
    pub benefits: Vec<Benefit>,
    pub people: Vec<Person>,
    pub check: CheckSettings,
}

impl Program {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id.value == id)
    }
    pub fn benefit(&self, id: &str) -> Option<&Benefit> {
        self.benefits.iter().find(|b| b.id.value == id)
    }
}

#[derive(Debug, Clone)]
pub struct Benefit {
    pub span: Span,
    pub id: Sp<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    /// The file that declares the person: program.toml, or portfolio.toml for the shared pool
    /// of a portfolio.
    pub file: FileId,
    pub span: Span,
    pub id: Sp<String>,
    pub name: Option<String>,
    /// Percent of one full-time person; the span is the key's, or the item's when defaulted.
    pub capacity: Sp<i64>,
    pub skills: Vec<String>,
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
    pub time_off: Vec<TimeOff>,
}

impl Person {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id.value)
    }
    pub fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }
    /// Whether two `[[person]]` entries say the same (where they are written aside): then two
    /// programs of a portfolio that both declare the id mean one and the same person.
    pub fn same_entry(&self, other: &Person) -> bool {
        let off = |p: &Person| -> Vec<(NaiveDate, NaiveDate, Option<String>)> {
            p.time_off
                .iter()
                .map(|t| (t.from, t.to, t.reason.clone()))
                .collect()
        };
        self.id.value == other.id.value
            && self.name == other.name
            && self.capacity.value == other.capacity.value
            && self.skills == other.skills
            && self.start.as_ref().map(|d| d.value) == other.start.as_ref().map(|d| d.value)
            && self.end.as_ref().map(|d| d.value) == other.end.as_ref().map(|d| d.value)
            && off(self) == off(other)
    }
}

/// `portfolio.toml`: several programs kept together, and the people they share (SPEC §13).
#[derive(Debug, Clone, Default)]
pub struct Portfolio {
    pub file: FileId,
    /// The `[portfolio]` header (or the start of the file when it is missing).
    pub span: Span,
    pub id: Sp<String>,
    pub name: String,
    /// The program folders, relative to the portfolio's folder (`artemis`).
    pub programs: Vec<Sp<String>>,
    /// The shared pool: people every program of the portfolio may refer to.
    pub people: Vec<Person>,
}

#[derive(Debug, Clone)]
pub struct TimeOff {
    pub span: Span,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    pub deny_warnings: bool,
    pub rules: Vec<RuleSetting>,
}

/// One line of `[check.rules]`: a rule (already resolved from name or code) and its new level.
#[derive(Debug, Clone)]
pub struct RuleSetting {
    pub span: Span,
    pub rule: Rule,
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ProjectStatus {
    #[default]
    Proposed,
    Active,
    OnHold,
    Done,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [(&'static str, ProjectStatus); 5] = [
        ("proposed", ProjectStatus::Proposed),
        ("active", ProjectStatus::Active),
        ("on-hold", ProjectStatus::OnHold),
        ("done", ProjectStatus::Done),
        ("cancelled", ProjectStatus::Cancelled),
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Proposed => "proposed",
            ProjectStatus::Active => "active",
            ProjectStatus::OnHold => "on-hold",
            ProjectStatus::Done => "done",
            ProjectStatus::Cancelled => "cancelled",
        }
    }
    /// Done and cancelled projects are closed: their charter rules no longer apply.
    pub fn is_closed(self) -> bool {
        matches!(self, ProjectStatus::Done | ProjectStatus::Cancelled)
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    pub file: FileId,
    /// The `[project]` header (or the start of the file when it is missing).
    pub span: Span,
    pub id: Sp<String>,
    pub name: String,
    pub status: Sp<ProjectStatus>,
    /// As written (1–1000; higher is more important); see [`Project::priority`].
    pub priority: Option<Sp<i64>>,
    pub manager: Option<Sp<String>>,
    pub benefits: Vec<Sp<String>>,
    pub allow: Allow,
    pub charter: Charter,
    pub deliverables: Vec<Deliverable>,
    pub exclusions: Vec<Exclusion>,
    pub work: Vec<Work>,
    pub assignments: Vec<Assignment>,
    pub requests: Vec<Request>,
    /// Change requests against the approved charter (SPEC §10).
    pub changes: Vec<ChangeRequest>,
    pub dependencies: Vec<Dependency>,
}

/// The priority of a project that does not give one (SPEC §11).
pub const DEFAULT_PRIORITY: u32 = 500;

/// Whether `n` is a priority a project may have: 1–1000.
pub fn valid_priority(n: i64) -> Option<u32> {
    u32::try_from(n).ok().filter(|n| (1..=1000).contains(n))
}

impl Project {
    /// The priority the plans weigh the project by: as written when valid, else the default (an
    /// invalid one is a PM005 finding).
    pub fn priority(&self) -> u32 {
        self.priority
            .as_ref()
            .and_then(|p| valid_priority(p.value))
            .unwrap_or(DEFAULT_PRIORITY)
    }
    pub fn deliverable(&self, id: &str) -> Option<&Deliverable> {
        self.deliverables.iter().find(|d| d.id.value == id)
    }
    pub fn exclusion(&self, id: &str) -> Option<&Exclusion> {
        self.exclusions.iter().find(|d| d.id.value == id)
    }
    pub fn work_item(&self, id: &str) -> Option<&Work> {
        self.work.iter().find(|w| w.id.value == id)
    }
    pub fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Charter {
    pub span: Option<Span>,
    pub objective: Option<String>,
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
    pub effort_hours: Option<Sp<f64>>,
    pub budget: Option<f64>,
    pub approved: Option<Sp<NaiveDate>>,
    pub approved_by: Option<Sp<String>>,
}

/// Rules accepted for one item by a recorded decision (`allow = [...]`, `reason = "..."`).
#[derive(Debug, Clone, Default)]
pub struct Allow {
    pub rules: Vec<Rule>,
    pub reason: Option<String>,
}

impl Allow {
    pub fn allows(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }
}

#[derive(Debug, Clone)]
pub struct Deliverable {
    pub span: Span,
    pub id: Sp<String>,
    pub title: Option<String>,
    pub due: Option<Sp<NaiveDate>>,
    pub allow: Allow,
}

#[derive(Debug, Clone)]
pub struct Exclusion {
    pub span: Span,
    pub id: Sp<String>,
    pub title: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum WorkStatus {
    #[default]
    Todo,
    Doing,
    Done,
    Dropped,
}

impl WorkStatus {
    pub const ALL: [(&'static str, WorkStatus); 4] = [
        ("todo", WorkStatus::Todo),
        ("doing", WorkStatus::Doing),
        ("done", WorkStatus::Done),
        ("dropped", WorkStatus::Dropped),
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            WorkStatus::Todo => "todo",
            WorkStatus::Doing => "doing",
            WorkStatus::Done => "done",
            WorkStatus::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Work {
    pub span: Span,
    pub id: Sp<String>,
    pub title: Sp<String>,
    pub deliverable: Option<Sp<String>>,
    pub estimate_hours: Option<Sp<f64>>,
    pub status: Sp<WorkStatus>,
    pub start: Option<Sp<NaiveDate>>,
    pub due: Option<Sp<NaiveDate>>,
    pub assignee: Option<Sp<String>>,
    pub tags: Vec<Sp<String>>,
    pub allow: Allow,
    pub moved_from: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum AssignmentStatus {
    #[default]
    Committed,
    Proposed,
}

impl AssignmentStatus {
    pub const ALL: [(&'static str, AssignmentStatus); 2] = [
        ("committed", AssignmentStatus::Committed),
        ("proposed", AssignmentStatus::Proposed),
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Committed => "committed",
            AssignmentStatus::Proposed => "proposed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Assignment {
    pub span: Span,
    pub person: Sp<String>,
    pub allocation: Sp<i64>,
    pub from: Option<Sp<NaiveDate>>,
    pub to: Option<Sp<NaiveDate>>,
    pub status: AssignmentStatus,
    pub role: Option<String>,
    pub allow: Allow,
}

impl Assignment {
    /// The dates the assignment covers, defaulting to the charter window; `None` when neither
    /// gives a date (a PM005 finding).
    pub fn window(&self, charter: &Charter) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.from.as_ref().or(charter.start.as_ref())?.value;
        let to = self.to.as_ref().or(charter.end.as_ref())?.value;
        Some((from, to))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RequestStatus {
    #[default]
    Open,
    Filled,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [(&'static str, RequestStatus); 3] = [
        ("open", RequestStatus::Open),
        ("filled", RequestStatus::Filled),
        ("withdrawn", RequestStatus::Withdrawn),
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Filled => "filled",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub span: Span,
    pub id: Sp<String>,
    pub skills: Vec<String>,
    pub allocation: Option<Sp<i64>>,
    pub from: Option<Sp<NaiveDate>>,
    pub to: Option<Sp<NaiveDate>>,
    pub reason: Option<String>,
    pub status: RequestStatus,
    pub filled_by: Option<Sp<String>>,
    pub allow: Allow,
}

impl Request {
    pub fn window(&self, charter: &Charter) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.from.as_ref().or(charter.start.as_ref())?.value;
        let to = self.to.as_ref().or(charter.end.as_ref())?.value;
        Some((from, to))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ChangeStatus {
    #[default]
    Proposed,
    Approved,
    Rejected,
}

impl ChangeStatus {
    pub const ALL: [(&'static str, ChangeStatus); 3] = [
        ("proposed", ChangeStatus::Proposed),
        ("approved", ChangeStatus::Approved),
        ("rejected", ChangeStatus::Rejected),
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeStatus::Proposed => "proposed",
            ChangeStatus::Approved => "approved",
            ChangeStatus::Rejected => "rejected",
        }
    }
}

/// A `[[change]]`: a request to change the approved charter. Only an approved one covers a
/// difference from the baseline (PM108).
#[derive(Debug, Clone)]
pub struct ChangeRequest {
    pub span: Span,
    pub id: Sp<String>,
    pub title: String,
    pub status: Sp<ChangeStatus>,
    pub requested_by: Option<Sp<String>>,
    pub decided_by: Option<Sp<String>>,
    pub decided: Option<Sp<NaiveDate>>,
    pub reason: Option<String>,
    /// Deliverables it brings into scope.
    pub adds: Vec<Sp<String>>,
    /// Deliverables it takes out of scope.
    pub removes: Vec<Sp<String>>,
    /// Exclusions it lifts.
    pub unexcludes: Vec<Sp<String>>,
    /// The new effort cap.
    pub effort_hours: Option<Sp<f64>>,
    /// The new charter window.
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
}

impl ChangeRequest {
    pub fn is_approved(&self) -> bool {
        self.status.value == ChangeStatus::Approved
    }
}

/// What a project waits for from another project (SPEC §13): a deliverable of that project,
/// needed by a date, for some of this project's work.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub span: Span,
    pub id: Sp<String>,
    /// `on = "PROJECT/DELIVERABLE"`; the span is the key's.
    pub on: Sp<Target>,
    pub needed_by: Sp<NaiveDate>,
    /// `for`: the work items of this project that wait for it.
    pub work: Vec<Sp<String>>,
    pub reason: Option<String>,
    pub allow: Allow,
}

/// A deliverable of a project, named as `PROJECT/DELIVERABLE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Target {
    pub project: String,
    pub deliverable: String,
}

impl Target {
    /// `lander/descent-stage` as a target; `None` unless both halves are slugs.
    pub fn parse(s: &str) -> Option<Target> {
        let (project, deliverable) = s.split_once('/')?;
        (is_slug(project) && is_slug(deliverable)).then(|| Target {
            project: project.to_owned(),
            deliverable: deliverable.to_owned(),
        })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.project, self.deliverable)
    }
}
