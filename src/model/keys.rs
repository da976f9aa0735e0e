//! The keys of every table of the file formats (SPEC §3–4, §10, §13), in the order the SPEC writes
//! them.
//! The decoder accepts exactly these, `pm fmt` orders keys by them, and a test holds the JSON
//! Schema to them, so the three cannot drift apart.

/// Which of the two file formats a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `program.toml`
    Program,
    /// `projects/**/*.toml`
    Project,
    /// `portfolio.toml`, above the programs of a portfolio
    Portfolio,
}

/// The top level of program.toml.
pub const PROGRAM_FILE: [&str; 4] = ["program", "benefit", "person", "check"];
pub const PROGRAM: [&str; 7] = [
    "id",
    "name",
    "manager",
    "sponsor",
    "start",
    "end",
    "hours_per_week",
];
pub const BENEFIT: [&str; 2] = ["id", "title"];
pub const PERSON: [&str; 7] = [
    "id", "name", "capacity", "skills", "start", "end", "time_off",
];
pub const TIME_OFF: [&str; 3] = ["from", "to", "reason"];
pub const CHECK: [&str; 2] = ["deny_warnings", "rules"];

/// The top level of portfolio.toml (SPEC §13): the portfolio and its shared pool.
pub const PORTFOLIO_FILE: [&str; 2] = ["portfolio", "person"];
pub const PORTFOLIO: [&str; 3] = ["id", "name", "programs"];

/// The top level of a project file.
pub const PROJECT_FILE: [&str; 9] = [
    "project",
    "charter",
    "deliverable",
    "exclusion",
    "work",
    "assignment",
    "request",
    "change",
    "dependency",
];
pub const PROJECT: [&str; 8] = [
    "id", "name", "status", "priority", "manager", "benefits", "allow", "reason",
];
pub const CHARTER: [&str; 7] = [
    "objective",
    "start",
    "end",
    "effort_hours",
    "budget",
    "approved",
    "approved_by",
];
pub const DELIVERABLE: [&str; 5] = ["id", "title", "due", "allow", "reason"];
pub const EXCLUSION: [&str; 3] = ["id", "title", "keywords"];
pub const WORK: [&str; 12] = [
    "id",
    "title",
    "deliverable",
    "estimate_hours",
    "status",
    "start",
    "due",
    "assignee",
    "tags",
    "allow",
    "reason",
    "moved_from",
];
pub const ASSIGNMENT: [&str; 8] = [
    "person",
    "allocation",
    "from",
    "to",
    "status",
    "role",
    "allow",
    "reason",
];
pub const REQUEST: [&str; 9] = [
    "id",
    "skills",
    "allocation",
    "from",
    "to",
    "reason",
    "status",
    "filled_by",
    "allow",
];

/// SPEC §10: a change request against the approved charter.
pub const CHANGE: [&str; 13] = [
    "id",
    "title",
    "status",
    "requested_by",
    "decided_by",
    "decided",
    "reason",
    "adds",
    "removes",
    "unexcludes",
    "effort_hours",
    "start",
    "end",
];
/// SPEC §13; `allow` last, as in a request, whose `reason` also justifies it.
pub const DEPENDENCY: [&str; 6] = ["id", "on", "needed_by", "for", "reason", "allow"];

/// The keys of the table at `path` (key names from the top of the file, array indices left
/// out: `["person", "time_off"]`), or `None` where the keys are free (`[check.rules]`) or the
/// table is not part of the format.
pub fn of(kind: FileKind, path: &[&str]) -> Option<&'static [&'static str]> {
    let keys: &'static [&'static str] = match (kind, path) {
        (FileKind::Program, []) => &PROGRAM_FILE,
        (FileKind::Program, ["program"]) => &PROGRAM,
        (FileKind::Program, ["benefit"]) => &BENEFIT,
        (FileKind::Program, ["person"]) => &PERSON,
        (FileKind::Program, ["person", "time_off"]) => &TIME_OFF,
        (FileKind::Program, ["check"]) => &CHECK,
        (FileKind::Project, []) => &PROJECT_FILE,
        (FileKind::Project, ["project"]) => &PROJECT,
        (FileKind::Project, ["charter"]) => &CHARTER,
        (FileKind::Project, ["deliverable"]) => &DELIVERABLE,
        (FileKind::Project, ["exclusion"]) => &EXCLUSION,
        (FileKind::Project, ["work"]) => &WORK,
        (FileKind::Project, ["assignment"]) => &ASSIGNMENT,
        (FileKind::Project, ["request"]) => &REQUEST,
        (FileKind::Project, ["change"]) => &CHANGE,
        (FileKind::Project, ["dependency"]) => &DEPENDENCY,
        (FileKind::Portfolio, []) => &PORTFOLIO_FILE,
        (FileKind::Portfolio, ["portfolio"]) => &PORTFOLIO,
        (FileKind::Portfolio, ["person"]) => &PERSON,
        (FileKind::Portfolio, ["person", "time_off"]) => &TIME_OFF,
        _ => return None,
    };
    Some(keys)
}
