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
        "Give one of them another id in the file (pm's commands refuse to pick between two items of one id, so this one is a hand edit); ids must be unique so that references are unambiguous.";
    UnknownReference = "PM003", "unknown-reference", Error,
        "A person id (manager, assignee, assignment person, approved_by, filled_by, a change's requested_by and decided_by) or a benefit id (project benefits) names nothing in program.toml, or a dependency's `for` names a work item its project does not have.",
        "Fix the spelling (`pm work set PROJECT/WORK --assignee ID`, `pm project set ID --manager ID`, `pm project set ID --remove-benefit B`, `pm depend set PROJECT/ID --for W,...`), or add the person with `pm person add ID` or the benefit with `pm benefit add ID --title T`.";
    FileIdMismatch = "PM004", "file-id-mismatch", Error,
        "A project's `id` differs from its file name.",
        "Rename the file or change `id` in it so that they match (by hand: pm finds a project by its file name, and this file's id says otherwise).";
    InvalidRange = "PM005", "invalid-range", Error,
        "An end date is before its start; an allocation or capacity is outside 0-1000; a priority is outside 1-1000; or an assignment has no from/to and no charter date to default to.",
        "Correct the dates, percent or priority with the command of the item: `pm assignment set PERSON PROJECT --from DATE --to DATE --allocation N`, `pm person set ID --capacity N`, `pm work set PROJECT/WORK --start DATE --due DATE`, `pm project set ID --start DATE --end DATE --priority N`.";
    UntracedWork = "PM101", "untraced-work", Error,
        "A work item that is not dropped names no deliverable, or one that is not a deliverable of its own project (naming an exclusion is PM102). When another project has that deliverable, the message names that project. Projects that are done or cancelled are not checked.",
        "Trace the work to a deliverable of its project with `pm work set PROJECT/WORK --deliverable D` (add one first with `pm scope add` if the charter covers it). If it is another project's work, move it with `pm work move PROJECT/WORK --to OTHER` (the message gives the exact command); otherwise start a project for it with `--new-project ID` or drop it with `--drop --reason R`.";
    ExcludedWork = "PM102", "excluded-work", Error,
        "A work item's `deliverable` is an exclusion id of its project (error), or its title or one of its tags contains a keyword of one of the project's exclusions, as whole words and ignoring case (warning).",
        "Out-of-scope work is the program manager's call: move it with `pm work move PROJECT/WORK --to OTHER`, start a project with `--new-project ID`, or drop it with `--drop --reason R`. If it is in scope after all, record the decision on the work item with `allow = [\"excluded-work\"]` and a `reason` (a hand edit: a decision is written by whoever takes it).";
    WorkOutsideCharter = "PM103", "work-outside-charter", Warning,
        "A work item's `start` or `due` lies before the charter's start or after its end.",
        "Move the dates inside the charter window with `pm work set PROJECT/WORK --start DATE --due DATE`, or change the charter with `pm project set ID --start DATE --end DATE`.";
    EffortOverCap = "PM104", "effort-over-cap", Error,
        "The `estimate_hours` of the project's work that is not dropped add up to more than `charter.effort_hours`.",
        "Cut estimates with `pm work set PROJECT/WORK --estimate-hours N`, drop work with `pm work move PROJECT/WORK --drop --reason R`, or have the cap raised with `pm project set ID --effort-hours N`.";
    CharterIncomplete = "PM105", "charter-incomplete", Warning,
        "A proposed or active project has no objective, no manager, no charter start or end, or no deliverable: there is nothing to hold its work against.",
        "Complete the charter with `pm project set ID --objective TEXT --manager PERSON --start DATE --end DATE` and add deliverables with `pm scope add ID DELIVERABLE --title T`.";
    AssignmentOutsideCharter = "PM106", "assignment-outside-charter", Warning,
        "An assignment's explicit `from` or `to` lies before the charter's start or after its end.",
        "Bring the assignment inside the charter window with `pm assignment set PERSON PROJECT --from DATE --to DATE`, or change the charter with `pm project set ID --start DATE --end DATE`.";
    DeliverableOutsideCharter = "PM107", "deliverable-outside-charter", Warning,
        "A deliverable is due before the charter's start or after its end.",
        "Move the due date inside the charter window with `pm scope set PROJECT DELIVERABLE --due DATE`, or change the charter with `pm project set ID --start DATE --end DATE`.";
    ScopeChangeWithoutApproval = "PM108", "scope-change-without-approval", Error,
        "Since its charter was approved, a project's scope changed and no approved change request covers it: a deliverable was added or taken out, an exclusion lifted, the effort cap raised, or the charter's start or end moved. The approved scope is the baseline: the charter, deliverables and exclusions as committed in the Git commit that gave `charter.approved` its current value (the file followed through renames, along the branch's first-parent history). A `[[change]]` with `status = \"approved\"` covers what it names in `adds`, `removes`, `unexcludes`, `effort_hours` (a cap up to that), `start` and `end`; a proposed or rejected one covers nothing. Each difference is its own finding, naming the baseline commit. Projects without `charter.approved`, done or cancelled projects, and programs outside Git are not checked; `pm check` says in its summary when it could not look (not a Git repository, a shallow clone without the commit, an approval not committed yet).",
        "Record the change and have it decided: `pm change add PROJECT ID --title T --reason R` with `--adds D`, `--removes D`, `--unexcludes E`, `--effort-hours N`, `--start DATE` or `--end DATE` (the finding gives the exact command), then `pm change approve PROJECT/ID --by PERSON`. Or undo the change, or approve the charter as it now stands with `pm charter approve PROJECT --by PERSON` (which makes the next commit the new baseline).";
    DependencyAtRisk = "PM109", "dependency-at-risk", Error,
        "A `[[dependency]]` waits on a deliverable (`on = \"PROJECT/DELIVERABLE\"`) that will not be there when it is needed: the project or the deliverable does not exist (or is the waiting project itself), the deliverable has no due date or is due after `needed_by`, or its project is on hold or cancelled. Due on the day it is needed is on time; a deliverable of a done project is delivered. Dependencies of done and cancelled projects are not checked.",
        "Agree a date both projects can keep: bring the deliverable forward with `pm scope set OTHER DELIVERABLE --due DATE`, or move `needed_by` with `pm depend set PROJECT/ID --needed-by DATE`; point `on` at the right deliverable with `pm depend set PROJECT/ID --on OTHER/DELIVERABLE`, or remove a dependency that no longer holds with `pm depend remove PROJECT/ID`. To accept the risk, put `allow = [\"dependency-at-risk\"]` and a `reason` on the dependency (a hand edit: a decision is written by whoever takes it).";
    DependencyCycle = "PM110", "dependency-cycle", Error,
        "Projects wait on each other in a circle (lander waits on comms-relay, which waits on spacesuits, which waits on lander): none of them can finish first. The finding lists the circle and is located at one of its dependencies; done and cancelled projects, and dependencies that allow this rule, are left out.",
        "Break the circle: one of the dependencies is not real (remove it with `pm depend remove PROJECT/ID`), or one project must deliver in two steps (split the deliverable with `pm scope add` and point the dependency at the early one with `pm depend set PROJECT/ID --on OTHER/DELIVERABLE`).";
    WorkBeforeDependency = "PM111", "work-before-dependency", Warning,
        "A work item named in a dependency's `for` starts before the deliverable it waits for is due: it is planned to begin before what it needs can be there. Work that is done or dropped is not checked.",
        "Start the work on or after the deliverable's due date with `pm work set PROJECT/WORK --start DATE`, or remove it from the dependency's `for` with `pm depend set PROJECT/ID --for W,...` if it does not wait after all.";
    OverAllocation = "PM201", "over-allocation", Error,
        "On some days a person's committed load (the sum of their committed assignments in every project, done and cancelled ones included) exceeds their capacity. Days of time off count as load 0, and exactly full (100 of 100) is not over. One finding per run of consecutive over-allocated days, with the peak load and the projects involved, located at one of the assignments (the others are listed).",
        "Lower or shorten one of the assignments with `pm assignment set PERSON PROJECT --at DATE --allocation N` (or `--to DATE`), hand the load to someone with free capacity with `pm assign PERSON PROJECT --allocation N --from DATE --to DATE --instead-of OVERLOADED` (`pm balance` proposes who and how much), move the person between projects with `pm reassign`, or escalate with `pm request add`. `pm level` plans every over-allocation of the program at once, cutting the lower-priority projects first. To accept it, put `allow = [\"over-allocation\"]` and a `reason` on the assignment the finding points at (a hand edit: a decision is written by whoever takes it).";
    TentativeOverAllocation = "PM202", "tentative-over-allocation", Warning,
        "Committed plus proposed load exceeds a person's capacity on days where committed load alone does not: committing the proposal would over-allocate them. Located at a proposed assignment.",
        "Do not commit the proposed assignment as it stands: lower or shorten it with `pm assignment set PERSON PROJECT --at DATE --allocation N` (or `--to DATE`), or propose someone with free capacity (`pm balance`).";
    AllocationExceedsCapacity = "PM203", "allocation-exceeds-capacity", Error,
        "One assignment alone is above the person's capacity (say 120% of a 100% person, or 80% of a 60% part-timer): no rebalancing of other work can fix it.",
        "Lower the allocation to at most the person's capacity with `pm assignment set PERSON PROJECT --at DATE --allocation N`, and ask for the rest with `pm request add`.";
    AssignmentOutsideAvailability = "PM204", "assignment-outside-availability", Error,
        "An assignment (with its dates, or the charter's when it has none) starts before the person's `start` or ends after their `end` in program.toml.",
        "Start the assignment on the person's first day or later and end it by their last with `pm assignment set PERSON PROJECT --at DATE --from DATE --to DATE`, change the person's dates with `pm person set ID --start DATE --end DATE`, or assign someone else.";
    OpenStaffingRequest = "PM205", "open-staffing-request", Warning,
        "A staffing request is open. The message says what is asked and lists up to three people with every skill asked for and free capacity (capacity minus their highest committed load) over the whole window, best first.",
        "Fill it with `pm request fill PROJECT/REQ --person P` (the message and `pm balance` name candidates), or withdraw it with `pm request withdraw PROJECT/REQ --reason R`. `pm level` fills every request it can in one plan with the over-allocations.";
    UnstaffedProject = "PM206", "unstaffed-project", Warning,
        "An active project has no assignment at all, committed or proposed.",
        "Assign people with `pm assign PERSON PROJECT --allocation N`, or escalate with `pm request add`.";
    AssigneeNotStaffed = "PM207", "assignee-not-staffed", Warning,
        "A work item that is not done or dropped names an `assignee` who has no assignment (committed or proposed) on the work's project overlapping the item's start to due, or the charter window for the dates the item leaves out. Projects that are done or cancelled are not checked.",
        "Assign the person to the project over those dates with `pm assign PERSON PROJECT --allocation N --from DATE --to DATE`, give the work to someone on the project with `pm work set PROJECT/WORK --assignee OTHER`, or take the assignee off with `pm work set PROJECT/WORK --assignee \"\"`.";
    ProjectWithoutBenefit = "PM301", "project-without-benefit", Warning,
        "A project that is not cancelled serves no program benefit (`benefits` is missing or empty).",
        "Name the benefits it serves with `pm project set ID --benefit B` (`pm benefit add` creates one); a project that serves none is a candidate for cancelling (`pm project set ID --status cancelled`).";
    BenefitWithoutProject = "PM302", "benefit-without-project", Warning,
        "A program benefit is served by no project that is not cancelled.",
        "Start a project for it with `pm project new ID --name N --benefit B`, have an existing project serve it with `pm project set ID --benefit B`, or remove the benefit with `pm benefit remove B`.";
    OverlappingScope = "PM303", "overlapping-scope", Warning,
        "Two projects that are not cancelled have a deliverable with the same id, so it is unclear who delivers it.",
        "Keep the deliverable in one project and remove it from the other with `pm scope remove PROJECT ID` (`--retrace-to D` re-points its work), or give one another id with `pm scope set PROJECT ID --id NEW` if they are different things.";
    OutsideProgramWindow = "PM304", "outside-program-window", Warning,
        "A project's charter starts before the program's `start` or ends after the program's `end`.",
        "Move the charter inside the program window with `pm project set ID --start DATE --end DATE`, or widen the program window with `pm program set --start DATE --end DATE`.";
}

impl Rule {
    /// The rule in a few words, for a one-line listing (SARIF's `shortDescription`, the index
    /// of docs/rules.md); [`Rule::fires_when`] is the full account.
    pub fn short(self) -> &'static str {
        match self {
            Rule::InvalidFile => "A program file pm cannot read as its TOML",
            Rule::DuplicateId => "Two items share an id",
            Rule::UnknownReference => {
                "A reference to a person, benefit or work item that does not exist"
            }
            Rule::FileIdMismatch => "A project whose id differs from its file name",
            Rule::InvalidRange => "A date range, allocation, capacity or priority out of bounds",
            Rule::UntracedWork => "Work that traces to no deliverable of its project",
            Rule::ExcludedWork => "Work on something the charter excludes",
            Rule::WorkOutsideCharter => "Work dated outside the charter window",
            Rule::EffortOverCap => "Estimated effort above the charter's cap",
            Rule::CharterIncomplete => {
                "A charter without objective, manager, dates or deliverables"
            }
            Rule::AssignmentOutsideCharter => "An assignment outside the charter window",
            Rule::DeliverableOutsideCharter => "A deliverable due outside the charter window",
            Rule::ScopeChangeWithoutApproval => {
                "A scope change since approval that no approved change covers"
            }
            Rule::DependencyAtRisk => "A deliverable another project waits for will be late",
            Rule::DependencyCycle => "Projects that wait on each other in a circle",
            Rule::WorkBeforeDependency => "Waiting work planned to start before what it waits for",
            Rule::OverAllocation => "A person's committed load above their capacity",
            Rule::TentativeOverAllocation => {
                "A proposed assignment that would over-allocate someone"
            }
            Rule::AllocationExceedsCapacity => "One assignment alone above the person's capacity",
            Rule::AssignmentOutsideAvailability => {
                "An assignment outside the dates the person is available"
            }
            Rule::OpenStaffingRequest => "An open staffing request",
            Rule::UnstaffedProject => "An active project with nobody assigned",
            Rule::AssigneeNotStaffed => "Work whose assignee is not on the project then",
            Rule::ProjectWithoutBenefit => "A project that serves no program benefit",
            Rule::BenefitWithoutProject => "A program benefit that no project serves",
            Rule::OverlappingScope => "Two projects with the same deliverable",
            Rule::OutsideProgramWindow => "A charter outside the program window",
        }
    }

    /// The family a rule belongs to, by the hundreds of its code (as docs/rules.md groups them).
    pub fn family(self) -> &'static str {
        match self.code().as_bytes().get(2) {
            Some(b'0') => "files",
            Some(b'1') => "charter",
            Some(b'2') => "people",
            _ => "program",
        }
    }

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

    #[test]
    fn short_texts_are_one_line_and_not_the_full_text() {
        for r in Rule::ALL {
            assert!(!r.short().ends_with('.') && r.short().len() < 70, "{r}");
            assert_ne!(r.short(), r.fires_when(), "{r}");
        }
        assert_eq!(Rule::OverAllocation.family(), "people");
        assert_eq!(Rule::InvalidFile.family(), "files");
    }
}
