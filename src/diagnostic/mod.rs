//! The vocabulary of findings, at the bottom of the house: where something is written
//! ([`FileId`], [`Span`], [`Loc`]), the registry of rules ([`Rule`], [`Severity`]) and a finding
//! itself ([`Diagnostic`]). Decoding makes the structural findings and `check/` the rest; both
//! speak this vocabulary, so nothing at the bottom needs `check/`. It imports nothing of pm.
//! [`fingerprint`] gives each finding the identity that survives edits (SPEC §9).

pub mod fingerprint;
mod location;
mod rules;

pub use location::{FileId, Loc, Span};
pub use rules::{Rule, Severity};

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// What the primary annotation under the source line says (short).
    pub label: Option<String>,
    pub loc: Loc,
    /// Other places involved ("first defined here", the other assignments of an over-allocation).
    pub secondary: Vec<(Loc, String)>,
    /// The command or edit that resolves the finding, when there is one.
    pub help: Option<String>,
    pub facts: Facts,
    /// Hex digest of what the finding is about ([`fingerprint::assign`]); empty until
    /// `check::check` gives it.
    pub fingerprint: String,
}

/// Keys of the JSON diagnostic that name what the finding is about; absent ones are left out.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Facts {
    /// In a portfolio: the program the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit: Option<String>,
    /// PM108: the exclusion lifted since the charter was approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<String>,
    /// The id of the `[[change]]` a finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// PM108: the `[charter]` key that differs from the approved charter (`effort_hours`,
    /// `start`, `end`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// PM108: the commit that approved the charter, which the scope is compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineCommit>,
    /// PM109–PM111: the id of the `[[dependency]]` of `project`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependency: Option<String>,
    /// PM109, PM111: what the dependency waits on, as `PROJECT/DELIVERABLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    /// PM109: when the waiting project needs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_by: Option<NaiveDate>,
    /// PM109, PM111: when the deliverable waited on is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<String>>,
    /// PM201, PM202 in a portfolio: the programs whose assignments make the load.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programs: Option<Vec<String>>,
    /// PM101: the other projects that have the deliverable the work names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<Vec<String>>,
    /// PM205: who could fill a request, best first (the shape of `pm balance` candidates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<Candidate>>,
}

/// A commit as a finding names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BaselineCommit {
    /// The full commit id.
    pub commit: String,
    /// Its author date.
    pub date: NaiveDate,
}

/// Someone who could take on load over a window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub person: String,
    /// Capacity minus the highest committed load on any day of the window, in percent: the
    /// lowest spare capacity over the window.
    pub free: u32,
}

impl Diagnostic {
    pub fn new(rule: Rule, loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            label: None,
            loc,
            secondary: Vec::new(),
            help: None,
            facts: Facts::default(),
            fingerprint: String::new(),
        }
    }
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn secondary(mut self, loc: Loc, label: impl Into<String>) -> Self {
        self.secondary.push((loc, label.into()));
        self
    }
    pub fn project(mut self, id: &str) -> Self {
        self.facts.project = Some(id.to_owned());
        self
    }
    pub fn person(mut self, id: &str) -> Self {
        self.facts.person = Some(id.to_owned());
        self
    }
    pub fn work(mut self, id: &str) -> Self {
        self.facts.work = Some(id.to_owned());
        self
    }
    pub fn deliverable(mut self, id: &str) -> Self {
        self.facts.deliverable = Some(id.to_owned());
        self
    }
    pub fn request(mut self, id: &str) -> Self {
        self.facts.request = Some(id.to_owned());
        self
    }
    pub fn benefit(mut self, id: &str) -> Self {
        self.facts.benefit = Some(id.to_owned());
        self
    }
    pub fn exclusion(mut self, id: &str) -> Self {
        self.facts.exclusion = Some(id.to_owned());
        self
    }
    pub fn change(mut self, id: &str) -> Self {
        self.facts.change = Some(id.to_owned());
        self
    }
    pub fn dependency(mut self, id: &str) -> Self {
        self.facts.dependency = Some(id.to_owned());
        self
    }
    pub fn facts(mut self, f: impl FnOnce(&mut Facts)) -> Self {
        f(&mut self.facts);
        self
    }
}
