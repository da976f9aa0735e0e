//! The registry of rules: stable code, kebab-case name, default severity, and the text that
//! `pm check --explain` prints.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    ($( $variant:ident = $code:literal, $name:literal, $sev:ident, $fires:literal, $fix:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code, )* }
            }
            pub fn name(self) -> &'static str {
                match self { $( Rule::$variant => $name, )* }
            }
            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }
            /// When the rule fires, in one or two sentences.
            pub fn fires_when(self) -> &'static str {
                match self { $( Rule::$variant => $fires, )* }
            }
            /// How to resolve a finding of this rule.
            pub fn how_to_fix(self) -> &'static str {
                match self { $( Rule::$variant => $fix, )* }
            }
        }
    };
}

rules! {
    InvalidFile = "PM001", "invalid-file", Error,
        "A file is not UTF-8, is not valid TOML, has a value of the wrong type, misses a required key, has an unknown key, or still holds Git conflict markers.",
        "Edit the file at the line shown. For an unknown key, use the suggested spelling; for conflict markers, finish the merge.";
    DuplicateId = "PM002", "duplicate-id", Error,
        "Two projects, people or benefits, or two items of one kind in one project file, share an id.",
        "Rename one of them; ids must be unique so that references are unambiguous.";
    UnknownReference = "PM003", "unknown-reference", Error,
        "A person id (manager, assignee, assignment person, approved_by, filled_by) or a benefit id (project benefits) names nothing in program.toml.",
        "Fix the spelling, or add the person with `pm person add` or the benefit to program.toml.";
    FileIdMismatch = "PM004", "file-id-mismatch", Error,
        "A project's `id` differs from its file name.",
        "Rename the file or change `id` so that they match.";
    InvalidRange = "PM005", "invalid-range", Error,
        "An end date is before its start; an allocation or capacity is outside 0-1000; or an assignment has no from/to and no charter date to default to.",
        "Correct the dates or the percentage; give the assignment dates or the charter a start and end.";
    UntracedWork = "PM101", "untraced-work", Error,
        "A work item names no deliverable, or one that is not a deliverable of its project. When another project has that deliverable the message names it.",
        "Trace the work to a deliverable of this project, or move it with `pm work move PROJECT/WORK --to OTHER`, start a project for it with `--new-project`, or drop it with `--drop --reason`.";
    ExcludedWork = "PM102", "excluded-work", Error,
        "A work item's deliverable is an exclusion of its project (error), or its title or tags contain an exclusion keyword (warning).",
        "Out-of-scope work is a program decision: move it, drop it, or record the decision with `allow = [\"excluded-work\"]` and a `reason`.";
    WorkOutsideCharter = "PM103", "work-outside-charter", Warning,
        "A work item's start or due date lies outside the charter window.",
        "Move the dates inside the charter, or change the charter with `pm project set ID --start/--end`.";
    EffortOverCap = "PM104", "effort-over-cap", Error,
        "The estimates of the work that is not dropped add up to more than `charter.effort_hours`.",
        "Cut or drop work, or have the cap raised with `pm project set ID --effort-hours N`.";
    CharterIncomplete = "PM105", "charter-incomplete", Warning,
        "A proposed or active project lacks an objective, a manager, a start, an end, or any deliverable.",
        "Fill in the charter with `pm project set` and add deliverables with `pm scope add`.";
    AssignmentOutsideCharter = "PM106", "assignment-outside-charter", Warning,
        "An assignment's from or to lies outside the charter window.",
        "Bring the assignment dates inside the charter, or change the charter window.";
    DeliverableOutsideCharter = "PM107", "deliverable-outside-charter", Warning,
        "A deliverable is due outside the charter window.",
        "Move the due date inside the charter, or change the charter window.";
    OverAllocation = "PM201", "over-allocation", Error,
        "A person's committed load, summed over all projects, exceeds their capacity on some days.",
        "Move part of the load to someone else with `pm reassign`, shorten or lower an assignment, or escalate with `pm request add`.";
    TentativeOverAllocation = "PM202", "tentative-over-allocation", Warning,
        "Committed plus proposed load exceeds a person's capacity where committed load alone does not.",
        "Do not commit the proposed assignment as it stands; lower it, move it, or pick someone with free capacity (`pm balance`).";
    AllocationExceedsCapacity = "PM203", "allocation-exceeds-capacity", Error,
        "One assignment alone is above the person's capacity: no rebalancing can fix it.",
        "Lower the allocation to at most the person's capacity.";
    AssignmentOutsideAvailability = "PM204", "assignment-outside-availability", Error,
        "An assignment starts before the person's start or ends after their end.",
        "Shorten the assignment to the person's availability, or assign someone else.";
    OpenStaffingRequest = "PM205", "open-staffing-request", Warning,
        "A staffing request is open.",
        "Fill it with `pm request fill PROJECT/REQ --person P` (see `pm balance` for candidates) or withdraw it.";
    UnstaffedProject = "PM206", "unstaffed-project", Warning,
        "An active project has no assignment at all.",
        "Assign people with `pm assign`, or escalate with `pm request add`.";
    ProjectWithoutBenefit = "PM301", "project-without-benefit", Warning,
        "A project that is not cancelled serves no program benefit.",
        "Name the benefits it serves in `project.benefits`, or question why the program runs it.";
    BenefitWithoutProject = "PM302", "benefit-without-project", Warning,
        "A program benefit is served by no project that is not cancelled.",
        "Start a project for it, or remove the benefit from program.toml.";
    OverlappingScope = "PM303", "overlapping-scope", Warning,
        "Two projects have a deliverable with the same id.",
        "Give the deliverable to one project and rename or remove the other.";
    OutsideProgramWindow = "PM304", "outside-program-window", Warning,
        "A project's charter window lies outside the program's start-end.",
        "Move the charter dates inside the program window, or widen the program window.";
}

impl Rule {
    /// Finds a rule by code (`PM201`, any case) or name (`over-allocation`).
    pub fn lookup(key: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(key) || r.name() == key)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_found() {
        for r in Rule::ALL {
            assert_eq!(Rule::lookup(r.code()), Some(*r));
            assert_eq!(Rule::lookup(r.name()), Some(*r));
            assert_eq!(Rule::lookup(&r.code().to_lowercase()), Some(*r));
        }
        assert_eq!(Rule::lookup("nope"), None);
    }
}
