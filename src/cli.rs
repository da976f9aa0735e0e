//! The command line, as clap types only.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, PathCompleter};

use crate::complete;

#[derive(Debug, Parser)]
#[command(
    name = "pm",
    version,
    about = "Keep a program of related projects as TOML files in Git, and check them",
    long_about = "pm keeps a program of related projects as plain TOML files (program.toml + \
                  projects/*.toml) and checks them: out-of-charter work, over-allocated people, \
                  broken references.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Program folder (the one holding program.toml); default: search upwards from here
    #[arg(
        short = 'C',
        long = "program",
        add = ArgValueCompleter::new(PathCompleter::dir()),
        global = true,
        env = "PM_PROGRAM",
        value_name = "DIR"
    )]
    pub program: Option<PathBuf>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The date pm treats as today, for reproducible output
    #[arg(long, global = true, env = "PM_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb say no (CLICOLOR_FORCE: always)
    Auto,
    /// Always, even in a pipe or a file
    Always,
    /// Never
    Never,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"))
}

pub fn parse_percent(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if n <= 1000 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a percent; write a whole number from 0 to 1000 (100 = one full-time person)"
        )),
    }
}

pub fn parse_hours(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "'{s}' is not a number of hours; write e.g. 120 or 7.5"
        )),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new program: program.toml and an empty projects/ folder
    Init(InitArgs),
    /// Create, list, show and edit projects
    #[command(subcommand)]
    Project(ProjectCommand),
    /// The program's benefits: what the program exists to achieve, and projects serve
    #[command(subcommand)]
    Benefit(BenefitCommand),
    /// The shared pool of people
    #[command(subcommand)]
    Person(PersonCommand),
    /// A project's deliverables (in scope) and exclusions (out of scope)
    #[command(subcommand)]
    Scope(ScopeCommand),
    /// Work items of projects
    #[command(subcommand)]
    Work(WorkCommand),
    /// Assign a person to a project
    Assign(AssignArgs),
    /// End or remove a person's assignment to a project
    Unassign(UnassignArgs),
    /// Move a person from one project to another on a date
    Reassign(ReassignArgs),
    /// Staffing requests: a project manager asks the program manager for people
    #[command(subcommand)]
    Request(RequestCommand),
    /// Approve a project's charter: the commit that records it is the baseline of its scope
    #[command(subcommand)]
    Charter(CharterCommand),
    /// Change requests against an approved charter: add, approve, reject, list
    #[command(subcommand)]
    Change(ChangeCommand),
    /// A project's charter life from Git: approvals, change requests, scope and window changes
    History(HistoryArgs),
    /// Propose who could take the load of over-allocated people and open requests (read-only)
    Balance(BalanceArgs),
    /// Check the program: charters, scope, allocations, references
    Check(CheckArgs),
    /// What a change does to the program: items, findings and load, between two revisions
    Diff(DiffArgs),
    /// Reports: allocation, projects, people, scope, requests, gantt
    Report(ReportArgs),
    /// Write the program for other tools: MS Project XML, iCalendar, CSV
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read people from a CSV file, or a new project from an MS Project XML plan
    #[command(subcommand)]
    Import(ImportCommand),
    /// Rewrite program.toml and the project files in the canonical layout, keeping every comment
    Fmt(FmtArgs),
    /// Print the JSON Schema of program.toml or of a project file, for editors
    Schema(SchemaArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print a manual page (roff), e.g. `pm man check > pm-check.1`, or write them all with --dir
    Man(ManArgs),
    /// Run the language server for editors (LSP over stdin and stdout)
    Lsp(LspArgs),
    /// Set up Git for the program: merge program files item by item with pm
    #[command(subcommand)]
    Git(GitCommand),
    /// Merge one program file for Git, item by item (the merge driver `pm git setup` turns on)
    MergeDriver(MergeDriverArgs),
}

#[derive(Debug, Subcommand)]
pub enum CharterCommand {
    /// Record the approval of a project's charter (charter.approved and approved_by)
    Approve(CharterApproveArgs),
}

#[derive(Debug, Args)]
pub struct CharterApproveArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Who approves it (a person id, usually the sponsor or program manager)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// The day of the approval [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// Request a change to an approved charter (proposed until approved)
    Add(ChangeAddArgs),
    /// Approve a change request: from then on it covers what it names
    Approve(ChangeApproveArgs),
    /// Reject a change request
    Reject(ChangeRejectArgs),
    /// List change requests
    List(ChangeListArgs),
}

#[derive(Debug, Args)]
pub struct ChangeAddArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Change id (a slug such as `add-docking-adapter`)
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// Why the change is needed
    #[arg(long)]
    pub reason: String,
    /// Deliverables it brings into scope (comma-separated or repeated)
    #[arg(long, value_name = "DELIVERABLE", value_delimiter = ',')]
    pub adds: Vec<String>,
    /// Deliverables it takes out of scope
    #[arg(long, value_name = "DELIVERABLE", value_delimiter = ',', add = ArgValueCandidates::new(complete::deliverables))]
    pub removes: Vec<String>,
    /// Exclusions it lifts
    #[arg(long, value_name = "EXCLUSION", value_delimiter = ',')]
    pub unexcludes: Vec<String>,
    /// The new effort cap
    #[arg(long, value_parser = parse_hours)]
    pub effort_hours: Option<f64>,
    /// The new charter start
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// The new charter end
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Who asks for it (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub requested_by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ChangeApproveArgs {
    /// The change request, as PROJECT/CHANGE (e.g. lander/add-docking-adapter)
    #[arg(add = ArgValueCandidates::new(complete::changes))]
    pub change: String,
    /// Who decides (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// The day of the decision [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ChangeRejectArgs {
    /// The change request, as PROJECT/CHANGE (e.g. lander/add-docking-adapter)
    #[arg(add = ArgValueCandidates::new(complete::changes))]
    pub change: String,
    /// Who decides (a person id)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub by: String,
    /// Why it is rejected (kept in the change's reason, after why it was asked for)
    #[arg(long)]
    pub reason: String,
    /// The day of the decision [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ChangeListArgs {
    /// Only this project
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One block per commit, oldest first
    Human,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Turn on pm's merge driver: .gitattributes lines and the repository's git config
    Setup,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (Git's %O)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version, where the result is written (Git's %A)
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (Git's %B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The file's path in the repository (Git's %P), which says what kind of file it is
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `check` or `project new` (default: pm(1) itself)
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page (pm.1, pm-check.1, pm-project-new.1, …) into this folder
    #[arg(long, value_name = "DIR", add = ArgValueCompleter::new(PathCompleter::dir()))]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; list the files that are not formatted and exit 1 if there are any
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format
    #[arg(value_enum, value_name = "program|project")]
    pub file: SchemaFile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// program.toml
    Program,
    /// projects/ID.toml
    Project,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the program in (default: the current folder)
    #[arg(add = ArgValueCompleter::new(PathCompleter::dir()))]
    pub dir: Option<PathBuf>,
    /// Program id (a slug such as `artemis`)
    #[arg(long)]
    pub id: String,
    /// Program name
    #[arg(long)]
    pub name: String,
    /// Program manager (a person id; added to the pool if new)
    #[arg(long, add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Create a project file under projects/
    New(ProjectNewArgs),
    /// List the projects
    List,
    /// Show one project
    Show {
        /// Project id
        #[arg(add = ArgValueCandidates::new(complete::projects))]
        id: String,
    },
    /// Change a project's status or charter
    Set(ProjectSetArgs),
}

#[derive(Debug, Args)]
pub struct ProjectNewArgs {
    /// Project id (a slug; also the file name)
    pub id: String,
    #[arg(long)]
    pub name: String,
    /// Project manager (person id)
    #[arg(long, add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    #[arg(long)]
    pub objective: Option<String>,
    /// A program benefit the project serves (repeat for several)
    #[arg(long = "benefit", value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub benefits: Vec<String>,
    #[arg(long, value_parser = ["proposed", "active", "on-hold", "done", "cancelled"])]
    pub status: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProjectSetArgs {
    /// Project id
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub id: String,
    #[arg(long, value_parser = ["proposed", "active", "on-hold", "done", "cancelled"])]
    pub status: Option<String>,
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Project manager (person id)
    #[arg(long, add = ArgValueCandidates::new(complete::people))]
    pub manager: Option<String>,
    #[arg(long)]
    pub objective: Option<String>,
    #[arg(long, value_parser = parse_hours)]
    pub effort_hours: Option<f64>,
    /// Add a program benefit the project serves (repeat for several)
    #[arg(long = "benefit", value_name = "BENEFIT", add = ArgValueCandidates::new(complete::benefits))]
    pub benefits: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum BenefitCommand {
    /// Add a benefit to program.toml
    Add {
        /// Benefit id (a slug such as `crewed-landing`)
        id: String,
        #[arg(long)]
        title: String,
    },
    /// List the benefits and the projects that serve them
    List,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to the pool
    Add(PersonAddArgs),
    /// List the pool
    List,
    /// Record time off
    Off(PersonOffArgs),
}

#[derive(Debug, Args)]
pub struct PersonAddArgs {
    /// Person id (a slug such as `alice`)
    pub id: String,
    #[arg(long)]
    pub name: Option<String>,
    /// Percent of a full-time person (default 100)
    #[arg(long, value_parser = parse_percent)]
    pub capacity: Option<u32>,
    /// Comma-separated skills
    #[arg(long, value_delimiter = ',')]
    pub skills: Vec<String>,
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct PersonOffArgs {
    /// Person id
    #[arg(add = ArgValueCandidates::new(complete::people))]
    pub id: String,
    #[arg(long, value_parser = parse_date)]
    pub from: NaiveDate,
    #[arg(long, value_parser = parse_date)]
    pub to: NaiveDate,
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ScopeCommand {
    /// Add a deliverable (in scope)
    Add(ScopeAddArgs),
    /// Add an exclusion (explicitly out of scope)
    Exclude(ScopeExcludeArgs),
}

#[derive(Debug, Args)]
pub struct ScopeAddArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Deliverable id
    pub id: String,
    #[arg(long)]
    pub title: String,
    #[arg(long, value_parser = parse_date)]
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ScopeExcludeArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Exclusion id
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// Comma-separated words that mark work as excluded
    #[arg(long, value_delimiter = ',')]
    pub keywords: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum WorkCommand {
    /// Add a work item to a project
    Add(WorkAddArgs),
    /// List work items
    List(WorkListArgs),
    /// Decide on out-of-charter work: move it to another project, start a new one, or drop it
    Move(WorkMoveArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["to", "new_project", "drop"])))]
pub struct WorkMoveArgs {
    /// The work item, as PROJECT/WORK (e.g. lander/relay-site-survey)
    #[arg(add = ArgValueCandidates::new(complete::work))]
    pub item: String,
    /// Move it into this project
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub to: Option<String>,
    /// Start a new proposed project for it, with this id
    #[arg(long, value_name = "ID")]
    pub new_project: Option<String>,
    /// Drop it: it serves no program benefit (needs --reason)
    #[arg(long, requires = "reason")]
    pub drop: bool,
    /// Why it is dropped
    #[arg(long, requires = "drop")]
    pub reason: Option<String>,
    /// With --to: the target's deliverable it serves (default: the one it names now).
    /// With --new-project: the id of the new project's deliverable
    #[arg(long, conflicts_with = "drop", add = ArgValueCandidates::new(complete::deliverables))]
    pub deliverable: Option<String>,
    /// A new id for the item where it lands (when its id is taken there)
    #[arg(long, value_name = "ID", conflicts_with = "drop")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct WorkAddArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    #[arg(long)]
    pub title: String,
    /// Work id (default: a slug of the title)
    #[arg(long)]
    pub id: Option<String>,
    /// The deliverable of the project the work serves
    #[arg(long, add = ArgValueCandidates::new(complete::deliverables))]
    pub deliverable: Option<String>,
    #[arg(long, value_parser = parse_hours)]
    pub estimate_hours: Option<f64>,
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub due: Option<NaiveDate>,
    /// Person id
    #[arg(long, add = ArgValueCandidates::new(complete::people))]
    pub assignee: Option<String>,
    /// Comma-separated tags
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct WorkListArgs {
    /// Only this project
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    #[arg(long, value_parser = ["todo", "doing", "done", "dropped"])]
    pub status: Option<String>,
    /// Only work outside its project's charter (untraced, excluded, out of dates)
    #[arg(long)]
    pub out_of_charter: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    #[arg(add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Percent of a full-time person
    #[arg(long, value_parser = parse_percent)]
    pub allocation: u32,
    /// Default: the charter start
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Default: the charter end
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// A tentative assignment, not yet agreed
    #[arg(long)]
    pub proposed: bool,
    #[arg(long)]
    pub role: Option<String>,
    /// Hand this load over from PERSON: their assignment on the project covering these dates
    /// loses the same allocation over them (what `pm balance` proposes)
    #[arg(long, value_name = "PERSON", add = ArgValueCandidates::new(complete::people))]
    pub instead_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    #[arg(add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// End the assignment the day before DATE instead of removing it
    #[arg(long, value_parser = parse_date)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ReassignArgs {
    #[arg(add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// The project the person leaves
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub from_project: String,
    /// The project the person joins
    #[arg(long, value_name = "PROJECT", add = ArgValueCandidates::new(complete::projects))]
    pub to_project: String,
    /// First day on the new project (the old assignment ends the day before)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: NaiveDate,
    /// Percent on the new project (default: the old assignment's)
    #[arg(long, value_parser = parse_percent)]
    pub allocation: Option<u32>,
    /// Last day on the new project (default: the old assignment's last day)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Ask the program manager for someone with these skills
    Add(RequestAddArgs),
    /// List open staffing requests
    List(RequestListArgs),
    /// Fill a request with a person: adds their assignment and marks the request filled
    Fill(RequestFillArgs),
}

#[derive(Debug, Args)]
pub struct RequestAddArgs {
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: String,
    /// Comma-separated skills the person must all have
    #[arg(long, value_delimiter = ',', required = true)]
    pub skills: Vec<String>,
    /// Percent of a full-time person
    #[arg(long, value_parser = parse_percent)]
    pub allocation: u32,
    /// Default: the charter start
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Default: the charter end
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Why the project needs someone
    #[arg(long)]
    pub reason: String,
    /// Request id (default: a slug of the skills)
    #[arg(long)]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct RequestListArgs {
    /// Only this project
    #[arg(add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    /// Filled and withdrawn requests too
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct RequestFillArgs {
    /// The request, as PROJECT/REQUEST (e.g. comms-relay/rf-engineer)
    #[arg(add = ArgValueCandidates::new(complete::requests))]
    pub request: String,
    /// The person who takes it on
    #[arg(long, add = ArgValueCandidates::new(complete::people))]
    pub person: String,
    /// Fill it even if the person would be over-allocated or unavailable
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = BalanceFormat::Table)]
    pub format: BalanceFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BalanceFormat {
    /// One block per proposal, for people
    Table,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Exit 0 whatever is found (2 still means pm could not check)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print what a rule checks and how to fix its findings (code or name: PM201, over-allocation)
    #[arg(long, value_name = "RULE", add = ArgValueCandidates::new(complete::rules))]
    pub explain: Option<String>,
    /// Show only the findings that Git revision REV does not have (a branch, tag or commit,
    /// e.g. origin/main); the exit status counts only those
    #[arg(long, value_name = "REV", conflicts_with = "explain")]
    pub base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable blocks in rustc style, with the source lines
    Human,
    /// JSON for scripts (schema_version 1)
    Json,
    /// GitHub Actions workflow commands (annotations on a pull request)
    Github,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision before the change (a branch, tag or commit) [default: HEAD]
    #[arg(value_name = "BASE")]
    pub base: Option<String>,
    /// The revision after the change [default: the work tree as it is]
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Sections of plain lines, for people
    Human,
    /// For a pull-request comment or $GITHUB_STEP_SUMMARY
    Markdown,
    /// JSON for scripts (schema_version 1)
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// What to report
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// Output format (mermaid: gantt only)
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// First day reported (allocation, gantt); default: the program start
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day reported (allocation, gantt); default: the program end
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Column period of the allocation report [default: month]
    #[arg(long, value_enum)]
    pub by: Option<ReportPeriod>,
    /// Count proposed assignments in the allocation report, not only committed ones
    #[arg(long)]
    pub include_proposed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// People x periods: the highest daily load % in each period
    Allocation,
    /// Each project's charter, progress, effort, staffing and findings
    Projects,
    /// The pool: load today, projects now, skills, free from
    People,
    /// Deliverables and exclusions with their work, and the out-of-charter work
    Scope,
    /// Open staffing requests with their best candidates
    Requests,
    /// Dated deliverables and work per project (`--format mermaid` draws it)
    Gantt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table fitted to the terminal
    Table,
    /// RFC 4180 CSV with a header row; formulas guarded
    Csv,
    /// JSON for scripts (schema_version 1)
    Json,
    /// The JSON document as YAML, quoted for YAML 1.1 and 1.2 readers
    Yaml,
    /// A GitHub table (gantt: the Mermaid chart in a fence)
    Markdown,
    /// The Mermaid gantt diagram itself (gantt only)
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportPeriod {
    /// ISO weeks, Monday to Sunday
    Week,
    /// Calendar months
    Month,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Microsoft Project XML (MSPDI), which MS Project and ProjectLibre open
    Mspdi(ExportArgs),
    /// An iCalendar file: deliverable due dates, charter windows and time off as all-day events
    Ical(ExportArgs),
    /// A report as CSV, the same as `pm report KIND --format csv`
    Csv(ExportCsvArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this project, and the people it involves
    #[arg(long, add = ArgValueCandidates::new(complete::projects))]
    pub project: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    /// Which report
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// First day reported (allocation, gantt); default: the program start
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day reported (allocation, gantt); default: the program end
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Column period of the allocation report [default: month]
    #[arg(long, value_enum)]
    pub by: Option<ReportPeriod>,
    /// Count proposed assignments in the allocation report, not only committed ones
    #[arg(long)]
    pub include_proposed: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE (atomically) instead of printing
    #[arg(short = 'o', long, value_name = "FILE", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub output: Option<PathBuf>,
    /// With --output: write even inside the program folder, where Git would pick the file up
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Add or update people of the pool from a CSV file (columns id, name, capacity, skills,
    /// start, end)
    People(ImportPeopleArgs),
    /// Create a project from a Microsoft Project XML (MSPDI) plan
    Mspdi(ImportMspdiArgs),
}

#[derive(Debug, Args)]
pub struct ImportPeopleArgs {
    /// The CSV file; its first line names the columns
    #[arg(value_name = "FILE.csv", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub file: PathBuf,
    /// Print the change as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportMspdiArgs {
    /// The plan, as MS Project or ProjectLibre save it in XML
    #[arg(value_name = "FILE.xml", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub file: PathBuf,
    /// The id of the new project (also its file name)
    #[arg(long)]
    pub project: String,
    /// Match resources to pool ids through this CSV file (columns resource,person)
    #[arg(long, value_name = "FILE.csv", add = ArgValueCompleter::new(PathCompleter::file()))]
    pub map: Option<PathBuf>,
    /// The top-level task to import (its name or pm id), when the plan holds several projects
    #[arg(long, value_name = "TASK")]
    pub task: Option<String>,
    /// Print the new file as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the only transport; accepted because many editors pass it)
    #[arg(long)]
    pub stdio: bool,
}
